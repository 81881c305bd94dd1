// Trainings: recording and revoking them, a member's standing, and what runs out soon.
import { useQuery } from '@tanstack/react-query';
import type { QualificationLevel } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import type { ExpiringItem, Standing, TrainingRecord } from './types';

export const trainingKeys = {
  standing: ['standing'] as const,
  /** What one member may use: the qualifications they hold, with expiry. */
  standingOf: (memberId: string) => [...trainingKeys.standing, memberId] as const,
  expiring: ['expiring'] as const,
  expiringWithin: (days: number) => [...trainingKeys.expiring, days] as const,
};

export function useStanding(memberId: string) {
  return useQuery({
    queryKey: trainingKeys.standingOf(memberId),
    queryFn: () => api.get<Standing[]>(`/members/${memberId}/qualifications`),
  });
}

export function useExpiring(days: number) {
  return useQuery({
    queryKey: trainingKeys.expiringWithin(days),
    queryFn: () => api.get<ExpiringItem[]>('/trainings/expiring', { days }),
  });
}

export interface TrainingInput {
  qualificationId: string;
  memberIds: string[];
  level: QualificationLevel;
  trainerId?: string;
  trainedOn: string;
  /** Where it was held (report M9); the server takes the lab's only site when left out. */
  siteId?: string;
  contentVersion?: string;
  comment?: string;
}

/** One training for a group: one record per participant. */
export function useRecordTraining(callbacks?: Callbacks<TrainingRecord[], TrainingInput>) {
  return useApiMutation({
    mutationFn: (input: TrainingInput) => api.post<TrainingRecord[]>('/trainings', input),
    invalidates: [trainingKeys.standing, trainingKeys.expiring],
    ...callbacks,
  });
}

export interface RevocationInput {
  qualificationId: string;
  comment: string;
}

export function useRevokeTraining(memberId: string, callbacks?: Callbacks<unknown, RevocationInput>) {
  return useApiMutation({
    mutationFn: (input: RevocationInput) => api.post('/trainings/revocations', { ...input, memberId }),
    invalidates: [trainingKeys.standingOf(memberId)],
    ...callbacks,
  });
}
