import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QualificationLevel } from '@werkbank/contracts';
import { useMachineTypes } from '../api/machines';
import { useMember } from '../api/members';
import { useQualifications } from '../api/qualifications';
import { useSites } from '../api/sites';
import { useStaffAccounts } from '../api/staff';
import { useExpiring, useRecordTraining } from '../api/trainings';
import type { MemberListItem, TrainingRecord } from '../api/types';
import { useAuth, useStaff } from '../app/auth';
import { DateField, INVALID_DATE } from '../components/DateInput';
import { TextAreaField, TextField } from '../components/fields';
import { MemberPicker } from '../components/MemberPicker';
import { ErrorAlert, Field, Notice, PageHeader, Spinner, TableRegion, useAnnounce } from '../components/ui';
import { filledIn, fullName, lastValidDay, todayIso, useFormat } from '../lib/format';

type Participant = Pick<MemberListItem, 'id' | 'firstName' | 'lastName'>;

export default function TrainingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('trainings.title')} />
      <RecordTrainingForm />
      <ExpiringList />
    </>
  );
}

function RecordTrainingForm() {
  const { t } = useTranslation();
  const me = useStaff();
  const { can } = useAuth();
  const announce = useAnnounce();
  const [params] = useSearchParams();
  const quals = useQualifications();
  const types = useMachineTypes();
  const staff = useStaffAccounts();
  const sites = useSites();
  const levelName = useId();

  const [qualificationId, setQualificationId] = useState('');
  const [level, setLevel] = useState<QualificationLevel>(QualificationLevel.Independent);
  const [trainerId, setTrainerId] = useState(me.id);
  const [trainedOn, setTrainedOn] = useState(todayIso());
  // Where it was held, for the funder report (M9); a lab with one site needs no choice (the server takes it).
  const [siteId, setSiteId] = useState('');
  const [contentVersion, setContentVersion] = useState('');
  const [comment, setComment] = useState('');
  const [participants, setParticipants] = useState<Participant[]>([]);
  const [done, setDone] = useState<{
    records: TrainingRecord[];
    names: Participant[];
    qualificationId: string;
  } | null>(null);

  // Coming from a member page: that member is the first participant.
  const preselect = params.get('memberId');
  const pre = useMember(preselect);
  useEffect(() => {
    if (pre.data) setParticipants((p) => (p.some((x) => x.id === pre.data.id) ? p : [...p, pre.data]));
  }, [pre.data]);

  const qualification = quals.data?.find((q) => q.id === qualificationId);
  const grouped = useMemo(() => {
    const byType = new Map<string, { name: string; items: NonNullable<typeof quals.data> }>();
    for (const q of quals.data ?? []) {
      const name = types.data?.find((x) => x.id === q.machineTypeId)?.name ?? '–';
      const entry = byType.get(q.machineTypeId) ?? { name, items: [] };
      entry.items.push(q);
      byType.set(q.machineTypeId, entry);
    }
    return [...byType.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [quals.data, types.data]);

  // The server checks that the trainer holds the trainer level (admins always may); list every active account.
  const trainers = (staff.data ?? []).filter((s) => s.active);

  const record = useRecordTraining({
    onSuccess: (records) => {
      setDone({ records, names: participants, qualificationId });
      announce(t('trainings.recorded', { count: records.length }));
      setParticipants([]);
      setComment('');
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!qualificationId || participants.length === 0) return;
    setDone(null);
    record.mutate({
      qualificationId,
      memberIds: participants.map((p) => p.id),
      level,
      ...(trainerId !== me.id ? { trainerId } : {}),
      trainedOn,
      ...(siteId ? { siteId } : {}),
      ...filledIn({ contentVersion, comment }),
    });
  };

  return (
    <section aria-labelledby="record-title" className="card-section">
      <h2 id="record-title">{t('trainings.recordTitle')}</h2>
      <p className="hint">{t('trainings.recordHint')}</p>
      {done && (
        <Notice kind="success" live>
          <p>
            <strong>{t('trainings.recorded', { count: done.records.length })}</strong>
          </p>
          <ul>
            {done.names.map((p) => (
              <li key={p.id}>
                {fullName(p)} –{' '}
                <Link to={`/members/${p.id}/proof/${done.qualificationId}`}>{t('standing.proof')}</Link>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <ErrorAlert error={record.error} title={t('trainings.notRecorded')} />
      {quals.isPending ? (
        <Spinner />
      ) : (quals.data ?? []).length === 0 ? (
        <Notice>
          {t('trainings.noQualifications')} <Link to="/qualifications">{t('nav.qualifications')}</Link>
        </Notice>
      ) : (
        <form onSubmit={submit} className="stack">
          <div className="grid-2">
            <Field label={t('trainings.qualification')} required>
              <select
                name="qualificationId"
                value={qualificationId}
                onChange={(e) => {
                  setQualificationId(e.target.value);
                  setContentVersion('');
                }}
              >
                <option value="">{t('common.choose')}</option>
                {grouped.map((g) => (
                  <optgroup key={g.name} label={g.name}>
                    {g.items.map((q) => (
                      <option key={q.id} value={q.id}>
                        {q.name}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </Field>
            <DateField
              label={t('trainings.trainedOn')}
              required
              name="trainedOn"
              value={trainedOn}
              onChange={setTrainedOn}
            />
            {(sites.data ?? []).length > 1 && (
              <Field label={t('trainings.site')} hint={t('trainings.siteHint')}>
                <select name="siteId" value={siteId} onChange={(e) => setSiteId(e.target.value)}>
                  <option value="">{t('trainings.siteUnknown')}</option>
                  {(sites.data ?? []).map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {can('trainings.chooseTrainer') ? (
              <Field label={t('trainings.trainer')} hint={t('trainings.trainerHint')}>
                <select name="trainerId" value={trainerId} onChange={(e) => setTrainerId(e.target.value)}>
                  {trainers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.displayName}
                    </option>
                  ))}
                  {trainers.length === 0 && <option value={me.id}>{me.displayName}</option>}
                </select>
              </Field>
            ) : (
              <div className="field">
                <span className="label-like">{t('trainings.trainer')}</span>
                <p>{t('trainings.trainerIsYou', { name: me.displayName })}</p>
              </div>
            )}
            <TextField
              label={t('trainings.contentVersion')}
              hint={
                qualification?.currentContentVersion
                  ? t('trainings.contentVersionHint', { version: qualification.currentContentVersion })
                  : undefined
              }
              name="contentVersion"
              value={contentVersion}
              placeholder={qualification?.currentContentVersion ?? ''}
              onChange={setContentVersion}
              maxLength={40}
            />
          </div>
          <fieldset>
            <legend>{t('trainings.level')}</legend>
            <div className="radio-row">
              {Object.values(QualificationLevel).map((l) => (
                <label key={l} className="radio">
                  <input
                    type="radio"
                    name={levelName}
                    value={l}
                    checked={level === l}
                    onChange={() => setLevel(l)}
                  />
                  {t(`enums.level.${l}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>{t('trainings.participants', { count: participants.length })}</legend>
            <MemberPicker
              label={t('trainings.addParticipant')}
              selectedIds={participants.map((p) => p.id)}
              onPick={(m) => setParticipants((p) => (p.length >= 100 ? p : [...p, m]))}
              pickLabel={(name) => t('trainings.addName', { name })}
            />
            {participants.length > 0 ? (
              <ul className="chips" aria-label={t('trainings.chosen')}>
                {participants.map((p) => (
                  <li key={p.id}>
                    {fullName(p)}
                    <button
                      type="button"
                      className="chip-remove"
                      onClick={() => setParticipants((list) => list.filter((x) => x.id !== p.id))}
                      aria-label={t('trainings.removeName', { name: fullName(p) })}
                    >
                      ×
                    </button>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('trainings.noParticipants')}</p>
            )}
          </fieldset>
          <TextAreaField
            label={t('trainings.comment')}
            name="comment"
            rows={2}
            value={comment}
            onChange={setComment}
            maxLength={2000}
          />
          <div className="form-actions">
            <button
              type="submit"
              className="primary"
              disabled={
                record.isPending ||
                !qualificationId ||
                participants.length === 0 ||
                !trainedOn ||
                trainedOn === INVALID_DATE
              }
            >
              {record.isPending ? t('common.saving') : t('trainings.submit', { count: participants.length })}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function ExpiringList() {
  const { t } = useTranslation();
  const f = useFormat();
  const daysId = useId();
  const [days, setDays] = useState(28);
  const expiring = useExpiring(days);
  const today = Date.parse(`${todayIso()}T00:00:00Z`);
  return (
    <section aria-labelledby="expiring-title" className="card-section">
      <h2 id="expiring-title">{t('trainings.expiringTitle')}</h2>
      <div className="field inline">
        <label htmlFor={daysId}>{t('trainings.within')}</label>
        <select id={daysId} value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[14, 28, 56, 90].map((d) => (
            <option key={d} value={d}>
              {t('trainings.days', { count: d })}
            </option>
          ))}
        </select>
      </div>
      <ErrorAlert error={expiring.error} />
      {expiring.isPending ? (
        <Spinner />
      ) : expiring.data && expiring.data.length === 0 ? (
        <p>{t('trainings.noneExpiring')}</p>
      ) : expiring.data ? (
        <TableRegion label={t('trainings.expiringTitle')}>
          <table className="data" id="expiring-table">
            <thead>
              <tr>
                <th scope="col">{t('members.name')}</th>
                <th scope="col">{t('trainings.qualification')}</th>
                <th scope="col">{t('standing.expiresOn')}</th>
                <th scope="col">{t('trainings.daysLeft')}</th>
              </tr>
            </thead>
            <tbody>
              {expiring.data.map((e) => (
                <tr key={`${e.memberId}-${e.qualificationId}`}>
                  <td>
                    <Link to={`/members/${e.memberId}`}>
                      {e.lastName}, {e.firstName}
                    </Link>
                  </td>
                  <td>{e.qualificationName}</td>
                  <td>{f.date(lastValidDay(e.expiresOn))}</td>
                  <td>{Math.round((Date.parse(`${e.expiresOn}T00:00:00Z`) - today) / 86_400_000)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      ) : null}
    </section>
  );
}
