import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useBookings, useCancelBooking, type Booking } from '../api/bookings';
import { useEvents } from '../api/events';
import { useAllMachines } from '../api/machines';
import { useDeployments, useSites } from '../api/sites';
import { useAuth } from '../app/auth';
import { SiteSelect } from '../components/SiteSelect';
import { ConfirmDialog, ErrorAlert, PageHeader, Spinner } from '../components/ui';
import { todayIso, useFormat } from '../lib/format';
import { BookingForm } from './calendar/BookingForm';
import { addDays, daysOf, midnight, step, touchesDay, type CalendarView } from './calendar/calendar-range';

/** How many entries a month cell lists before "+n more" (the week view shows them all). */
const MONTH_CELL_ENTRIES = 3;

interface Entry {
  key: string;
  kind: 'event' | 'booking' | 'deployment';
  sortKey: string;
  node: React.ReactNode;
}

/** Events, machine bookings and mobile-lab deployments of one site, as a week or a month. */
export default function CalendarPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const sites = useSites();
  const [params, setParams] = useSearchParams();
  const siteId = params.get('site') ?? sites.data?.[0]?.id ?? '';
  const view: CalendarView = params.get('view') === 'month' ? 'month' : 'week';
  const anchor = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') ?? '') ? params.get('date')! : todayIso();
  const go = (next: Partial<{ site: string; view: CalendarView; date: string }>) =>
    setParams({ site: siteId, view, date: anchor, ...next }, { replace: true });
  const days = daysOf(view, anchor);
  const range = {
    from: midnight(days[0]).toISOString(),
    to: midnight(addDays(days.at(-1)!, 1)).toISOString(),
  };
  const enabled = siteId !== '';
  const events = useEvents({ ...range, siteId });
  const bookings = useBookings({ ...range, siteId }, enabled);
  const deployments = useDeployments(siteId);
  const machines = useAllMachines(siteId || undefined);
  const [booking, setBooking] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const cancel = useCancelBooking({ onSuccess: () => setCancelling(null) });
  const machineName = new Map((machines.data ?? []).map((m) => [m.id, m.name]));
  const span = (a: string, b: string) => `${f.timeShort(a)}–${f.timeShort(b)}`;

  const entriesOf = (day: string): Entry[] =>
    [
      ...(deployments.data ?? [])
        .filter((d) => d.startsOn <= day && d.endsOn >= day)
        .map((d) => ({
          key: `d-${d.id}`,
          kind: 'deployment' as const,
          sortKey: '0',
          node: (
            <span className="cal-entry cal-deployment">
              <span className="cal-kind">{t('calendar.kinds.deployment')}</span> {d.place}
            </span>
          ),
        })),
      ...(events.data ?? [])
        .filter((e) => touchesDay(e.startsAt, e.endsAt, day))
        .map((e) => ({
          key: `e-${e.id}`,
          kind: 'event' as const,
          sortKey: e.startsAt,
          node: (
            <Link
              to={can('events.attendance') ? `/events/${e.id}/attendance` : '/events'}
              className={`cal-entry cal-event${e.status === 'cancelled' ? ' is-cancelled' : ''}`}
            >
              <span className="cal-kind">{t('calendar.kinds.event')}</span> {span(e.startsAt, e.endsAt)}{' '}
              {e.title}
              {e.status === 'cancelled' && <> ({t('calendar.cancelled')})</>}
            </Link>
          ),
        })),
      ...(bookings.data ?? [])
        .filter((b) => touchesDay(b.startsAt, b.endsAt, day))
        .map((b) => {
          const label = `${span(b.startsAt, b.endsAt)} ${machineName.get(b.machineId) ?? ''}: ${
            b.memberName ?? t('calendar.erased')
          }`;
          return {
            key: `b-${b.id}`,
            kind: 'booking' as const,
            sortKey: b.startsAt,
            node: can('bookings.write') ? (
              <button type="button" className="cal-entry cal-booking" onClick={() => setCancelling(b)}>
                <span className="cal-kind">{t('calendar.kinds.booking')}</span> {label}
              </button>
            ) : (
              <span className="cal-entry cal-booking">
                <span className="cal-kind">{t('calendar.kinds.booking')}</span> {label}
              </span>
            ),
          };
        }),
    ].sort((a, b) => a.sortKey.localeCompare(b.sortKey));

  const month = anchor.slice(0, 7);
  return (
    <>
      <PageHeader title={t('calendar.title')}>
        {can('bookings.write') && (
          <button type="button" className="primary" onClick={() => setBooking(anchor)}>
            {t('calendar.book')}
          </button>
        )}
      </PageHeader>
      <div className="filters">
        {sites.data && <SiteSelect sites={sites.data} value={siteId} onChange={(site) => go({ site })} />}
        <div role="group" aria-label={t('calendar.viewLabel')} className="button-row">
          {(['week', 'month'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} onClick={() => go({ view: v })}>
              {t(`calendar.views.${v}`)}
            </button>
          ))}
        </div>
        <div role="group" aria-label={t('calendar.navLabel')} className="button-row">
          <button type="button" onClick={() => go({ date: step(view, anchor, -1) })}>
            {t('calendar.previous')}
          </button>
          <button type="button" onClick={() => go({ date: todayIso() })}>
            {t('calendar.today')}
          </button>
          <button type="button" onClick={() => go({ date: step(view, anchor, 1) })}>
            {t('calendar.next')}
          </button>
        </div>
      </div>
      <h2 aria-live="polite">
        {f.date(days[0])} – {f.date(days.at(-1)!)}
      </h2>
      {booking && machines.data && (
        <BookingForm machines={machines.data} day={booking} onDone={() => setBooking(null)} />
      )}
      <ErrorAlert error={events.error ?? bookings.error ?? cancel.error} />
      {events.isPending || bookings.isPending ? (
        <Spinner />
      ) : (
        <ol className={`calendar calendar-${view}`} aria-label={t(`calendar.views.${view}`)}>
          {days.map((day) => {
            const entries = entriesOf(day);
            const shown = view === 'month' ? entries.slice(0, MONTH_CELL_ENTRIES) : entries;
            const outside = view === 'month' && !day.startsWith(month);
            return (
              <li
                key={day}
                className={`cal-day${outside ? ' is-outside' : ''}${day === todayIso() ? ' is-today' : ''}`}
              >
                <h3 className="cal-date">
                  {f.weekday(((midnight(day).getDay() + 6) % 7) + 1).slice(0, 2)} {f.date(day)}
                </h3>
                <ul className="cal-entries">
                  {shown.map((e) => (
                    <li key={e.key}>{e.node}</li>
                  ))}
                </ul>
                {entries.length > shown.length && (
                  <button type="button" className="link" onClick={() => go({ view: 'week', date: day })}>
                    {t('calendar.more', { count: entries.length - shown.length })}
                  </button>
                )}
                {view === 'week' && can('bookings.write') && (
                  <button type="button" className="cal-add" onClick={() => setBooking(day)}>
                    {t('calendar.bookOn', { date: f.date(day) })}
                  </button>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <ConfirmDialog
        open={cancelling !== null}
        title={t('calendar.cancelTitle')}
        confirmLabel={t('calendar.cancelBooking')}
        danger
        busy={cancel.isPending}
        onConfirm={() => cancelling && cancel.mutate(cancelling.id)}
        onCancel={() => setCancelling(null)}
      >
        {cancelling && (
          <p>
            {machineName.get(cancelling.machineId)}, {f.dateTime(cancelling.startsAt)}–
            {f.timeShort(cancelling.endsAt)}, {cancelling.memberName ?? t('calendar.erased')}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
