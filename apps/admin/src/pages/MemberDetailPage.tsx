import { useId, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { CardTechnology, MemberStatus } from '@werkbank/contracts';
import { api } from '../api/client';
import { useAllMachines, useSites } from '../api/queries';
import type { AuditEntry, Card, Member, Page, Standing, UsageSession } from '../api/types';
import { useAuth } from '../app/auth';
import { MemberStatusBadge, StandingBadge } from '../components/labels';
import { AuditTable } from '../components/AuditTable';
import {
  ConfirmDialog,
  Ctx,
  ErrorAlert,
  Field,
  Notice,
  PageHeader,
  Spinner,
  TableRegion,
  useAnnounce,
} from '../components/ui';
import { isMissingEndpoint } from '../lib/errors';
import { fullName, lastValidDay, useFormat } from '../lib/format';

export default function MemberDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const identity = can('members.identity');
  const client = useQueryClient();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const location = useLocation();
  const justSaved = (location.state as { saved?: boolean } | null)?.saved;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const sites = useSites();

  const member = useQuery({ queryKey: ['members', id], queryFn: () => api.get<Member>(`/members/${id}`) });

  const setStatus = useMutation({
    mutationFn: (status: MemberStatus) => api.patch<Member>(`/members/${id}`, { status }),
    onSuccess: async (m) => {
      client.setQueryData(['members', id], m);
      await Promise.all([
        client.invalidateQueries({ queryKey: ['members', 'list'] }),
        client.invalidateQueries({ queryKey: ['audit'] }),
      ]);
      announce(
        m.status === MemberStatus.Suspended
          ? t('member.suspendedNow', { name: fullName(m) })
          : t('member.reactivatedNow', { name: fullName(m) }),
      );
    },
  });

  const remove = useMutation({
    mutationFn: () => api.delete(`/members/${id}`),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['members'] });
      announce(t('member.deleted'));
      navigate('/members');
    },
  });

  if (member.isPending) return <Spinner />;
  if (member.error || !member.data) return <ErrorAlert error={member.error} />;
  const m = member.data;
  const site = sites.data?.find((s) => s.id === m.homeSiteId);
  const suspended = m.status === MemberStatus.Suspended;

  return (
    <>
      <PageHeader title={fullName(m)}>
        <MemberStatusBadge status={m.status} />
        {can('members.write') && (
          <>
            <Link className="button" to={`/members/${id}/edit`}>
              {t('common.edit')}
            </Link>
            <button
              type="button"
              className={suspended ? undefined : 'danger'}
              onClick={() => setStatus.mutate(suspended ? MemberStatus.Active : MemberStatus.Suspended)}
              disabled={setStatus.isPending}
            >
              {suspended ? t('member.reactivate') : t('member.suspend')}
            </button>
          </>
        )}
        {can('members.delete') && (
          <button type="button" className="danger-outline" onClick={() => setConfirmDelete(true)}>
            {t('member.delete')}
          </button>
        )}
      </PageHeader>
      {justSaved && <Notice kind="success">{t('member.savedNotice')}</Notice>}
      <ErrorAlert error={setStatus.error} />
      {suspended && <Notice kind="warning">{t('member.suspendedHint')}</Notice>}

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
          <dd>{site?.name ?? '–'}</dd>
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

      {can('cards.manage') && <CardsSection memberId={id} />}
      <QualificationsSection member={m} />
      {can('usage.view') && <UsageSection member={m} />}
      {can('audit.view') && <MemberAudit memberId={id} />}

      <ConfirmDialog
        open={confirmDelete}
        title={t('member.deleteTitle', { name: fullName(m) })}
        confirmLabel={t('member.deleteConfirm')}
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>{t('member.deleteText')}</p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
    </>
  );
}

