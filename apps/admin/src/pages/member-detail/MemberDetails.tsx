import { useTranslation } from 'react-i18next';
import { MemberStatus } from '@werkbank/contracts';
import type { Member } from '../../api/types';
import { useAuth } from '../../app/auth';
import { useFormat } from '../../lib/format';

/** What is on record of a member; contact and demographic details only for roles that may see identities. */
export function MemberDetails({ member: m, siteName }: { member: Member; siteName: string | undefined }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const identity = can('members.identity');
  return (
    <section aria-labelledby="sec-details">
      <h2 id="sec-details">{t('member.details')}</h2>
      <dl className="details">
        {identity && (
          <>
            <dt>{t('fields.email')}</dt>
            <dd>{m.email ?? '–'}</dd>
            <dt>{t('fields.phone')}</dt>
            <dd>{m.phone ?? '–'}</dd>
          </>
        )}
        <dt>{t('fields.homeSiteId')}</dt>
        <dd>{siteName ?? '–'}</dd>
        {m.status === MemberStatus.Guest && (
          <>
            <dt>{t('member.guestPass')}</dt>
            <dd>
              {t('members.guestWindow', {
                from: f.date(m.guestValidFrom),
                until: f.date(m.guestValidUntil),
              })}
            </dd>
          </>
        )}
        {m.isMinor && (
          <>
            <dt>{t('fields.isMinor')}</dt>
            <dd>
              {t('common.yes')}
              {identity && m.birthDate && `, ${t('fields.birthDate')} ${f.date(m.birthDate)}`}
            </dd>
            {identity && (
              <>
                <dt>{t('member.consent')}</dt>
                <dd>
                  {m.guardianConsentOn ? (
                    t('member.consentGiven', {
                      name: m.guardianName ?? '–',
                      date: f.date(m.guardianConsentOn),
                    })
                  ) : (
                    <strong className="text-bad">{t('member.consentMissing')}</strong>
                  )}
                </dd>
              </>
            )}
          </>
        )}
        {identity && (
          <>
            <dt>{t('fields.ageBand')}</dt>
            <dd>{t(`enums.ageBand.${m.ageBand}`)}</dd>
            <dt>{t('fields.gender')}</dt>
            <dd>{t(`enums.gender.${m.gender}`)}</dd>
            <dt>{t('fields.occupation')}</dt>
            <dd>{t(`enums.occupation.${m.occupation}`)}</dd>
            <dt>{t('fields.homeMunicipalityKey')}</dt>
            <dd>{m.homeMunicipalityKey ?? '–'}</dd>
            <dt>{t('member.pseudonym')}</dt>
            <dd>
              <code>{m.memberKey.slice(0, 8)}</code>
            </dd>
          </>
        )}
        <dt>{t('members.since')}</dt>
        <dd>{f.date(m.createdAt)}</dd>
        {identity && m.notes && (
          <>
            <dt>{t('fields.notes')}</dt>
            <dd className="pre">{m.notes}</dd>
          </>
        )}
      </dl>
    </section>
  );
}
