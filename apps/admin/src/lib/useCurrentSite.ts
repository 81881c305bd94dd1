import { useEffect, useState } from 'react';
import { useSites } from '../api/queries';
import type { Site } from '../api/types';

const KEY = 'werkbank.site';

/** The site the front desk works at, remembered on this device; the first site until one is chosen. */
export function useCurrentSite(): {
  site: Site | null;
  siteId: string;
  setSiteId(id: string): void;
  sites: Site[];
  loading: boolean;
  error: unknown;
} {
  const sites = useSites();
  const [siteId, setSiteIdState] = useState<string>(() => {
    try {
      return localStorage.getItem(KEY) ?? '';
    } catch {
      return '';
    }
  });
  const list = sites.data ?? [];
  const site = list.find((s) => s.id === siteId) ?? list.find((s) => s.kind === 'fixed') ?? list[0] ?? null;
  useEffect(() => {
    if (site && site.id !== siteId) setSiteIdState(site.id);
  }, [site, siteId]);
  const setSiteId = (id: string) => {
    setSiteIdState(id);
    try {
      localStorage.setItem(KEY, id);
    } catch {
      /* storage disabled */
    }
  };
  return {
    site,
    siteId: site?.id ?? '',
    setSiteId,
    sites: list,
    loading: sites.isPending,
    error: sites.error,
  };
}
