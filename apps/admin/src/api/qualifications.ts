// Qualifications (what a training grants) and their prerequisites.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import type { Qualification } from './types';

export const qualificationKeys = {
  all: ['qualifications'] as const,
  list: () => [...qualificationKeys.all, 'list'] as const,
  detail: (id: string) => [...qualificationKeys.all, 'detail', id] as const,
};

export function useQualifications() {
  return useQuery({
    queryKey: qualificationKeys.list(),
    queryFn: () => api.get<Qualification[]>('/qualifications'),
    staleTime: 60_000,
  });
}

export function useQualification(id: string) {
  return useQuery({
    queryKey: qualificationKeys.detail(id),
    queryFn: () => api.get<Qualification>(`/qualifications/${id}`),
  });
}

export type QualificationInput = Pick<
  Qualification,
  'name' | 'validityMonths' | 'validityMonthsMinors' | 'currentContentVersion' | 'prerequisiteIds'
> & { machineTypeId?: string };

/** Creates a qualification, or changes `existingId` (whose machine type stays). */
export function useSaveQualification(
  existingId: string | null,
  callbacks?: Callbacks<Qualification, QualificationInput>,
) {
  return useApiMutation({
    mutationFn: ({ machineTypeId, ...body }: QualificationInput) =>
      existingId
        ? api.patch<Qualification>(`/qualifications/${existingId}`, body)
        : api.post<Qualification>('/qualifications', { ...body, machineTypeId }),
    invalidates: [qualificationKeys.all],
    ...callbacks,
  });
}
