// Machine sessions and site visits: the usage statistics, its CSV export, and one member's activity.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from './client';
import type { Page, UsageSession } from './types';

export interface SessionFilter {
  siteId: string;
  machineId: string;
  /** Instants, `to` exclusive. */
  from: string;
  to: string;
}

export interface Visit {
  id: string;
  siteId: string;
  at: string;
  source: string;
}

export const usageKeys = {
  sessions: ['sessions'] as const,
  sessionList: (filter: SessionFilter, page: number) =>
    [...usageKeys.sessions, 'list', filter, page] as const,
  sessionChart: (filter: SessionFilter) => [...usageKeys.sessions, 'chart', filter] as const,
  sessionsOf: (memberKey: string) => [...usageKeys.sessions, 'member', memberKey] as const,
  visits: ['visits'] as const,
  visitsOf: (memberKey: string) => [...usageKeys.visits, 'member', memberKey] as const,
};

/** The CSV export of the same filter (downloaded with progress, so the page needs the URL itself). */
export const sessionsCsvUrl = (filter: SessionFilter) => withQuery('/api/sessions.csv', { ...filter });

export function useSessionPage(filter: SessionFilter, page: number, pageSize: number) {
  return useQuery({
    queryKey: usageKeys.sessionList(filter, page),
    queryFn: () => api.get<Page<UsageSession>>('/sessions', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Every session of the filter, page by page up to `limit`, with the full total (to say when it was cut). */
export function useAllSessions(filter: SessionFilter, limit: number, { enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: usageKeys.sessionChart(filter),
    queryFn: async () => {
      const items: UsageSession[] = [];
      let total = 0;
      for (let p = 1; items.length < limit; p++) {
        const res = await api.get<Page<UsageSession>>('/sessions', { ...filter, page: p, pageSize: 200 });
        items.push(...res.items);
        total = res.total;
        if (items.length >= res.total || res.items.length === 0) break;
      }
      return { items, total };
    },
    enabled,
    retry: false,
  });
}

/** A member's latest sessions; activity records carry the pseudonymous member key, so the lookup goes by key. */
export function useMemberSessions(memberKey: string) {
  return useQuery({
    queryKey: usageKeys.sessionsOf(memberKey),
    queryFn: () => api.get<Page<UsageSession>>('/sessions', { memberKey, pageSize: 20, order: 'desc' }),
    retry: false,
  });
}

export function useMemberVisits(memberKey: string) {
  return useQuery({
    queryKey: usageKeys.visitsOf(memberKey),
    queryFn: () => api.get<Page<Visit>>('/visits', { memberKey, pageSize: 20, order: 'desc' }),
    retry: false,
  });
}
