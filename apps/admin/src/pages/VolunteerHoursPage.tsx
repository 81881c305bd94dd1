import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeleteHours, useLogHours, useVolunteerHours } from '../api/volunteer';
import type { MemberListItem } from '../api/types';
import { useAuth } from '../app/auth';
import { DateField, INVALID_DATE } from '../components/DateInput';
import { RowAction } from '../components/EditRow';
import { TextField } from '../components/fields';
import { FormCard, problemsOf } from '../components/forms';
import { MemberPicker } from '../components/MemberPicker';
import { SiteSelect } from '../components/SiteSelect';
import { ErrorAlert, PageHeader, Pager, Spinner, TableRegion, useAnnounce } from '../components/ui';
import { fullName, todayIso, useFormat } from '../lib/format';
import { useCurrentSite } from '../lib/useCurrentSite';

const PAGE_SIZE = 50;

/** Volunteer timesheets (funder metric M17): log hours, see and correct the list. */
export default function VolunteerHoursPage() {
  const { t } = useTranslation();
  const { siteId, setSiteId, sites, loading } = useCurrentSite();
  const [page, setPage] = useState(1);
  if (loading) return <Spinner />;
  return (
    <>
      <PageHeader title={t('volunteer.title')} />
      <div className="filters">
        <SiteSelect sites={sites} value={siteId} onChange={setSiteId} />
      </div>
      {siteId && <LogForm siteId={siteId} />}
      <HoursList siteId={siteId} page={page} onPage={setPage} />
    </>
  );
}

function LogForm({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const announce = useAnnounce();
  const f = useFormat();
  const others = can('volunteer.others');
  const [member, setMember] = useState<MemberListItem | null>(null);
  const [forMember, setForMember] = useState(false);
  const [date, setDate] = useState(todayIso());
  const [hours, setHours] = useState('');
  const [activity, setActivity] = useState('');
  const save = useLogHours({
    onSuccess: (saved) => {
      announce(t('volunteer.saved', { hours: f.number(saved.hours, 2) }));
      setHours('');
      setActivity('');
    },
  });
  const problem = problemsOf(save.error);
  // Decimal comma or point: "1,5" and "1.5" are both one and a half hours.
  const parsed = Number(hours.replace(',', '.'));
  const ready =
    hours.trim() !== '' &&
    Number.isFinite(parsed) &&
    activity.trim() !== '' &&
    date !== '' &&
    date !== INVALID_DATE &&
    (!forMember || member !== null);
  return (
    <FormCard
      title={t('volunteer.log')}
      save={save}
      disabled={!ready}
      onCancel={() => {
        setHours('');
        setActivity('');
        setMember(null);
      }}
      onSubmit={() =>
        save.mutate({
          siteId,
          date,
          hours: parsed,
          activity: activity.trim(),
          ...(forMember && member ? { memberId: member.id } : {}),
        })
      }
    >
      {others && (
        <fieldset>
          <legend>{t('volunteer.forWhom')}</legend>
          <div className="radio-row">
            <label className="radio">
              <input type="radio" name="forWhom" checked={!forMember} onChange={() => setForMember(false)} />
              {t('volunteer.myself')}
            </label>
            <label className="radio">
              <input type="radio" name="forWhom" checked={forMember} onChange={() => setForMember(true)} />
              {t('volunteer.forMember')}
            </label>
          </div>
          {forMember &&
            (member ? (
              <p>
                {t('volunteer.chosen', { name: fullName(member) })}{' '}
                <button type="button" className="link-button" onClick={() => setMember(null)}>
                  {t('common.remove')}
                </button>
              </p>
            ) : (
              <MemberPicker
                label={t('volunteer.member')}
                selectedIds={[]}
                pickLabel={(name) => t('volunteer.pickMember', { name })}
                onPick={setMember}
              />
            ))}
        </fieldset>
      )}
      <div className="grid-3">
        <DateField
          label={t('fields.date')}
          required
          name="date"
          value={date}
          error={problem('date')}
          onChange={setDate}
        />
        <TextField
          label={t('volunteer.hours')}
          hint={t('volunteer.hoursHint')}
          required
          inputMode="decimal"
          name="hours"
          value={hours}
          error={problem('hours')}
          onChange={setHours}
        />
        <TextField
          label={t('volunteer.activity')}
          required
          name="activity"
          maxLength={500}
          value={activity}
          error={problem('activity')}
          onChange={setActivity}
        />
      </div>
    </FormCard>
  );
}

function HoursList({ siteId, page, onPage }: { siteId: string; page: number; onPage(page: number): void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const announce = useAnnounce();
  const list = useVolunteerHours({ siteId, from: '', to: '' }, page, PAGE_SIZE);
  const remove = useDeleteHours({ onSuccess: () => announce(t('volunteer.deleted')) });
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="volunteer-list">
      <h2 id="volunteer-list">{t('volunteer.list')}</h2>
      <ErrorAlert error={list.error ?? remove.error} />
      {list.isPending ? (
        <Spinner />
      ) : items.length === 0 ? (
        <p>{t('volunteer.none')}</p>
      ) : (
        <>
          <p className="result-count">
            {t('volunteer.total', { hours: f.number(list.data?.hours ?? 0, 2) })}
          </p>
          <TableRegion label={t('volunteer.list')}>
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{t('fields.date')}</th>
                  <th scope="col">{t('volunteer.person')}</th>
                  <th scope="col">{t('volunteer.hours')}</th>
                  <th scope="col">{t('volunteer.activity')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={e.id}>
                    <td>{f.date(e.date)}</td>
                    <td>{e.personName ?? t('volunteer.erased')}</td>
                    <td>{f.number(e.hours, 2)}</td>
                    <td>{e.activity}</td>
                    <td className="actions">
                      <RowAction
                        label={t('common.remove')}
                        name={t('volunteer.deleteName', { date: f.date(e.date) })}
                        disabled={remove.isPending}
                        onClick={() => remove.mutate(e.id)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableRegion>
          <Pager page={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} onPage={onPage} />
        </>
      )}
    </section>
  );
}
