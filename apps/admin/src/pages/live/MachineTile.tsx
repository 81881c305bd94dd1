import { useTranslation } from 'react-i18next';
import { MachineState, type BridgeHealth, type MachineLiveState } from '@werkbank/contracts';
import { useAuth } from '../../app/auth';
import { ForceOffButton } from '../../components/ForceOff';
import { Badge, useNow, type BadgeTone } from '../../components/ui';
import { useFormat } from '../../lib/format';

type LiveMachine = MachineLiveState;

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

export function MachineTile({
  m,
  runtime,
  hasDevices,
  bridge = null,
}: {
  m: LiveMachine;
  runtime: boolean;
  hasDevices: boolean | undefined;
  /** The heartbeat of the firmware bridge the machine hangs on, when it has one. */
  bridge?: BridgeHealth | null;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const now = useNow(1000);
  const s = stateOf(m, runtime, hasDevices);
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
      {bridge && (
        <p className="muted" data-bridge={bridge.online ? 'online' : 'silent'}>
          <Badge tone={bridge.online ? 'ok' : 'bad'}>
            {bridge.online ? t('live.bridge.online') : t('live.bridge.silent')}
          </Badge>{' '}
          {t('live.bridge.queue', { count: bridge.queueLength })}
        </p>
      )}
      {runtime && can('machines.forceOff') && (m.session || m.relayOn) && (
        <ForceOffButton machineId={m.machineId} name={m.name} className="danger" />
      )}
    </li>
  );
}
