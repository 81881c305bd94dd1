import { useTranslation } from 'react-i18next';
import { useAllMachines } from '../../api/machines';
import { useSites } from '../../api/sites';
import type { Member } from '../../api/types';
import { useMemberSessions, useMemberVisits } from '../../api/usage';
import { ErrorAlert, Spinner, TableRegion } from '../../components/ui';
import { isMissingEndpoint } from '../../lib/errors';
import { useFormat } from '../../lib/format';

/**
 * Sessions and visits of one member. Activity records carry the pseudonymous member key, so the lookup goes by
 * key (GET /api/sessions?memberKey= and GET /api/visits?memberKey=).
 */
export function UsageSection({ member }: { member: Member }) {
  const { t } = useTranslation();
  const f = useFormat();
  const machines = useAllMachines();
  const sites = useSites();
  const sessions = useMemberSessions(member.memberKey);
  const visits = useMemberVisits(member.memberKey);
  const machineName = (mid: string) => machines.data?.find((x) => x.id === mid)?.name ?? mid.slice(0, 8);
  const siteName = (sid: string) => sites.data?.find((x) => x.id === sid)?.name ?? sid.slice(0, 8);
  return (
    <section aria-labelledby="sec-usage">
      <h2 id="sec-usage">{t('member.usage')}</h2>
      <h3>{t('member.sessions')}</h3>
      {sessions.isPending && <Spinner />}
      <NotAvailableOrError error={sessions.error} />
      {sessions.data &&
        (sessions.data.items.length === 0 ? (
          <p>{t('member.noSessions')}</p>
        ) : (
          <TableRegion label={t('member.sessions')}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('usage.started')}</th>
                  <th scope="col">{t('usage.machine')}</th>
                  <th scope="col">{t('usage.duration')}</th>
                  <th scope="col">{t('usage.endReason')}</th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.items.map((s) => (
                  <tr key={s.id}>
                    <td>{f.dateTime(s.startedAt)}</td>
                    <td>{machineName(s.machineId)}</td>
                    <td>
                      {s.endedAt
                        ? f.duration(Date.parse(s.endedAt) - Date.parse(s.startedAt))
                        : t('usage.running')}
                    </td>
                    <td>{s.endReason ? t(`enums.endReason.${s.endReason}`) : '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
        ))}
      <h3>{t('member.visits')}</h3>
      {visits.isPending && <Spinner />}
      <NotAvailableOrError error={visits.error} />
      {visits.data &&
        (visits.data.items.length === 0 ? (
          <p>{t('member.noVisits')}</p>
        ) : (
          <ul>
            {visits.data.items.map((v) => (
              <li key={v.id}>
                {f.dateTime(v.at)} · {siteName(v.siteId)}
              </li>
            ))}
          </ul>
        ))}
    </section>
  );
}

/** A server without the activity routes (or refusing the key filter) is not an error worth a red box. */
function NotAvailableOrError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  if (isMissingEndpoint(error) || (error as { status?: number }).status === 400)
    return <p className="muted">{t('common.notAvailableYet')}</p>;
  return <ErrorAlert error={error} />;
}
