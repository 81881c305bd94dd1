import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { DeviceAvailabilityEvent } from '@werkbank/contracts';
import type { Device } from '../../api/types';
import { useLiveSocket, type LiveStatus } from '../../live/socket';

/** Keeps the online column current: the server pushes `device` events to every logged-in live socket. */
export function useLiveDeviceState(enabled: boolean): LiveStatus {
  const client = useQueryClient();
  const { socket, status } = useLiveSocket(enabled);
  useEffect(() => {
    if (!socket) return;
    const onDevice = (e: DeviceAvailabilityEvent) =>
      client.setQueryData<Device[]>(['devices'], (list) =>
        list?.map((d) => (d.id === e.deviceId ? { ...d, online: e.online } : d)),
      );
    // Events sent while the connection was down are lost: reload the list after a reconnect.
    const onConnect = () => void client.invalidateQueries({ queryKey: ['devices'] });
    socket.on('device', onDevice);
    socket.on('connect', onConnect);
    return () => {
      socket.off('device', onDevice);
      socket.off('connect', onConnect);
    };
  }, [socket, client]);
  return status;
}
