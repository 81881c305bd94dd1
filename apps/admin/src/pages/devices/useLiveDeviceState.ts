import { useEffect } from 'react';
import { useDeviceAvailability } from '../../api/devices';
import { useLiveSocket, type LiveStatus } from '../../live/socket';

/** Keeps the online column current: the server pushes `device` events to every logged-in live socket. */
export function useLiveDeviceState(enabled: boolean): LiveStatus {
  const { setOnline, reload } = useDeviceAvailability();
  const { socket, status } = useLiveSocket(enabled);
  useEffect(() => {
    if (!socket) return;
    // Events sent while the connection was down are lost: reload the list after a reconnect.
    const onConnect = () => void reload();
    socket.on('device', setOnline);
    socket.on('connect', onConnect);
    return () => {
      socket.off('device', setOnline);
      socket.off('connect', onConnect);
    };
  }, [socket, setOnline, reload]);
  return status;
}
