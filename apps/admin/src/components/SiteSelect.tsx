import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Site } from '../api/types';

export function SiteSelect({
  sites,
  value,
  onChange,
  allowAll,
}: {
  sites: Site[];
  value: string;
  onChange(id: string): void;
  allowAll?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{t('sites.site')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowAll && <option value="">{t('common.all')}</option>}
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A list page's site filter: the `siteId` search parameter ('' for all sites) and its setter. */
export function useSiteFilter(): [string, (id: string) => void] {
  const [params, setParams] = useSearchParams();
  return [params.get('siteId') ?? '', (id) => setParams(id ? { siteId: id } : {}, { replace: true })];
}

/** The filter above a list of all sites' things: only where there is more than one site to choose. */
export function SiteFilter({
  sites,
  value,
  onChange,
}: {
  sites?: Site[];
  value: string;
  onChange(id: string): void;
}) {
  if ((sites?.length ?? 0) < 2) return null;
  return <SiteSelect sites={sites ?? []} value={value} allowAll onChange={onChange} />;
}
