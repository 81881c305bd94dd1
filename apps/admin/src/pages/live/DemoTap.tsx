import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isReader } from '@werkbank/contracts';
import { useDevices } from '../../api/devices';
import { useDemoTap } from '../../api/live';
import { optionsOf, SelectField, TextField } from '../../components/fields';
import { ErrorAlert } from '../../components/ui';

/** Demo mode only: present a card at one of the simulator's readers (POST /api/demo/tap). Hidden without them. */
export function DemoTap({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const devices = useDevices();
  const readers = (devices.data ?? []).filter(
    (d) => d.siteId === siteId && d.options?.simulated === 'true' && isReader(d.role),
  );
  const [deviceId, setDeviceId] = useState('');
  const [uid, setUid] = useState('');
  const tap = useDemoTap();
  if (readers.length === 0) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    tap.mutate({ deviceId: deviceId || readers[0].id, uid: uid.trim() });
  };
  return (
    <details className="demo-tap">
      <summary>{t('live.demoTitle')}</summary>
      <form onSubmit={submit} className="stack">
        <p className="hint">{t('live.demoHint')}</p>
        <SelectField
          label={t('enrollment.reader')}
          value={deviceId || readers[0].id}
          onChange={setDeviceId}
          options={optionsOf(readers)}
        />
        <TextField
          label={t('cards.uid')}
          value={uid}
          onChange={setUid}
          controlClassName="mono"
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" disabled={!uid.trim() || tap.isPending}>
          {t('live.demoTap')}
        </button>
        <ErrorAlert error={tap.error} />
      </form>
    </details>
  );
}
