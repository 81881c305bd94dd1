import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import {
  DENY_REASON_TEXT,
  MachineState,
  type DeviceAvailabilityEvent,
  type LiveSession,
  type MachineLiveState,
  type SessionEndedEvent,
  type TapEvent,
} from '@werkbank/contracts';
import { api } from '../api/client';
import { useAllMachines, useDevices } from '../api/queries';
import { useAuth } from '../app/auth';
import { Presence } from '../components/Presence';
import { SiteSelect } from '../components/SiteSelect';
import {
  Badge,
  ConfirmDialog,
  Ctx,
  ErrorAlert,
  Field,
  Notice,
  PageHeader,
  Spinner,
  useAnnounce,
  useNow,
  type BadgeTone,
} from '../components/ui';
import { currentLang } from '../i18n';
import { isMissingEndpoint } from '../lib/errors';
import { useFormat } from '../lib/format';
import { useCurrentSite } from '../lib/useCurrentSite';
import { LiveStatusBadge } from '../live/LiveStatusBadge';
import { useLiveSocket } from '../live/socket';

type LiveMachine = MachineLiveState;

interface ShownTap extends TapEvent {
  receivedAt: number;
}

const MAX_TAPS = 50;

export default function LiveBoardPage() {
  const { t } = useTranslation();
  const { siteId, setSiteId, sites, loading, error } = useCurrentSite();
  const { can } = useAuth();
  const devices = useDevices();
  const machines = useAllMachines(siteId || undefined);
  const [states, setStates] = useState<Map<string, LiveMachine>>(new Map());
  const [taps, setTaps] = useState<ShownTap[]>([]);
  const deviceToMachine = useRef(new Map<string, string | null>());

  useEffect(() => {
    deviceToMachine.current = new Map((devices.data ?? []).map((d) => [d.id, d.machineId]));
  }, [devices.data]);

  const live = useQuery({
    queryKey: ['live', 'machines', siteId],
    queryFn: () => api.get<LiveMachine[]>('/live/machines', { siteId }),
    enabled: !!siteId,
    retry: false,
  });
  const runtimeMissing = isMissingEndpoint(live.error);
  // Device states on the board are the last ones reported: when the server loses its broker, say so.
  const health = useQuery({
    queryKey: ['health'],
    queryFn: () => api.get<{ mqtt?: boolean }>('/health'),
    refetchInterval: 15_000,
    retry: false,
  });
  const brokerLost = health.data?.mqtt === false;

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
  }, [socket, siteId, upsert]);

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

  if (loading) return <Spinner />;
  return (
    <>
      <PageHeader title={t('live.title')}>
        {sites.length > 0 && <SiteSelect sites={sites} value={siteId} onChange={setSiteId} />}
        {live.data && <LiveStatusBadge status={status} />}
      </PageHeader>
      <ErrorAlert error={error} />
      {sites.length === 0 && !error && (
        <Notice>
          {t('live.noSites')} {can('sites.admin') && <Link to="/sites">{t('nav.sites')}</Link>}
        </Notice>
      )}
      {runtimeMissing && <Notice kind="warning">{t('live.runtimeMissing')}</Notice>}
      {brokerLost && (
        <Notice kind="warning" live>
          {t('live.brokerLost')}
        </Notice>
      )}
      {live.error && !runtimeMissing && <ErrorAlert error={live.error} />}
      {status === 'failing' && live.data && <Notice kind="warning">{t('live.socketFailing')}</Notice>}
      <div className="live-layout">
        <section aria-labelledby="machines-title" className="live-machines">
          <h2 id="machines-title">{t('live.machines')}</h2>
          {machines.isPending && !live.data ? (
            <Spinner />
          ) : board.length === 0 ? (
            <p>{t('live.noMachines')}</p>
          ) : (
            <ul className="machine-grid">
              {board.map((m) => (
                <MachineTile
                  key={m.machineId}
                  m={m}
                  runtime={!!live.data}
                  hasDevices={
                    devices.data ? devices.data.some((d) => d.machineId === m.machineId) : undefined
                  }
                />
              ))}
            </ul>
          )}
        </section>
        <aside className="live-side" aria-label={t('live.side')}>
          <section aria-labelledby="taps-title">
            <h2 id="taps-title">{t('live.taps')}</h2>
            {/* role=log announces each new tap (allowed/denied and the reason) without moving focus. */}
            <div role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="taps-title">
              <ol className="tap-log">
                {taps.map((tap) => (
                  <TapItem key={tap.id} tap={tap} machineName={machineName(tap.machineId)} />
                ))}
              </ol>
            </div>
            {taps.length === 0 && (
              <p className="muted">{live.data ? t('live.noTaps') : t('live.noTapsOffline')}</p>
            )}
          </section>
          {siteId && can('sites.presence') && <Presence siteId={siteId} />}
          {siteId && <DemoTap siteId={siteId} />}
        </aside>
      </div>
    </>
  );
}

