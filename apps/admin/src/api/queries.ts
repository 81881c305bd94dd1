// Shared queries (lists several pages need). Keys are arrays rooted at the resource name so a mutation can
// invalidate everything about a resource at once.
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Device, Machine, MachineType, Page, Qualification, Site, StaffAccount } from './types';
import { useAuth } from '../app/auth';

export function useSites() {
  return useQuery({ queryKey: ['sites'], queryFn: () => api.get<Site[]>('/sites'), staleTime: 60_000 });
}

export function useMachineTypes() {
  return useQuery({
    queryKey: ['machine-types'],
    queryFn: () => api.get<MachineType[]>('/machine-types'),
    staleTime: 60_000,
  });
}

export function useQualifications() {
  return useQuery({
    queryKey: ['qualifications'],
    queryFn: () => api.get<Qualification[]>('/qualifications'),
    staleTime: 60_000,
  });
}

/** All machines (a lab has dozens, a region a few hundred: two pages of 200 at most in practice). */
export function useAllMachines(siteId?: string) {
  return useQuery({
    queryKey: ['machines', 'all', siteId ?? ''],
    queryFn: async () => {
      const items: Machine[] = [];
      for (let page = 1; page <= 10; page++) {
        const res = await api.get<Page<Machine>>('/machines', { siteId, page, pageSize: 200 });
        items.push(...res.items);
        if (items.length >= res.total || res.items.length === 0) break;
      }
      return items;
    },
    staleTime: 30_000,
  });
}

/** Registered devices (all sites; pages filter by site). */
export function useDevices() {
  const { can } = useAuth();
  return useQuery({
    queryKey: ['devices'],
    queryFn: () => api.get<Device[]>('/devices'),
    staleTime: 30_000,
    retry: false,
    // The device list is for office roles (it carries MQTT account names).
    enabled: can('devices.view'),
  });
}

/** Staff accounts (admins only; others get an empty list). */
export function useStaffAccounts() {
  const { can } = useAuth();
  const allowed = can('staff.manage');
  return useQuery({
    queryKey: ['staff'],
    queryFn: () => api.get<StaffAccount[]>('/staff'),
    enabled: allowed,
    staleTime: 60_000,
  });
}
