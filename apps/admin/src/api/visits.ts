// Visits at the front desk: check-ins (a member or an anonymous visitor), headcounts, and the day's counts.
import { useQuery } from '@tanstack/react-query';
import type { AgeBand, Gender, Visit, VisitHeadcount, VisitSummary } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import { usageKeys } from './usage';

export const visitKeys = {
  all: ['visit-counts'] as const,
  summary: (siteId: string, deploymentId: string, from: string, to: string) =>
    [...visitKeys.all, siteId, deploymentId, from, to] as const,
};

/** Where: the site, or one of its deployments (a mobile lab's stop). */
export interface VisitPlace {
  siteId: string;
  deploymentId?: string;
}

export type CheckInInput = VisitPlace &
  ({ memberId: string } | { anonymous: true; ageBand?: AgeBand; gender?: Gender });

export interface HeadcountInput extends VisitPlace {
  count: number;
  day?: string;
  note?: string;
}

/** Counts per local day of the site (or one deployment): entries, persons, anonymous, headcount. */
export function useVisitSummary(siteId: string, deploymentId: string, from: string, to: string) {
  return useQuery({
    queryKey: visitKeys.summary(siteId, deploymentId, from, to),
    queryFn: () =>
      api.get<VisitSummary>('/visits/summary', { siteId, deploymentId: deploymentId || undefined, from, to }),
    enabled: siteId !== '',
  });
}

const stale = [visitKeys.all, usageKeys.visits];

export function useCheckIn(callbacks?: Callbacks<Visit, CheckInInput>) {
  return useApiMutation({
    mutationFn: (input: CheckInInput) => api.post<Visit>('/visits', input),
    invalidates: stale,
    ...callbacks,
  });
}

/** Undo a mistaken check-in made at the front desk. */
export function useUndoCheckIn(callbacks?: Callbacks<unknown, string>) {
  return useApiMutation({
    mutationFn: (id: string) => api.delete(`/visits/${id}`),
    invalidates: stale,
    ...callbacks,
  });
}

export function useHeadcount(callbacks?: Callbacks<VisitHeadcount, HeadcountInput>) {
  return useApiMutation({
    mutationFn: (input: HeadcountInput) => api.post<VisitHeadcount>('/visits/headcount', input),
    invalidates: stale,
    ...callbacks,
  });
}
