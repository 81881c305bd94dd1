import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LabRequestState } from '@werkbank/contracts';
import { ApiError } from '../api/client';
import { useRequestStatus, useRequesterStep } from '../api/labRequests';
import type { DateRange } from '../api/types';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorAlert, Spinner, usePageTitle } from '../components/ui';

export const rangeText = (d: DateRange) =>
  d.startsOn === d.endsOn ? d.startsOn : `${d.startsOn} – ${d.endsOn}`;

/** The requester's status page, reached by the secret link (no login). */
export default function RequestStatusPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  usePageTitle(t('lab.statusTitle'));
  const status = useRequestStatus(token);
  const step = useRequesterStep(token);
  const r = status.data;
  const open = r && (r.state === LabRequestState.New || r.state === LabRequestState.Proposed);

  return (
    <main id="main" className="public-page">
      <div className="public-box">
        <div className="login-top">
          <span className="brand">Werkbank</span>
          <LanguageSwitch />
        </div>
        <h1>{t('lab.statusTitle')}</h1>
        {status.isPending ? (
          <Spinner />
        ) : status.error instanceof ApiError && status.error.status === 404 ? (
          <p role="alert">{t('lab.notFound')}</p>
        ) : status.error ? (
          <ErrorAlert error={status.error} />
        ) : r ? (
          <>
            <ErrorAlert error={step.error} />
            <dl className="details">
              <dt>{t('lab.lab')}</dt>
              <dd>{r.labName}</dd>
              <dt>{t('lab.institution')}</dt>
              <dd>{r.institution}</dd>
              <dt>{t('lab.reference')}</dt>
              <dd className="mono">{r.reference}</dd>
              <dt>{t('lab.state')}</dt>
              <dd>
                <strong data-testid="request-state">{t(`lab.states.${r.state}`)}</strong>
              </dd>
              <dt>{t('lab.wished')}</dt>
              <dd>{r.wishedDates.map(rangeText).join(', ')}</dd>
              {r.deployment && (
                <>
                  <dt>{t('lab.deployment')}</dt>
                  <dd>
                    {rangeText(r.deployment)}, {r.deployment.place}
                  </dd>
                </>
              )}
            </dl>
            {r.staffMessage && (
              <section aria-labelledby="staff-message">
                <h2 id="staff-message">{t('lab.staffMessage')}</h2>
                <p style={{ whiteSpace: 'pre-wrap' }}>{r.staffMessage}</p>
              </section>
            )}
            {r.state === LabRequestState.Proposed && r.proposedDates.length > 0 && (
              <section aria-labelledby="proposal">
                <h2 id="proposal">{t('lab.proposed')}</h2>
                <ul>
                  {r.proposedDates.map((d, index) => (
                    <li key={index}>
                      <button
                        type="button"
                        className="primary"
                        disabled={step.isPending}
                        onClick={() => step.mutate({ kind: 'accept', index })}
                      >
                        {t('lab.takeProposal', { dates: rangeText(d) })}
                      </button>
                    </li>
                  ))}
                </ul>
              </section>
            )}
            {open && (
              <p>
                <button
                  type="button"
                  disabled={step.isPending}
                  onClick={() => {
                    if (window.confirm(t('lab.withdrawConfirm'))) step.mutate({ kind: 'withdraw' });
                  }}
                >
                  {t('lab.withdraw')}
                </button>
              </p>
            )}
          </>
        ) : null}
      </div>
    </main>
  );
}
