import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useRevokeTraining, useStanding } from '../../api/trainings';
import type { Member, Standing } from '../../api/types';
import { useAuth } from '../../app/auth';
import { RowAction } from '../../components/EditRow';
import { TextAreaField } from '../../components/fields';
import { StandingBadge } from '../../components/labels';
import { ConfirmDialog, Ctx, ErrorAlert, TableRegion, useAnnounce } from '../../components/ui';
import { lastValidDay, useFormat } from '../../lib/format';

/** The qualifications a member holds, with proof of instruction and (for trainers) revocation. */
export function StandingSection({ member }: { member: Member }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const announce = useAnnounce();
  const [revoking, setRevoking] = useState<Standing | null>(null);
  const [comment, setComment] = useState('');
  const standing = useStanding(member.id);
  const revoke = useRevokeTraining(member.id, {
    onSuccess: () => {
      setRevoking(null);
      setComment('');
      announce(t('standing.revoked'));
    },
  });
  return (
    <section aria-labelledby="sec-quals">
      <h2 id="sec-quals">{t('standing.title')}</h2>
      <ErrorAlert error={standing.error} />
      {standing.data && standing.data.length === 0 && <p>{t('standing.none')}</p>}
      {standing.data && standing.data.length > 0 && (
        <TableRegion label={t('standing.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('standing.qualification')}</th>
                <th scope="col">{t('standing.level')}</th>
                <th scope="col">{t('standing.trainedOn')}</th>
                <th scope="col">{t('standing.expiresOn')}</th>
                <th scope="col">{t('standing.status')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {standing.data.map((s) => (
                <tr key={s.qualificationId}>
                  <td>{s.qualificationName}</td>
                  <td>{t(`enums.level.${s.level}`)}</td>
                  <td>{f.date(s.trainedOn)}</td>
                  <td>{s.expiresOn ? f.date(lastValidDay(s.expiresOn)) : t('standing.noExpiry')}</td>
                  <td>
                    <StandingBadge status={s.status} />
                  </td>
                  <td className="actions">
                    <Link to={`/members/${member.id}/proof/${s.qualificationId}`}>
                      {t('standing.proof')}
                      <Ctx>{s.qualificationName}</Ctx>
                    </Link>
                    {can('trainings.record') && (
                      <RowAction
                        label={t('standing.revoke')}
                        name={s.qualificationName}
                        onClick={() => setRevoking(s)}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {can('trainings.record') && (
        <p>
          <Link to={`/trainings?memberId=${member.id}`}>{t('standing.record')}</Link>
        </p>
      )}
      <ConfirmDialog
        open={!!revoking}
        title={t('standing.revokeTitle', { name: revoking?.qualificationName ?? '' })}
        confirmLabel={t('standing.revoke')}
        danger
        busy={revoke.isPending || comment.trim() === ''}
        onConfirm={() => revoking && revoke.mutate({ qualificationId: revoking.qualificationId, comment })}
        onCancel={() => setRevoking(null)}
      >
        <TextAreaField
          label={t('standing.revokeReason')}
          required
          value={comment}
          onChange={setComment}
          rows={3}
        />
        <ErrorAlert error={revoke.error} />
      </ConfirmDialog>
    </section>
  );
}
