import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useCancelEvent, useEvents, type Event } from '../api/events';
import { useSites } from '../api/sites';
import { useAuth } from '../app/auth';
import { DateInput, INVALID_DATE } from '../components/DateInput';
import { SiteFilter, useSiteFilter } from '../components/SiteSelect';
import { Badge, ConfirmDialog, ErrorAlert, PageHeader, Spinner, TableRegion } from '../components/ui';
import { todayIso, useFormat } from '../lib/format';
import { EventForm } from './events/EventForm';
import { PartnersSection } from './events/PartnersSection';

/** Start of a local day as an instant (the browser runs in the lab's zone). */
const dayStart = (day: string) => new Date(`${day}T00:00`).toISOString();

export default function EventsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const sites = useSites();
  const [siteId, setSiteId] = useSiteFilter();
  const [from, setFrom] = useState(todayIso(-1));
  const [to, setTo] = useState(todayIso(42));
  const [form, setForm] = useState<'event' | 'series' | null>(null);
  const [cancelling, setCancelling] = useState<Event | null>(null);
  const fromId = useId();
  const toId = useId();
  const valid = from && to && from !== INVALID_DATE && to !== INVALID_DATE;
  const events = useEvents(valid ? { from: dayStart(from), to: dayStart(to), siteId } : { siteId });
  const cancel = useCancelEvent({ onSuccess: () => setCancelling(null) });
  const siteName = new Map((sites.data ?? []).map((s) => [s.id, s.name]));
  const feedSite = siteId || sites.data?.[0]?.id;
  return (
    <>
      <PageHeader title={t('events.title')}>
        {can('events.write') && (
          <>
            <button type="button" className="primary" onClick={() => setForm('event')}>
              {t('events.newEvent')}
            </button>
            <button type="button" onClick={() => setForm('series')}>
              {t('events.newSeries')}
            </button>
          </>
        )}
      </PageHeader>
      <p>{t('events.intro')}</p>
      {form && sites.data && (
        <EventForm key={form} sites={sites.data} series={form === 'series'} onDone={() => setForm(null)} />
      )}
      <div className="filters">
        <SiteFilter sites={sites.data} value={siteId} onChange={setSiteId} />
        <div className="field inline">
          <label htmlFor={fromId}>{t('events.from')}</label>
          <DateInput id={fromId} value={from} onChange={setFrom} />
        </div>
        <div className="field inline">
          <label htmlFor={toId}>{t('events.to')}</label>
          <DateInput id={toId} value={to} onChange={setTo} />
        </div>
      </div>
      <ErrorAlert error={events.error ?? cancel.error} />
      {events.isPending ? (
        <Spinner />
      ) : (events.data ?? []).length === 0 ? (
        <p>{t('events.none')}</p>
      ) : (
        <TableRegion label={t('events.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('events.when')}</th>
                <th scope="col">{t('events.name')}</th>
                <th scope="col">{t('events.format')}</th>
                <th scope="col">{t('sites.site')}</th>
                <th scope="col">{t('events.registered')}</th>
                <th scope="col">{t('events.waitlist')}</th>
                <th scope="col">{t('events.present')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(events.data ?? []).map((e) => (
                <tr key={e.id}>
                  <td>
                    {f.date(e.startsAt)} {f.timeShort(e.startsAt)}–{f.timeShort(e.endsAt)}
                  </td>
                  <td>
                    {e.title} {e.seriesId && <Badge tone="info">{t('events.series')}</Badge>}{' '}
                    {e.status === 'cancelled' && <Badge tone="bad">{t('events.statuses.cancelled')}</Badge>}
                  </td>
                  <td>{t(`events.formats.${e.format}`)}</td>
                  <td>{siteName.get(e.siteId) ?? '–'}</td>
                  <td>
                    {e.registeredCount} / {e.capacity ?? t('events.unlimited')}
                  </td>
                  <td>{e.waitlistCount}</td>
                  <td>{e.headcount ?? e.attendedCount}</td>
                  <td className="row-actions">
                    {can('events.attendance') && e.status !== 'cancelled' && (
                      <Link className="button" to={`/events/${e.id}/attendance`}>
                        {t('events.attendance')}
                        <span className="sr-only"> – {e.title}</span>
                      </Link>
                    )}
                    {can('events.write') && e.status !== 'cancelled' && (
                      <button type="button" className="danger-outline" onClick={() => setCancelling(e)}>
                        {t('events.cancel')}
                        <span className="sr-only"> – {e.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {feedSite && (
        <section aria-labelledby="feed-heading">
          <h2 id="feed-heading">{t('events.feed')}</h2>
          <p className="hint">{t('events.feedHint')}</p>
          <p className="mono">{`${window.location.origin}/api/public/sites/${feedSite}/calendar.ics`}</p>
        </section>
      )}
      <PartnersSection canWrite={can('events.write')} />
      <ConfirmDialog
        open={!!cancelling}
        title={t('events.cancelTitle', { name: cancelling?.title ?? '' })}
        confirmLabel={t('events.cancel')}
        danger
        busy={cancel.isPending}
        onConfirm={() => cancelling && cancel.mutate(cancelling.id)}
        onCancel={() => setCancelling(null)}
      >
        <p>{t('events.cancelText')}</p>
      </ConfirmDialog>
    </>
  );
}
