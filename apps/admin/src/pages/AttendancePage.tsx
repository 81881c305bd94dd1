import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  useAttendanceCounts,
  useAttendanceSheet,
  useMarkAttendance,
  useWalkIn,
  type Registration,
} from '../api/events';
import { MemberPicker } from '../components/MemberPicker';
import { NumberField } from '../components/fields';
import { Badge, ErrorAlert, PageHeader, Spinner } from '../components/ui';
import { useFormat } from '../lib/format';

/**
 * The tablet at the door (768 px and up): one big toggle per registration, a walk-in counter, a headcount for
 * open formats and the progress. Every write is idempotent, so a double tap does not count twice.
 */
export default function AttendancePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const f = useFormat();
  const sheet = useAttendanceSheet(id);
  const mark = useMarkAttendance(id);
  const counts = useAttendanceCounts(id);
  const walkIn = useWalkIn(id);
  const [headcount, setHeadcount] = useState('');
  const event = sheet.data?.event;
  useEffect(() => {
    if (event) setHeadcount(event.headcount === null ? '' : String(event.headcount));
  }, [event?.headcount]); // eslint-disable-line react-hooks/exhaustive-deps -- follow the server's value only
  if (sheet.isPending) return <Spinner />;
  if (!event) return <ErrorAlert error={sheet.error} />;
  const rows = (sheet.data?.registrations ?? []).filter((r) => r.status !== 'cancelled');
  const name = (r: Registration) =>
    r.memberName ??
    r.label ??
    (r.memberId === null && r.label === null ? t('attendance.erased') : t('attendance.unnamed'));
  const expected = Math.max(event.registeredCount, 1);
  return (
    <div className="attendance">
      <PageHeader title={t('events.attendanceOf', { name: event.title })}>
        <Link to="/events">{t('attendance.back')}</Link>
      </PageHeader>
      <p>
        {f.date(event.startsAt)} {f.timeShort(event.startsAt)}–{f.timeShort(event.endsAt)}
      </p>
      <div className="attendance-progress" role="status" aria-live="polite">
        <strong>
          {t('attendance.progress', { present: event.attendedCount, expected: event.registeredCount })}
        </strong>
        <progress max={expected} value={Math.min(event.attendedCount, expected)} aria-hidden="true" />
      </div>
      <ErrorAlert error={mark.error ?? counts.error ?? walkIn.error} />
      <h2>{t('attendance.registrations')}</h2>
      {rows.length === 0 ? (
        <p>{t('attendance.none')}</p>
      ) : (
        <ul className="attendance-list">
          {rows.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                className={`attendance-toggle${r.attended ? ' is-present' : ''}`}
                aria-pressed={r.attended}
                disabled={mark.isPending}
                onClick={() => mark.mutate({ registrationId: r.id, attended: !r.attended })}
              >
                <span className="attendance-mark" aria-hidden="true">
                  {r.attended ? '✓' : ''}
                </span>
                <span className="attendance-name">
                  {t('attendance.markPresent', { name: name(r) })}
                  {r.count > 1 && <span> ({t('attendance.persons', { count: r.count })})</span>}
                </span>
                {r.status === 'waitlisted' && <Badge tone="warn">{t('attendance.waitlisted')}</Badge>}
              </button>
            </li>
          ))}
        </ul>
      )}
      <section aria-labelledby="walkins-heading" className="attendance-counter">
        <h2 id="walkins-heading">{t('attendance.walkIns')}</h2>
        <div className="counter-row">
          <button
            type="button"
            className="counter-button"
            aria-label={t('attendance.walkInMinus')}
            disabled={event.walkIns === 0 || counts.isPending}
            onClick={() => counts.mutate({ walkIns: event.walkIns - 1 })}
          >
            −
          </button>
          <output className="counter-value" aria-live="polite">
            {event.walkIns}
          </output>
          <button
            type="button"
            className="counter-button"
            aria-label={t('attendance.walkInPlus')}
            disabled={counts.isPending}
            onClick={() => counts.mutate({ walkIns: event.walkIns + 1 })}
          >
            +
          </button>
        </div>
      </section>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          counts.mutate({ headcount: headcount === '' ? null : Number(headcount) });
        }}
      >
        <NumberField
          label={t('attendance.headcount')}
          hint={t('attendance.headcountHint')}
          value={headcount}
          onChange={setHeadcount}
          min={0}
        />
        <button type="submit" disabled={counts.isPending}>
          {t('attendance.saveHeadcount')}
        </button>
      </form>
      <MemberPicker
        label={t('attendance.addMember')}
        selectedIds={rows.map((r) => r.memberId).filter((m): m is string => m !== null)}
        onPick={(m) => walkIn.mutate({ memberId: m.id })}
        pickLabel={(n) => t('attendance.pickMember', { name: n })}
      />
    </div>
  );
}
