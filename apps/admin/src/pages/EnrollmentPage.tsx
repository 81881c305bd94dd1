import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CardTechnology, isReader, type EnrollmentEvent } from '@werkbank/contracts';
import { cardInput, useAddCard } from '../api/cards';
import { useDevices } from '../api/devices';
import { useDemoTap } from '../api/live';
import { useMember } from '../api/members';
import { useSites } from '../api/sites';
import type { Card, MemberListItem } from '../api/types';
import { CardDetailFields, NEW_CARD } from '../components/CardDetailFields';
import { TextField } from '../components/fields';
import { MemberPicker } from '../components/MemberPicker';
import { ErrorAlert, Notice, PageHeader, useAnnounce } from '../components/ui';
import { isMissingEndpoint } from '../lib/errors';
import { fullName } from '../lib/format';
import { LiveStatusBadge } from '../live/LiveStatusBadge';
import { useLiveSocket } from '../live/socket';

type Picked = Pick<MemberListItem, 'id' | 'firstName' | 'lastName'>;

/** Map what a reader reports ("MIFARE Classic 1K", "em4100", …) onto the card technologies of the API. */
function technologyOf(reported: string | null): CardTechnology {
  const v = (reported ?? '').toLowerCase().replace(/[\s_-]/g, '');
  if (v.includes('em4') || v.includes('125khz')) return CardTechnology.Em4100;
  if (v.includes('desfire')) return CardTechnology.Desfire;
  if (v.includes('ultralight')) return CardTechnology.MifareUltralight;
  if (v.includes('ntag')) return CardTechnology.Ntag;
  if (v.includes('mifare') || v.includes('classic')) return CardTechnology.MifareClassic;
  return reported ? CardTechnology.Other : CardTechnology.Em4100;
}

