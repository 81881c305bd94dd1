import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  DeviceAvailabilityEvent,
  LiveSession,
  MachineLiveState,
  SessionEndedEvent,
  TapEvent,
} from '@werkbank/contracts';
import { useDeviceAvailability, useDevices } from '../../api/devices';
import { useLiveMachines } from '../../api/live';
import { useAllMachines } from '../../api/machines';
import { useLiveSocket } from '../../live/socket';

type LiveMachine = MachineLiveState;

export interface ShownTap extends TapEvent {
  receivedAt: number;
}

const MAX_TAPS = 50;

/**
 * The board of one site: machine states loaded once, then kept current from the live socket (sessions, device
 * availability), and the latest taps. Without the access runtime the machines show their configured state.
 */
export function useLiveBoard(siteId: string) {
  const devices = useDevices();
  const availability = useDeviceAvailability();
  const machines = useAllMachines(siteId || undefined);
  const [states, setStates] = useState<Map<string, LiveMachine>>(new Map());
  const [taps, setTaps] = useState<ShownTap[]>([]);
  const deviceToMachine = useRef(new Map<string, string | null>());

  useEffect(() => {
    deviceToMachine.current = new Map((devices.data ?? []).map((d) => [d.id, d.machineId]));
  }, [devices.data]);

  const live = useLiveMachines(siteId);

  useEffect(() => {
    if (live.data) setStates(new Map(live.data.map((s) => [s.machineId, s])));
  }, [live.data]);
  useEffect(() => setTaps([]), [siteId]);

  // Live updates only when the access runtime exists on the server (otherwise there is nothing to listen to).
  const { socket, status } = useLiveSocket(!!siteId && !!live.data);
  const upsert = useCallback((machineId: string, change: (m: LiveMachine) => LiveMachine) => {
    setStates((prev) => {
      const current = prev.get(machineId);
      if (!current) return prev;
      const next = new Map(prev);
      next.set(machineId, change(current));
      return next;
    });
  }, []);

  useEffect(() => {
    if (!socket || !siteId) return;
    const watch = () =>
      socket.emit('site.watch', siteId, (list) => {
        setStates(new Map(list.map((s) => [s.machineId, s])));
      });
    if (socket.connected) watch();
    socket.on('connect', watch);
    const onMachine = (s: LiveMachine) => {
      if (s.siteId !== siteId) return;
      setStates((prev) => new Map(prev).set(s.machineId, s));
    };
    const onStarted = (session: LiveSession) => upsert(session.machineId, (m) => ({ ...m, session }));
    const onEnded = (e: SessionEndedEvent) =>
      upsert(e.machineId, (m) => (m.session?.sessionId === e.sessionId ? { ...m, session: null } : m));
    const onDevice = (e: DeviceAvailabilityEvent) => {
      // Bridges' heartbeats travel in the same event: the device list (and so the tiles) shows them.
      availability.setOnline(e);
      const machineId = deviceToMachine.current.get(e.deviceId);
      if (machineId) upsert(machineId, (m) => ({ ...m, online: e.online }));
    };
    const onTap = (tap: TapEvent) => {
      if (tap.siteId && tap.siteId !== siteId) return;
      const shown: ShownTap = { ...tap, receivedAt: Date.now() };
      setTaps((prev) => [shown, ...prev.filter((p) => p.id !== tap.id)].slice(0, MAX_TAPS));
    };
    socket.on('machine', onMachine);
    socket.on('session.started', onStarted);
    socket.on('session.ended', onEnded);
    socket.on('device', onDevice);
    socket.on('tap', onTap);
    return () => {
      socket.off('connect', watch);
      socket.off('machine', onMachine);
      socket.off('session.started', onStarted);
      socket.off('session.ended', onEnded);
      socket.off('device', onDevice);
      socket.off('tap', onTap);
    };
  }, [socket, siteId, upsert, availability]);

  const machineName = useCallback(
    (id: string | null) =>
      id ? (states.get(id)?.name ?? machines.data?.find((m) => m.id === id)?.name ?? id.slice(0, 8)) : '–',
    [states, machines.data],
  );

  const board: LiveMachine[] = useMemo(() => {
    if (live.data || states.size > 0)
      return [...states.values()].sort((a, b) => a.name.localeCompare(b.name));
    // Without the runtime, show the machines with their configured state (no sessions, no device status).
    return (machines.data ?? []).map((m) => ({
      machineId: m.id,
      siteId: m.siteId,
      name: m.name,
      state: m.state,
      relayOn: null,
      powerW: null,
      online: true,
      session: null,
      print: null,
      waitingForPrint: false,
    }));
  }, [live.data, states, machines.data]);

  return { devices, machines, live, status, board, taps, machineName };
}