function CardsSection({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const client = useQueryClient();
  const announce = useAnnounce();
  const cards = useQuery({
    queryKey: ['cards', memberId],
    queryFn: () => api.get<Card[]>(`/members/${memberId}/cards`),
  });
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['cards', memberId] }),
      client.invalidateQueries({ queryKey: ['audit'] }),
    ]);

  const toggle = useMutation({
    mutationFn: (card: Card) => api.post<Card>(`/cards/${card.id}/${card.blocked ? 'unblock' : 'block'}`),
    onSuccess: async (card) => {
      await refresh();
      announce(
        card.blocked
          ? t('cards.blockedNow', { suffix: card.uidSuffix })
          : t('cards.unblockedNow', { suffix: card.uidSuffix }),
      );
    },
  });
  const remove = useMutation({
    mutationFn: (card: Card) => api.delete(`/cards/${card.id}`),
    onSuccess: async () => {
      await refresh();
      announce(t('cards.removed'));
    },
  });

  return (
    <section aria-labelledby="sec-cards">
      <h2 id="sec-cards">{t('cards.title')}</h2>
      <ErrorAlert error={cards.error ?? toggle.error ?? remove.error} />
      {cards.data && cards.data.length === 0 && <p>{t('cards.none')}</p>}
      {cards.data && cards.data.length > 0 && (
        <TableRegion label={t('cards.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('cards.card')}</th>
                <th scope="col">{t('cards.technology')}</th>
                <th scope="col">{t('cards.state')}</th>
                <th scope="col">{t('cards.added')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {cards.data.map((c) => (
                <tr key={c.id}>
                  <td>
                    <code>…{c.uidSuffix}</code>
                    {c.label && <> · {c.label}</>}
                  </td>
                  <td>{t(`enums.cardTechnology.${c.technology}`)}</td>
                  <td>
                    {c.blocked ? (
                      <span className="badge badge-bad">
                        {t('cards.blockedSince', { date: f.dateTime(c.blockedAt) })}
                        {c.blockedReason && ` – ${c.blockedReason}`}
                      </span>
                    ) : (
                      <span className="badge badge-ok">{t('cards.active')}</span>
                    )}
                  </td>
                  <td>{f.date(c.createdAt)}</td>
                  <td className="actions">
                    <button
                      type="button"
                      className={c.blocked ? undefined : 'danger'}
                      onClick={() => toggle.mutate(c)}
                      disabled={toggle.isPending}
                    >
                      {c.blocked ? t('cards.unblock') : t('cards.block')}
                      <Ctx>{t('cards.cardSuffix', { suffix: c.uidSuffix })}</Ctx>
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => remove.mutate(c)}
                      disabled={remove.isPending}
                    >
                      {t('common.remove')}
                      <Ctx>{t('cards.cardSuffix', { suffix: c.uidSuffix })}</Ctx>
                    </button>
                    {can('audit.view') && (
                      <Link to={`/audit?entityType=card&entityId=${c.id}`}>
                        {t('cards.audit')}
                        <Ctx>{t('cards.cardSuffix', { suffix: c.uidSuffix })}</Ctx>
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      <AddCardForm memberId={memberId} onAdded={refresh} />
    </section>
  );
}

export function AddCardForm({
  memberId,
  onAdded,
  initialUid = '',
  initialTech,
}: {
  memberId: string;
  onAdded(): unknown;
  initialUid?: string;
  initialTech?: CardTechnology;
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const headingId = useId();
  const [uid, setUid] = useState(initialUid);
  const [technology, setTechnology] = useState<CardTechnology>(initialTech ?? CardTechnology.Em4100);
  const [label, setLabel] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.post<Card>(`/members/${memberId}/cards`, {
        uid: uid.trim(),
        technology,
        ...(label.trim() ? { label: label.trim() } : {}),
      }),
    onSuccess: async (card) => {
      setUid('');
      setLabel('');
      await onAdded();
      announce(t('cards.addedNow', { suffix: card.uidSuffix }));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate();
  };
  return (
    <form onSubmit={submit} className="inline-form" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('cards.addTitle')}</h3>
      <p className="hint">
        {t('cards.addHint')} <Link to={`/enrollment?memberId=${memberId}`}>{t('cards.enrollLink')}</Link>
      </p>
      <ErrorAlert error={add.error} />
      <div className="grid-3">
        <Field label={t('cards.uid')} hint={t('cards.uidHint')} required>
          <input
            name="uid"
            value={uid}
            onChange={(e) => setUid(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            minLength={8}
            maxLength={40}
            className="mono"
          />
        </Field>
        <Field label={t('cards.technology')}>
          <select
            name="technology"
            value={technology}
            onChange={(e) => setTechnology(e.target.value as CardTechnology)}
          >
            {Object.values(CardTechnology).map((v) => (
              <option key={v} value={v}>
                {t(`enums.cardTechnology.${v}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('cards.label')}>
          <input name="label" value={label} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
        </Field>
      </div>
      <button type="submit" className="primary" disabled={add.isPending || uid.trim().length < 8}>
        {t('cards.add')}
      </button>
    </form>
  );
}

function QualificationsSection({ member }: { member: Member }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [revoking, setRevoking] = useState<Standing | null>(null);
  const [comment, setComment] = useState('');
  const standing = useQuery({
    queryKey: ['standing', member.id],
    queryFn: () => api.get<Standing[]>(`/members/${member.id}/qualifications`),
  });
  const revoke = useMutation({
    mutationFn: (s: Standing) =>
      api.post('/trainings/revocations', {
        qualificationId: s.qualificationId,
        memberId: member.id,
        comment,
      }),
    onSuccess: async () => {
      setRevoking(null);
      setComment('');
      await client.invalidateQueries({ queryKey: ['standing', member.id] });
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
                      <button type="button" className="link-button" onClick={() => setRevoking(s)}>
                        {t('standing.revoke')}
                        <Ctx>{s.qualificationName}</Ctx>
                      </button>
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
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <Field label={t('standing.revokeReason')} required>
          <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={3} />
        </Field>
        <ErrorAlert error={revoke.error} />
      </ConfirmDialog>
    </section>
  );
}

/**
 * Sessions and visits of one member. Activity records carry the pseudonymous member key, so the lookup goes by
 * key (assumed routes: GET /api/sessions?memberKey= and GET /api/visits?memberKey=, see the report).
 */
function UsageSection({ member }: { member: Member }) {
  const { t } = useTranslation();
  const f = useFormat();
  const machines = useAllMachines();
  const sites = useSites();
  const sessions = useQuery({
    queryKey: ['sessions', 'member', member.memberKey],
    queryFn: () =>
      api.get<Page<UsageSession>>('/sessions', { memberKey: member.memberKey, pageSize: 20, order: 'desc' }),
    retry: false,
  });
  const visits = useQuery({
    queryKey: ['visits', 'member', member.memberKey],
    queryFn: () =>
      api.get<Page<{ id: string; siteId: string; at: string; source: string }>>('/visits', {
        memberKey: member.memberKey,
        pageSize: 20,
        order: 'desc',
      }),
    retry: false,
  });
  const machineName = (mid: string) => machines.data?.find((x) => x.id === mid)?.name ?? mid.slice(0, 8);
  const siteName = (sid: string) => sites.data?.find((x) => x.id === sid)?.name ?? sid.slice(0, 8);
  return (
    <section aria-labelledby="sec-usage">
      <h2 id="sec-usage">{t('member.usage')}</h2>
      <h3>{t('member.sessions')}</h3>
      {sessions.isPending && <Spinner />}
      {sessions.error &&
        (isMissingEndpoint(sessions.error) || (sessions.error as { status?: number }).status === 400 ? (
          <p className="muted">{t('common.notAvailableYet')}</p>
        ) : (
          <ErrorAlert error={sessions.error} />
        ))}
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
      {visits.error &&
        (isMissingEndpoint(visits.error) || (visits.error as { status?: number }).status === 400 ? (
          <p className="muted">{t('common.notAvailableYet')}</p>
        ) : (
          <ErrorAlert error={visits.error} />
        ))}
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

function MemberAudit({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const audit = useQuery({
    queryKey: ['audit', 'member', memberId],
    queryFn: () =>
      api.get<Page<AuditEntry>>('/audit', {
        entityType: 'member',
        entityId: memberId,
        pageSize: 20,
        order: 'desc',
      }),
  });
  return (
    <section aria-labelledby="sec-audit">
      <h2 id="sec-audit">{t('audit.memberTitle')}</h2>
      <ErrorAlert error={audit.error} />
      {audit.data && <AuditTable entries={audit.data.items} label={t('audit.memberTitle')} />}
    </section>
  );
}
