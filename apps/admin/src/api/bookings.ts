// Machine bookings (docs/bookings.md): the calendar's list, booking a slot, cancelling one.
import { useQuery } from '@tanstack/react-query';
import type { Booking } from '@werkbank/contracts';
import { api, withQuery } from './client';
import { useApiMutation, type Callbacks } from './mutations';

export type { Booking };

export interface BookingFilter {
  /** ISO instants; the server allows at most 62 days. */
  from: string;
  to: string;
  siteId?: string;
  machineId?: string;
}

export interface BookingInput {
  machineId: string;
  memberId: string;
  startsAt: string;
  endsAt: string;
  note?: string;
}

export const bookingKeys = {
  all: ['bookings'] as const,
  list: (filter: BookingFilter) => [...bookingKeys.all, 'list', filter] as const,
};

/** Active bookings that touch [from, to), by start. */
export function useBookings(filter: BookingFilter, enabled = true) {
  return useQuery({
    queryKey: bookingKeys.list(filter),
    queryFn: () => api.get<Booking[]>(withQuery('/bookings', { ...filter })),
    enabled,
  });
}

export function useCreateBooking(callbacks?: Callbacks<Booking, BookingInput>) {
  return useApiMutation({
    mutationFn: (input: BookingInput) => api.post<Booking>('/bookings', input),
    invalidates: [bookingKeys.all],
    ...callbacks,
  });
}

/** Cancels a booking (the row stays, status cancelled). */
export function useCancelBooking(callbacks?: Callbacks<Booking, string>) {
  return useApiMutation({
    mutationFn: (id: string) => api.delete<Booking>(`/bookings/${id}`),
    invalidates: [bookingKeys.all],
    ...callbacks,
  });
}
