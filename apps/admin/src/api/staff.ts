// Staff accounts (admins manage them) and the logged-in account's own password.
import { useQuery } from '@tanstack/react-query';
import type { StaffRole } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import type { StaffAccount } from './types';
import { useAuth } from '../app/auth';

export const staffKeys = {
  all: ['staff'] as const,
  list: () => [...staffKeys.all, 'list'] as const,
};

/** Staff accounts (admins only; others get an empty list). */
export function useStaffAccounts() {
  const { can } = useAuth();
  return useQuery({
    queryKey: staffKeys.list(),
    queryFn: () => api.get<StaffAccount[]>('/staff'),
    enabled: can('staff.manage'),
    staleTime: 60_000,
  });
}

export interface StaffInput {
  username: string;
  displayName: string;
  password: string;
  role: StaffRole;
}

export function useCreateStaff(callbacks?: Callbacks<StaffAccount, StaffInput>) {
  return useApiMutation({
    mutationFn: (input: StaffInput) => api.post<StaffAccount>('/staff', input),
    invalidates: [staffKeys.all],
    ...callbacks,
  });
}

export interface StaffPatch {
  id: string;
  patch: Partial<Pick<StaffAccount, 'role' | 'active'>>;
}

export function useUpdateStaff(callbacks?: Callbacks<StaffAccount, StaffPatch>) {
  return useApiMutation({
    mutationFn: ({ id, patch }: StaffPatch) => api.patch<StaffAccount>(`/staff/${id}`, patch),
    invalidates: [staffKeys.all],
    ...callbacks,
  });
}

/** An admin sets someone else's password; the server ends that account's sessions. */
export function useSetStaffPassword(id: string, callbacks?: Callbacks<StaffAccount, string>) {
  return useApiMutation({
    mutationFn: (password: string) => api.patch<StaffAccount>(`/staff/${id}`, { password }),
    ...callbacks,
  });
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

export function useChangeOwnPassword(callbacks?: Callbacks<void, PasswordChange>) {
  return useApiMutation({
    mutationFn: (change: PasswordChange) => api.post<void>('/auth/password', change),
    ...callbacks,
  });
}
