import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMachineTypes } from '../api/machines';
import { useMember } from '../api/members';
import { useQualification } from '../api/qualifications';
import { useSites } from '../api/sites';
import { useStaffAccounts } from '../api/staff';
import { useStanding } from '../api/trainings';
import { useStaff } from '../app/auth';
import { ErrorAlert, PageHeader, Spinner } from '../components/ui';
import { fullName, lastValidDay, todayIso, useFormat } from '../lib/format';

/**
 * Proof of instruction for one member and qualification, laid out for paper: staff print it or save it as PDF
 * with the browser's print dialog (the @media print rules hide the app around it).
 */
export default function ProofPage() {
  const { id = '', qualificationId = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const me = useStaff();
  const staff = useStaffAccounts();
  const types = useMachineTypes();
  const sites = useSites();
  const member = useMember(id);
  const standing = useStanding(id);
  const qualification = useQualification(qualificationId);

  const error = member.error ?? standing.error ?? qualification.error;
  if (error) return <ErrorAlert error={error} />;
  if (!member.data || !standing.data || !qualification.data) return <Spinner />;
  const m = member.data;
  const q = qualification.data;
  const s = standing.data.find((x) => x.qualificationId === qualificationId);
  const typeName = types.data?.find((x) => x.id === q.machineTypeId)?.name ?? '';
  const trainerName =
    s?.trainerName ??
    staff.data?.find((x) => x.id === s?.trainerId)?.displayName ??
    (s?.trainerId === me.id ? me.displayName : null);
  const site = sites.data?.find((x) => x.id === m.homeSiteId);

  return (
    <>
      <div className="no-print">
        <PageHeader title={t('proof.pageTitle')}>
          <button type="button" className="primary" onClick={() => window.print()}>
            {t('proof.print')}
          </button>
          <Link className="button" to={`/members/${id}`}>
            {t('proof.back')}
          </Link>
        </PageHeader>
        <p className="hint">{t('proof.printHint')}</p>
      </div>
      {!s ? (
        <p role="alert">{t('proof.noStanding')}</p>
      ) : (
        <article className="proof" aria-labelledby="proof-title">
          <header className="proof-header">
            <span className="brand">Werkbank</span>
            {site && <span>{site.name}</span>}
          </header>
          <h2 id="proof-title">{t('proof.title')}</h2>
          <p>{t('proof.intro')}</p>
          <dl className="proof-grid">
            <dt>{t('proof.participant')}</dt>
            <dd>
              {fullName(m)}
              {m.isMinor && m.birthDate && ` (${t('fields.birthDate')} ${f.date(m.birthDate)})`}
            </dd>
            <dt>{t('proof.qualification')}</dt>
            <dd>{q.name}</dd>
            {typeName && (
              <>
                <dt>{t('proof.machineType')}</dt>
                <dd>{typeName}</dd>
              </>
            )}
            <dt>{t('standing.level')}</dt>
            <dd>{t(`enums.level.${s.level}`)}</dd>
            <dt>{t('proof.date')}</dt>
            <dd>{f.date(s.trainedOn)}</dd>
            <dt>{t('proof.contentVersion')}</dt>
            <dd>{s.contentVersion ?? '–'}</dd>
            <dt>{t('proof.trainer')}</dt>
            <dd>{trainerName ?? t('proof.trainerUnknown')}</dd>
            <dt>{t('proof.validUntil')}</dt>
            <dd>
              {s.expiresOn
                ? t('proof.validUntilDate', { date: f.date(lastValidDay(s.expiresOn)) })
                : t('standing.noExpiry')}
            </dd>
            {m.isMinor && (
              <>
                <dt>{t('member.consent')}</dt>
                <dd>
                  {m.guardianConsentOn
                    ? t('member.consentGiven', {
                        name: m.guardianName ?? '–',
                        date: f.date(m.guardianConsentOn),
                      })
                    : t('member.consentMissing')}
                </dd>
              </>
            )}
          </dl>
          <p>{t('proof.confirmation')}</p>
          <div className="signatures">
            <div>
              <span className="sig-line" />
              {t('proof.signParticipant')}
            </div>
            <div>
              <span className="sig-line" />
              {t('proof.signTrainer')}
            </div>
            {m.isMinor && (
              <div>
                <span className="sig-line" />
                {t('proof.signGuardian')}
              </div>
            )}
          </div>
          <p className="proof-footer muted">{t('proof.printedOn', { date: f.date(todayIso()) })}</p>
        </article>
      )}
    </>
  );
}
