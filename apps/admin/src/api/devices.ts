// The device list as other pages read it (the Devices page owns the device mutations).
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Device } from './types';
import { useAuth } from '../app/auth';

export const deviceKeys = {
  all: ['devices'] as const,
  // The list is the root key itself: the Devices page writes live online states into `['devices']` directly.
  list: () => deviceKeys.all,
};

/** Registered devices (all sites; pages filter by site). */
export function useDevices() {
  const { can } = useAuth();
  return useQuery({
    queryKey: deviceKeys.list(),
    queryFn: () => api.get<Device[]>('/devices'),
    staleTime: 30_000,
    retry: false,
    // The device list is for office roles (it carries MQTT account names).
    enabled: can('devices.view'),
  });
}
