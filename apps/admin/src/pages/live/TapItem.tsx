import { useTranslation } from 'react-i18next';
import { DENY_REASON_TEXT } from '@werkbank/contracts';
import { currentLang } from '../../i18n';
import { useFormat } from '../../lib/format';
import type { ShownTap } from './useLiveBoard';

/** One tap in the log: when, allowed or denied (and why), where, who. The data attributes feed the tests. */
export function TapItem({ tap, machineName }: { tap: ShownTap; machineName: string }) {
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
