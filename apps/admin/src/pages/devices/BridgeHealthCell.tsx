import { useTranslation } from 'react-i18next';
import type { Device } from '../../api/types';
import { Badge } from '../../components/ui';
import { useFormat } from '../../lib/format';

/** A firmware bridge's last heartbeat: online (by the heartbeat), its queue, its allowlist and serial ports. */
export function BridgeHealthCell({ bridge }: { bridge: NonNullable<Device['bridge']> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const listAge = bridge.allowlistIssuedAt ? Date.now() - Date.parse(bridge.allowlistIssuedAt) : null;
  return (
    <div className="bridge-health">
      <Badge tone={bridge.online ? 'ok' : 'bad'}>
        {bridge.online ? t('devices.bridge.heartbeat') : t('devices.bridge.silent')}
      </Badge>
      <p className="hint">
        {t('devices.bridge.queue', { count: bridge.queueLength })}
        {' · '}
        {bridge.allowlistVersion === null
          ? t('devices.bridge.noList')
          : t('devices.bridge.list', {
              version: bridge.allowlistDeltaVersion ?? bridge.allowlistVersion,
              age: f.duration(Math.max(0, listAge ?? 0)),
            })}
      </p>
      {bridge.ports.length > 0 && (
        <ul className="hint plain">
          {bridge.ports.map((p) => (
            <li key={p.id}>
              <span className="mono">{p.path}</span> {p.id}:{' '}
              <Badge tone={p.state === 'open' ? 'ok' : 'warn'}>{p.state}</Badge>
            </li>
          ))}
        </ul>
      )}
      <p className="hint">{t('devices.bridge.lastSeen', { at: f.dateTime(bridge.lastSeenAt) })}</p>
    </div>
  );
}