export default function EnrollmentPage() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [params] = useSearchParams();
  const devices = useDevices();
  const sites = useSites();
  const readerId = useId();
  const [deviceId, setDeviceId] = useState('');
  const [waiting, setWaiting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  /** The server confirmed: the next unknown card at this reader comes to this page. */
  const [armed, setArmed] = useState(false);
  const [captured, setCaptured] = useState<{
    uid: string;
    technology: CardTechnology;
    via: 'reader' | 'manual';
  } | null>(null);
  const [manualUid, setManualUid] = useState('');
  const [member, setMember] = useState<Picked | null>(null);
  const [details, setDetails] = useState(NEW_CARD);
  const [assigned, setAssigned] = useState<{ card: Card; member: Picked } | null>(null);

  const readers = (devices.data ?? []).filter((d) => isReader(d.role));
  const devicesMissing = isMissingEndpoint(devices.error);
  const siteName = (id: string | null) => sites.data?.find((s) => s.id === id)?.name ?? '';

  const preselect = params.get('memberId');
  const pre = useMember(preselect);
  useEffect(() => {
    if (pre.data) setMember(pre.data);
  }, [pre.data]);

  const { socket, status } = useLiveSocket(waiting);

  useEffect(() => {
    if (!socket || !waiting || !deviceId) return;
    const start = () =>
      socket.emit('enrollment.start', deviceId, (res) => {
        if (res.ok) setArmed(true);
        else {
          setStartError(res.error ?? 'enrollment.start failed');
          setWaiting(false);
        }
      });
    if (socket.connected) start();
    socket.on('connect', start);
    const onCard = (e: EnrollmentEvent) => {
      if (e.deviceId !== deviceId) return;
      const tech = technologyOf(e.technology);
      setCaptured({ uid: e.uid, technology: tech, via: 'reader' });
      setDetails((d) => ({ ...d, technology: tech }));
      setWaiting(false);
      announce(t('enrollment.captured', { uid: e.uid }));
    };
    socket.on('enrollment.card', onCard);
    return () => {
      setArmed(false);
      socket.off('connect', start);
      socket.off('enrollment.card', onCard);
      socket.emit('enrollment.stop', deviceId);
    };
  }, [socket, waiting, deviceId, announce, t]);

  const assign = useAddCard({
    onSuccess: (card) => {
      setAssigned({ card, member: member! });
      setCaptured(null);
      setDetails((d) => ({ ...d, label: '' }));
      announce(t('enrollment.assigned', { name: fullName(member!), suffix: card.uidSuffix }));
    },
  });

  const simulate = useDemoTap();
  const simulateTap = () => {
    const uid = Array.from(crypto.getRandomValues(new Uint8Array(5)), (b) => b.toString(16).padStart(2, '0'))
      .join('')
      .toUpperCase();
    simulate.mutate({ deviceId, uid });
  };

  const takeManual = (e: FormEvent) => {
    e.preventDefault();
    const uid = manualUid.trim().replace(/[\s:]/g, '').toUpperCase();
    if (uid.length < 8) return;
    setCaptured({ uid, technology: details.technology, via: 'manual' });
    setManualUid('');
    announce(t('enrollment.captured', { uid }));
  };

  return (
    <>
      <PageHeader title={t('enrollment.title')} />
      <p>{t('enrollment.intro')}</p>
      {assigned && (
        <Notice kind="success" live>
          {t('enrollment.assigned', { name: fullName(assigned.member), suffix: assigned.card.uidSuffix })}{' '}
          <Link to={`/members/${assigned.member.id}`}>{t('enrollment.toMember')}</Link>
        </Notice>
      )}

      <section aria-labelledby="step1" className="card-section">
        <h2 id="step1">{t('enrollment.step1')}</h2>
        {devicesMissing ? (
          <Notice kind="warning">{t('enrollment.devicesMissing')}</Notice>
        ) : (
          <ErrorAlert error={devices.error} />
        )}
        {readers.length > 0 && (
          <>
            <div className="field">
              <label htmlFor={readerId}>{t('enrollment.reader')}</label>
              <select
                id={readerId}
                value={deviceId}
                onChange={(e) => {
                  setWaiting(false);
                  setDeviceId(e.target.value);
                }}
              >
                <option value="">{t('common.choose')}</option>
                {readers.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                    {siteName(d.siteId) && ` – ${siteName(d.siteId)}`} (
                    {d.online ? t('enrollment.online') : t('enrollment.offline')})
                  </option>
                ))}
              </select>
            </div>
            <div className="form-actions">
              {!waiting ? (
                <button
                  type="button"
                  className="primary"
                  disabled={!deviceId}
                  onClick={() => {
                    setStartError(null);
                    setAssigned(null);
                    setWaiting(true);
                  }}
                >
                  {t('enrollment.start')}
                </button>
              ) : (
                <button type="button" onClick={() => setWaiting(false)}>
                  {t('enrollment.stop')}
                </button>
              )}
              {waiting && readers.find((r) => r.id === deviceId)?.options?.simulated === 'true' && (
                <button type="button" onClick={simulateTap} disabled={simulate.isPending}>
                  {t('enrollment.simulate')}
                </button>
              )}
            </div>
            {waiting && (
              <div className="waiting" role="status" data-armed={armed}>
                <span className="spinner" aria-hidden="true" />{' '}
                {armed
                  ? t('enrollment.waiting', { reader: readers.find((r) => r.id === deviceId)?.name ?? '' })
                  : t('enrollment.arming')}{' '}
                <LiveStatusBadge status={status} />
              </div>
            )}
            {startError && (
              <Notice kind="warning">{t('enrollment.startFailed', { error: startError })}</Notice>
            )}
            {simulate.error && <ErrorAlert error={simulate.error} />}
          </>
        )}
        {!devicesMissing && devices.data && readers.length === 0 && <p>{t('enrollment.noReaders')}</p>}

        <form onSubmit={takeManual} className="inline-form">
          <TextField
            label={t('enrollment.manual')}
            hint={t('enrollment.manualHint')}
            value={manualUid}
            onChange={setManualUid}
            controlClassName="mono"
            autoComplete="off"
            spellCheck={false}
            name="manualUid"
          />
          <button type="submit" disabled={manualUid.trim().length < 8}>
            {t('enrollment.useUid')}
          </button>
        </form>
      </section>

      <section aria-labelledby="step2" className="card-section">
        <h2 id="step2">{t('enrollment.step2')}</h2>
        <div aria-live="assertive" className="uid-display">
          {captured ? (
            <p>
              {t('enrollment.uidIs')}{' '}
              <strong className="mono uid" data-testid="captured-uid">
                {captured.uid}
              </strong>
            </p>
          ) : (
            <p className="muted">{t('enrollment.noUid')}</p>
          )}
        </div>
        {member ? (
          <p>
            {t('enrollment.memberIs')} <strong>{fullName(member)}</strong>{' '}
            <button type="button" className="link-button" onClick={() => setMember(null)}>
              {t('enrollment.changeMember')}
            </button>
          </p>
        ) : (
          <MemberPicker
            label={t('enrollment.findMember')}
            selectedIds={[]}
            onPick={setMember}
            pickLabel={(name) => t('enrollment.pick', { name })}
          />
        )}
        <div className="grid-2">
          <CardDetailFields value={details} onChange={setDetails} />
        </div>
        <ErrorAlert error={assign.error} />
        <button
          type="button"
          className="primary"
          disabled={!captured || !member || assign.isPending}
          onClick={() =>
            member && captured && assign.mutate({ memberId: member.id, ...cardInput(captured.uid, details) })
          }
        >
          {t('enrollment.assign')}
        </button>
      </section>
    </>
  );
}
