// Volunteer hours: staff log for anyone, trainers for themselves.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { VolunteerHours, VolunteerHoursPage } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';

export const volunteerKeys = {
  all: ['volunteer-hours'] as const,
  list: (filter: VolunteerFilter, page: number) => [...volunteerKeys.all, filter, page] as const,
};

export interface VolunteerFilter {
  siteId: string;
  from: string;
  to: string;
}

export interface VolunteerInput {
  memberId?: string;
  siteId: string;
  date: string;
  hours: number;
  activity: string;
}

export function useVolunteerHours(filter: VolunteerFilter, page: number, pageSize = 50) {
  return useQuery({
    queryKey: volunteerKeys.list(filter, page),
    queryFn: () => api.get<VolunteerHoursPage>('/volunteer-hours', { ...filter, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useLogHours(callbacks?: Callbacks<VolunteerHours, VolunteerInput>) {
  return useApiMutation({
    mutationFn: (input: VolunteerInput) => api.post<VolunteerHours>('/volunteer-hours', input),
    invalidates: [volunteerKeys.all],
    ...callbacks,
  });
}

export function useDeleteHours(callbacks?: Callbacks<unknown, string>) {
  return useApiMutation({
    mutationFn: (id: string) => api.delete(`/volunteer-hours/${id}`),
    invalidates: [volunteerKeys.all],
    ...callbacks,
  });
}
