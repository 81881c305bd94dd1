// Mobile-lab requests: the public form and status page (no login) and the staff inbox.
import { useQuery } from '@tanstack/react-query';
import type { InstitutionType, LabRequestState, LabTopic } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import { siteKeys } from './sites';
import type { DateRange, LabRequest, LabRequestReceipt, LabRequestStatus, PublicMobileLabs } from './types';

export const labRequestKeys = {
  all: ['lab-requests'] as const,
  list: (state: string) => [...labRequestKeys.all, 'list', state] as const,
  detail: (id: string) => [...labRequestKeys.all, 'detail', id] as const,
  status: (token: string) => ['public-lab-request', token] as const,
  labs: ['public-mobile-labs'] as const,
};

/** The labs and a fresh form token; not refetched while the form is open (the token's age is the point). */
export function usePublicMobileLabs() {
  return useQuery({
    queryKey: labRequestKeys.labs,
    queryFn: () => api.get<PublicMobileLabs>('/public/mobile-labs'),
    staleTime: Infinity,
    gcTime: 0,
  });
}

export interface LabRequestInput {
  formToken: string;
  website: string;
  siteId: string;
  institution: string;
  institutionType: InstitutionType;
  contactName: string;
  email: string;
  phone?: string;
  wishedDates: DateRange[];
  place: string;
  municipalityKey: string;
  participants: number;
  topics: LabTopic[];
  topicsText?: string;
  message?: string;
  consent: boolean;
  language: 'de' | 'en';
}

export function useSubmitLabRequest(callbacks?: Callbacks<LabRequestReceipt, LabRequestInput>) {
  return useApiMutation({
    mutationFn: (input: LabRequestInput) => api.post<LabRequestReceipt>('/public/lab-requests', input),
    ...callbacks,
  });
}

export function useRequestStatus(token: string) {
  return useQuery({
    queryKey: labRequestKeys.status(token),
    queryFn: () => api.get<LabRequestStatus>(`/public/lab-requests/${encodeURIComponent(token)}`),
  });
}

export function useRequesterStep(token: string) {
  return useApiMutation({
    mutationFn: (step: { kind: 'withdraw' } | { kind: 'accept'; index: number }) =>
      step.kind === 'withdraw'
        ? api.post<LabRequestStatus>(`/public/lab-requests/${encodeURIComponent(token)}/withdraw`)
        : api.post<LabRequestStatus>(`/public/lab-requests/${encodeURIComponent(token)}/accept-proposal`, {
            index: step.index,
          }),
    update: (client, status) => client.setQueryData(labRequestKeys.status(token), status),
  });
}

export function useLabRequests(state: LabRequestState | '') {
  return useQuery({
    queryKey: labRequestKeys.list(state),
    queryFn: () => api.get<LabRequest[]>('/lab-requests', { state }),
  });
}

export function useLabRequest(id: string | undefined) {
  return useQuery({
    queryKey: labRequestKeys.detail(id ?? ''),
    queryFn: () => api.get<LabRequest>(`/lab-requests/${id}`),
    enabled: !!id,
  });
}

export type StaffStep =
  | { kind: 'accept'; startsOn: string; endsOn: string; place?: string; message?: string }
  | { kind: 'decline'; message: string }
  | { kind: 'propose'; dates: DateRange[]; message: string };

export function useStaffStep(id: string, callbacks?: Callbacks<LabRequest, StaffStep>) {
  return useApiMutation({
    mutationFn: ({ kind, ...body }: StaffStep) => api.post<LabRequest>(`/lab-requests/${id}/${kind}`, body),
    update: (client, r) => client.setQueryData(labRequestKeys.detail(id), r),
    invalidates: (r) => [labRequestKeys.all, siteKeys.deployments(r.siteId)],
    ...callbacks,
  });
}
