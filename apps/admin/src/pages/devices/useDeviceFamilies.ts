import { useQuery } from '@tanstack/react-query';
import type { DeviceFamilyItem, DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import { api } from '../../api/client';

/** The families the server speaks: fixed while it runs, so fetched once per session. */
export function useDeviceFamilies(enabled = true) {
  return useQuery({
    queryKey: ['device-families'],
    queryFn: () => api.get<DeviceFamilyItem[]>('/device-families'),
    staleTime: Infinity,
    enabled,
  });
}

export function familyOf(
  families: readonly DeviceFamilyItem[] | undefined,
  protocol: DeviceProtocol,
): DeviceFamilyItem | undefined {
  return families?.find((f) => f.protocol === protocol);
}

export function familiesFor(
  families: readonly DeviceFamilyItem[] | undefined,
  role: DeviceRole,
): DeviceFamilyItem[] {
  return (families ?? []).filter((f) => f.roles.includes(role));
}