type TileState =
  'free' | 'inUse' | 'waitingForPrint' | 'outOfService' | 'maintenance' | 'offline' | 'noDevice';

function stateOf(
  m: LiveMachine,
  runtime: boolean,
  hasDevices: boolean | undefined,
): { key: TileState; tone: BadgeTone } {
  if (m.state === MachineState.OutOfService) return { key: 'outOfService', tone: 'bad' };
  if (m.state === MachineState.Maintenance) return { key: 'maintenance', tone: 'warn' };
  if (m.waitingForPrint) return { key: 'waitingForPrint', tone: 'warn' };
  if (m.session) return { key: 'inUse', tone: 'info' };
  if (runtime && !m.online)
    return hasDevices === false ? { key: 'noDevice', tone: 'neutral' } : { key: 'offline', tone: 'neutral' };
  return { key: 'free', tone: 'ok' };
}

function MachineTile({
  m,
  runtime,
  hasDevices,
}: {
  m: LiveMachine;
  runtime: boolean;
  hasDevices: boolean | undefined;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const announce = useAnnounce();
  const now = useNow(1000);
  const [confirm, setConfirm] = useState(false);
  const [cutUnderPrint, setCutUnderPrint] = useState(false);
  const s = stateOf(m, runtime, hasDevices);
  const forceOff = useMutation({
    mutationFn: () =>
      api.post(`/machines/${m.machineId}/force-off`, cutUnderPrint ? { cutUnderPrint: true } : {}),
    onSuccess: () => {
      setConfirm(false);
      announce(t('live.forcedOff', { name: m.name }));
    },
  });
  const who = m.session
    ? (m.session.memberName ?? t('live.pseudonym', { key: m.session.memberKey.slice(0, 8) }))
    : null;
  return (
    <li className={`machine-tile tile-${s.key}`} data-machine-id={m.machineId} data-state={s.key}>
      <h3>{m.name}</h3>
      <p>
        <Badge tone={s.tone}>{t(`live.state.${s.key}`)}</Badge>
      </p>
      {m.session && (
        <dl className="tile-facts">
          <dt>{t('live.by')}</dt>
          <dd>{who}</dd>
          <dt>{t('live.running')}</dt>
          <dd>
            <span className="mono">{f.duration(now - Date.parse(m.session.startedAt))}</span>
          </dd>
          {m.session.endsAt && (
            <>
              <dt>{t('live.endsAt')}</dt>
              <dd>{f.timeShort(m.session.endsAt)}</dd>
            </>
          )}
        </dl>
      )}
      {m.waitingForPrint && <p className="muted">{t('live.waitingForPrintHint')}</p>}
      {m.print?.printing && (
        <div className="print-progress">
          <p>{m.print.jobName ? t('live.printingJob', { job: m.print.jobName }) : t('live.printing')}</p>
          {m.print.progress !== null && (
            <label>
              {t('live.printProgress', { percent: f.percent(m.print.progress) })}
              <progress max={1} value={m.print.progress} />
            </label>
          )}
          {m.print.remainingMinutes !== null && (
            <span className="muted">{t('live.remaining', { minutes: m.print.remainingMinutes })}</span>
          )}
        </div>
      )}
      {m.powerW !== null && (
        <p className="muted">{t('live.power', { watts: f.number(m.powerW, m.powerW < 10 ? 1 : 0) })}</p>
      )}
      {runtime && can('machines.forceOff') && (m.session || m.relayOn) && (
        <button type="button" className="danger" onClick={() => setConfirm(true)}>
          {t('live.forceOff')}
          <Ctx>{m.name}</Ctx>
        </button>
      )}
      <ConfirmDialog
        open={confirm}
        title={t('live.forceOffTitle', { name: m.name })}
        confirmLabel={t('live.forceOff')}
        danger
        busy={forceOff.isPending}
        onConfirm={() => forceOff.mutate()}
        onCancel={() => setConfirm(false)}
      >
        <p>{t('live.forceOffText')}</p>
        <div className="checkbox">
          <input
            id={`cut-${m.machineId}`}
            type="checkbox"
            checked={cutUnderPrint}
            onChange={(e) => setCutUnderPrint(e.target.checked)}
          />
          <label htmlFor={`cut-${m.machineId}`}>{t('live.cutUnderPrint')}</label>
        </div>
        <ErrorAlert error={forceOff.error} />
      </ConfirmDialog>
    </li>
  );
}

function TapItem({ tap, machineName }: { tap: ShownTap; machineName: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = currentLang();
  const who =
    tap.memberName ??
    (tap.memberKey ? t('live.pseudonym', { key: tap.memberKey.slice(0, 8) }) : t('live.unknownPerson'));
  const relayAt = Date.parse(tap.at) + tap.decisionMs;
  const outcome =
    tap.outcome === 'allowed'
      ? t('live.allowed')
      : tap.outcome === 'tap_out'
        ? t('live.tapOut')
        : t('live.denied');
  return (
    <li
      className={`tap tap-${tap.outcome}`}
      data-outcome={tap.outcome}
      data-reason={tap.reason ?? ''}
      data-latency-ms={Math.max(0, tap.receivedAt - relayAt)}
    >
      <span className="tap-time mono">{f.time(tap.at)}</span>{' '}
      <strong>
        <span aria-hidden="true">{tap.outcome === 'denied' ? '✕ ' : '✓ '}</span>
        {outcome}
      </strong>
      {tap.reason && <> – {DENY_REASON_TEXT[tap.reason][lang]}</>}
      <br />
      <span>
        {machineName} · {who} · <span className="mono">…{tap.cardSuffix}</span>
      </span>
    </li>
  );
}

/** Demo mode only: present a card at one of the simulator's readers (POST /api/demo/tap). Hidden without them. */
function DemoTap({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const devices = useDevices();
  const readers = (devices.data ?? []).filter(
    (d) =>
      d.siteId === siteId &&
      d.options?.simulated === 'true' &&
      (d.role === 'machine_reader' || d.role === 'entrance_reader'),
  );
  const [deviceId, setDeviceId] = useState('');
  const [uid, setUid] = useState('');
  const tap = useMutation({
    mutationFn: () => api.post('/demo/tap', { deviceId: deviceId || readers[0]?.id, uid: uid.trim() }),
  });
  if (readers.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    tap.mutate();
  };
  return (
    <details className="demo-tap">
      <summary>{t('live.demoTitle')}</summary>
      <form onSubmit={submit} className="stack">
        <p className="hint">{t('live.demoHint')}</p>
        <Field label={t('enrollment.reader')}>
          <select value={deviceId || readers[0]?.id} onChange={(e) => setDeviceId(e.target.value)}>
            {readers.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cards.uid')}>
          <input
            value={uid}
            onChange={(e) => setUid(e.target.value)}
            className="mono"
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <button type="submit" disabled={!uid.trim() || tap.isPending}>
          {t('live.demoTap')}
        </button>
        <ErrorAlert error={tap.error} />
      </form>
    </details>
  );
}
