import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Credentials the server returns once (after registering or rotating): kept in page state until dismissed. */
export interface Secret {
  deviceName: string;
  username: string;
  password: string;
}

/** The MQTT credentials, shown once, with copy buttons. Focus moves here so screen reader users land on it. */
export function SecretPanel({ secret, onDone }: { secret: Secret; onDone(): void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After the current event: a closing confirm dialog first returns focus to its button.
    const id = window.setTimeout(() => heading.current?.focus(), 0);
    return () => window.clearTimeout(id);
  }, [secret]);
  return (
    <section className="alert alert-warning secret-panel" aria-labelledby="device-secret">
      <h2 id="device-secret" ref={heading} tabIndex={-1}>
        {t('devices.secretTitle', { name: secret.deviceName })}
      </h2>
      <p>
        <strong>{t('devices.secretOnce')}</strong> {t('devices.secretStore')}
      </p>
      <dl className="details">
        <dt>{t('devices.mqttUsername')}</dt>
        <dd>
          <SecretValue value={secret.username} what={t('devices.mqttUsername')} testId="mqtt-username" />
        </dd>
        <dt>{t('devices.password')}</dt>
        <dd>
          <SecretValue value={secret.password} what={t('devices.password')} testId="mqtt-password" />
        </dd>
      </dl>
      <button type="button" onClick={onDone}>
        {t('devices.secretDone')}
      </button>
    </section>
  );
}

function SecretValue({ value, what, testId }: { value: string; what: string; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setResult('copied');
    } catch {
      // No clipboard access (e.g. plain http on a LAN address): select the text for Ctrl+C instead.
      const el = document.getElementById(id);
      if (el) window.getSelection()?.selectAllChildren(el);
      setResult('failed');
    }
  };
  return (
    <>
      <code id={id} data-testid={testId}>
        {value}
      </code>
      <button type="button" onClick={() => void copy()}>
        {t('devices.copy', { what })}
      </button>
      <span role="status" className={result === 'failed' ? 'field-error' : 'muted'}>
        {result === 'copied' && t('devices.copied', { what })}
        {result === 'failed' && t('devices.copyFailed')}
      </span>
    </>
  );
}
