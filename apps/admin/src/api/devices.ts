// Devices: the registry (list, register, change, new password, removal), the families the server speaks, the
// live online states, and the files for an external Mosquitto.
import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeviceAvailabilityEvent, DeviceFamilyItem } from '@werkbank/contracts';
import { api } from './client';
import { useApiMutation, type Callbacks } from './mutations';
import type { Device, DeviceCreated, DeviceInput } from './types';
import { useAuth } from '../app/auth';

export const deviceKeys = {
  all: ['devices'] as const,
  // The list is the root key itself: the live online states are written into it (useDeviceAvailability), and
  // every page that shows devices reads this one list.
  list: () => deviceKeys.all,
};

/** The families are fixed while the server runs: their own root, so a device change does not refetch them. */
export const deviceFamilyKeys = {
  all: ['device-families'] as const,
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

/** The families the server speaks: fixed while it runs, so fetched once per session. */
export function useDeviceFamilies(enabled = true) {
  return useQuery({
    queryKey: deviceFamilyKeys.all,
    queryFn: () => api.get<DeviceFamilyItem[]>('/device-families'),
    staleTime: Infinity,
    enabled,
  });
}

/** The device list kept current from the live socket's `device` events. */
export function useDeviceAvailability() {
  const client = useQueryClient();
  return useMemo(
    () => ({
      setOnline: (e: DeviceAvailabilityEvent) =>
        client.setQueryData<Device[]>(deviceKeys.list(), (list) =>
          list?.map((d) =>
            d.id === e.deviceId
              ? { ...d, online: e.online, bridge: e.bridge === undefined ? d.bridge : e.bridge }
              : d,
          ),
        ),
      reload: () => client.invalidateQueries({ queryKey: deviceKeys.list() }),
    }),
    [client],
  );
}

/** A new device; `options` only where they differ from the family's defaults. */
export type DeviceCreateInput = DeviceInput & { options?: Record<string, string> };

/** The answer carries the MQTT password, once. */
export function useCreateDevice(callbacks?: Callbacks<DeviceCreated, DeviceCreateInput>) {
  return useApiMutation({
    mutationFn: (input: DeviceCreateInput) => api.post<DeviceCreated>('/devices', input),
    invalidates: [deviceKeys.all],
    ...callbacks,
  });
}

/** What an edit may change; `options` replace the stored ones as a whole. */
export type DevicePatch = Partial<Pick<Device, 'name' | 'address' | 'machineId'>> & {
  options?: Record<string, string> | null;
};

export function useUpdateDevice(id: string, callbacks?: Callbacks<Device, DevicePatch>) {
  return useApiMutation({
    mutationFn: (patch: DevicePatch) => api.patch<Device>(`/devices/${id}`, patch),
    invalidates: [deviceKeys.all],
    ...callbacks,
  });
}

export function useDeleteDevice(id: string, callbacks?: Callbacks<void>) {
  return useApiMutation({
    mutationFn: () => api.delete(`/devices/${id}`),
    invalidates: [deviceKeys.all],
    ...callbacks,
  });
}

/** A new MQTT password (the old one stops working at once); the answer carries it, once. */
export function useRotateDevicePassword(id: string, callbacks?: Callbacks<{ mqttPassword: string }>) {
  return useApiMutation({
    mutationFn: () => api.post<{ mqttPassword: string }>(`/devices/${id}/credentials`),
    ...callbacks,
  });
}

export type BrokerFile = 'passwordFile' | 'aclFile';

/** One of an external Mosquitto's files, generated from the registry when asked (never cached). */
export function useBrokerFile(callbacks?: Callbacks<{ file: BrokerFile; text: string }, BrokerFile>) {
  return useApiMutation({
    mutationFn: async (file: BrokerFile) => {
      const config = await api.get<Record<BrokerFile, string>>('/devices/mosquitto-config');
      return { file, text: config[file] };
    },
    ...callbacks,
  });
}
