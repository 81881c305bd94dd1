// Events, series, partner organisations, registrations and the attendance screen at the door.
import { useQuery } from '@tanstack/react-query';
import type {
  AttendanceSheet,
  Event,
  EventFormat,
  EventSeries,
  Partner,
  PartnerType,
  Registration,
  SeriesFrequency,
  TargetGroup,
} from '@werkbank/contracts';
import { api, withQuery } from './client';
import { useApiMutation, type Callbacks } from './mutations';

export type { AttendanceSheet, Event, EventSeries, Partner, Registration };

export const eventKeys = {
  all: ['events'] as const,
  list: (filter: EventFilter) => [...eventKeys.all, 'list', filter] as const,
  sheet: (id: string) => [...eventKeys.all, 'sheet', id] as const,
  partners: ['partners'] as const,
};

export interface EventFilter {
  from?: string;
  to?: string;
  siteId?: string;
}

export function useEvents(filter: EventFilter) {
  return useQuery({
    queryKey: eventKeys.list(filter),
    queryFn: () => api.get<Event[]>(withQuery('/events', { ...filter })),
  });
}

export function usePartners() {
  return useQuery({ queryKey: eventKeys.partners, queryFn: () => api.get<Partner[]>('/partners') });
}

export function useCreatePartner(callbacks?: Callbacks<Partner, { name: string; type: PartnerType }>) {
  return useApiMutation({
    mutationFn: (input: { name: string; type: PartnerType }) => api.post<Partner>('/partners', input),
    invalidates: [eventKeys.partners],
    ...callbacks,
  });
}

export function useDeletePartner(callbacks?: Callbacks<void, string>) {
  return useApiMutation({
    mutationFn: (id: string) => api.delete<void>(`/partners/${id}`),
    invalidates: [eventKeys.partners],
    ...callbacks,
  });
}

interface TemplateInput {
  title: string;
  description?: string;
  format: EventFormat;
  siteId: string;
  capacity?: number | null;
  partnerIds: string[];
  targetGroups: TargetGroup[];
  public: boolean;
}

export interface EventInput extends TemplateInput {
  startsAt: string;
  endsAt: string;
}

export interface SeriesInput extends TemplateInput {
  frequency: SeriesFrequency;
  startDate: string;
  startTime: string;
  endTime: string;
  until?: string;
  count?: number;
}

export function useCreateEvent(callbacks?: Callbacks<Event, EventInput>) {
  return useApiMutation({
    mutationFn: (input: EventInput) => api.post<Event>('/events', input),
    invalidates: [eventKeys.all],
    ...callbacks,
  });
}

export function useCreateSeries(callbacks?: Callbacks<EventSeries, SeriesInput>) {
  return useApiMutation({
    mutationFn: (input: SeriesInput) => api.post<EventSeries>('/event-series', input),
    invalidates: [eventKeys.all],
    ...callbacks,
  });
}

export function useCancelEvent(callbacks?: Callbacks<void, string>) {
  return useApiMutation({
    mutationFn: (id: string) => api.delete<void>(`/events/${id}`),
    invalidates: [eventKeys.all],
    ...callbacks,
  });
}

export function useAttendanceSheet(eventId: string) {
  return useQuery({
    queryKey: eventKeys.sheet(eventId),
    queryFn: () => api.get<AttendanceSheet>(`/events/${eventId}/attendance`),
    refetchInterval: 15_000,
  });
}

export function useMarkAttendance(eventId: string) {
  return useApiMutation({
    mutationFn: (v: { registrationId: string; attended: boolean }) =>
      api.post<Registration>(`/events/${eventId}/registrations/${v.registrationId}/attendance`, {
        attended: v.attended,
      }),
    invalidates: [eventKeys.sheet(eventId)],
  });
}

export function useAttendanceCounts(eventId: string) {
  return useApiMutation({
    mutationFn: (v: { walkIns?: number; headcount?: number | null }) =>
      api.patch<AttendanceSheet>(`/events/${eventId}/attendance`, v),
    update: (client, sheet) => client.setQueryData(eventKeys.sheet(eventId), sheet),
  });
}

export function useRegister(eventId: string, callbacks?: Callbacks<Registration, RegistrationInput>) {
  return useApiMutation({
    mutationFn: (v: RegistrationInput) => api.post<Registration>(`/events/${eventId}/registrations`, v),
    invalidates: [eventKeys.sheet(eventId)],
    ...callbacks,
  });
}

export type RegistrationInput = { memberId: string } | { label: string; count: number };

/** Someone at the door without a registration (a member: their row is ticked if they have one). */
export function useWalkIn(eventId: string) {
  return useApiMutation({
    mutationFn: (v: RegistrationInput) => api.post<Registration>(`/events/${eventId}/walk-ins`, v),
    invalidates: [eventKeys.sheet(eventId)],
  });
}
