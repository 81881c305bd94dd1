import { useEffect, useState } from 'react';
import type { Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@werkbank/contracts';
import { notifyUnauthorized } from '../api/client';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'failing';

// One connection for the whole app, opened by the first page that needs it and closed when the last one leaves.
// socket.io-client is imported here only, so pages without live data never load it.
let shared: Promise<LiveSocket> | null = null;
let users = 0;

function acquire(): Promise<LiveSocket> {
  users += 1;
  if (!shared) {
    shared = import('socket.io-client').then(({ io }) =>
      io({
        path: '/socket.io',
        withCredentials: true,
        reconnectionDelay: 1000,
        reconnectionDelayMax: 10_000,
      }),
    );
  }
  return shared;
}

function release(): void {
  users -= 1;
  if (users === 0 && shared) {
    const current = shared;
    shared = null;
    void current.then((s) => s.disconnect());
  }
}

/** The shared live socket (null until loaded) and its connection state for the status indicator. */
export function useLiveSocket(enabled: boolean): { socket: LiveSocket | null; status: LiveStatus } {
  const [socket, setSocket] = useState<LiveSocket | null>(null);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    let failures = 0;
    let cleanup = () => undefined as void;
    void acquire().then((s) => {
      if (!alive) return;
      const onConnect = () => {
        failures = 0;
        setStatus('connected');
      };
      const onDisconnect = (reason: string) => {
        // The server drops a socket only when its login ended (logout, deactivation, new password, expiry);
        // socket.io does not reconnect then, so the app goes back to the login form.
        if (reason === 'io server disconnect') {
          setStatus('failing');
          notifyUnauthorized();
        } else setStatus('reconnecting');
      };
      const onError = () => {
        failures += 1;
        setStatus(failures >= 3 ? 'failing' : 'reconnecting');
      };
      s.on('connect', onConnect);
      s.on('disconnect', onDisconnect);
      s.on('connect_error', onError);
      setStatus(s.connected ? 'connected' : 'connecting');
      setSocket(s);
      cleanup = () => {
        s.off('connect', onConnect);
        s.off('disconnect', onDisconnect);
        s.off('connect_error', onError);
      };
    });
    return () => {
      alive = false;
      cleanup();
      setSocket(null);
      release();
    };
  }, [enabled]);
  return { socket, status };
}
