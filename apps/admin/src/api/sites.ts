// Sites, their opening hours, mobile-lab deployments and who is present on site.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import type { Deployment, OpeningHours, Site } from './types';

export const siteKeys = {
  all: ['sites'] as const,
  list: () => [...siteKeys.all, 'list'] as const,
  detail: (id: string) => [...siteKeys.all, 'detail', id] as const,
  deployments: (siteId: string) => [...siteKeys.all, 'deployments', siteId] as const,
  presence: (siteId: string) => [...siteKeys.all, 'presence', siteId] as const,
};

export function useSites() {
  return useQuery({ queryKey: siteKeys.list(), queryFn: () => api.get<Site[]>('/sites'), staleTime: 60_000 });
}

export function useSite(id: string) {
  return useQuery({ queryKey: siteKeys.detail(id), queryFn: () => api.get<Site>(`/sites/${id}`) });
}

export interface SiteInput {
  name: string;
  kind: Site['kind'];
  timezone: string;
  address?: string;
  municipalityKey?: string;
}

export function useCreateSite(callbacks?: Callbacks<Site, SiteInput>) {
  return useApiMutation({
    mutationFn: (input: SiteInput) => api.post<Site>('/sites', input),
    invalidates: [siteKeys.list()],
    ...callbacks,
  });
}

export function useSaveOpeningHours(siteId: string, callbacks?: Callbacks<Site, OpeningHours[]>) {
  return useApiMutation({
    // Only the three fields: the rows from GET also carry ids, which the API refuses on input.
    mutationFn: (rows: OpeningHours[]) =>
      api.patch<Site>(`/sites/${siteId}`, {
        openingHours: rows.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      }),
    update: (client, site) => client.setQueryData(siteKeys.detail(siteId), site),
    invalidates: [siteKeys.list()],
    ...callbacks,
  });
}

export function useDeployments(siteId: string) {
  return useQuery({
    queryKey: siteKeys.deployments(siteId),
    queryFn: () => api.get<Deployment[]>(`/sites/${siteId}/deployments`),
  });
}

export type DeploymentInput = Pick<Deployment, 'startsOn' | 'endsOn' | 'place'> & {
  municipalityKey?: string;
  bookingInstitution?: string;
};

export function useAddDeployment(siteId: string, callbacks?: Callbacks<Deployment, DeploymentInput>) {
  return useApiMutation({
    mutationFn: (input: DeploymentInput) => api.post<Deployment>(`/sites/${siteId}/deployments`, input),
    invalidates: [siteKeys.deployments(siteId)],
    ...callbacks,
  });
}

export interface PresenceAnswer {
  staffIds: string[];
  staff: { id: string; displayName: string; arrivedAt: string | null }[];
  /** Active accounts the front desk may mark present (sent to staff and admins only). */
  candidates?: { id: string; displayName: string }[];
}

export function usePresence(siteId: string) {
  return useQuery({
    queryKey: siteKeys.presence(siteId),
    queryFn: () => api.get<PresenceAnswer>(`/sites/${siteId}/presence`),
    retry: false,
    enabled: !!siteId,
    refetchInterval: 60_000,
  });
}

export interface PresenceChange {
  staffId: string;
  present: boolean;
  name: string;
}

export function useChangePresence(siteId: string, callbacks?: Callbacks<PresenceAnswer, PresenceChange>) {
  return useApiMutation({
    mutationFn: (v: PresenceChange) =>
      api.post<PresenceAnswer>(`/sites/${siteId}/presence`, { present: v.present, staffId: v.staffId }),
    update: (client, answer) => client.setQueryData(siteKeys.presence(siteId), answer),
    ...callbacks,
  });
}
