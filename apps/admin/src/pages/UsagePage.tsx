import { lazy, Suspense, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithProgress } from '../api/client';
import { useAllMachines } from '../api/machines';
import { useSites } from '../api/sites';
import { sessionsCsvUrl, useAllSessions, useSessionPage, type SessionFilter } from '../api/usage';
import { DateInput, INVALID_DATE } from '../components/DateInput';
import { SiteSelect } from '../components/SiteSelect';
import { ErrorAlert, Notice, PageHeader, Pager, Spinner, TableRegion, useAnnounce } from '../components/ui';
import type { DayPoint } from '../components/UsageChart';
import { isMissingEndpoint } from '../lib/errors';
import { localDay, todayIso, useFormat } from '../lib/format';
import { useUrlFilters } from '../lib/useUrlFilters';
import { FilterForm } from '../components/forms';

// chart.js is loaded only here, and only once there is something to draw (an empty period shows no chart).
const UsageChart = lazy(() => import('../components/UsageChart'));

const PAGE_SIZE = 50;

function localMidnight(day: string, addDays = 0): string {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + addDays);
  return d.toISOString();
}
const CHART_LIMIT = 1000;

export default function UsagePage() {
  const { t } = useTranslation();
  const f = useFormat();
  const announce = useAnnounce();
  const machineSel = useId();
  const fromId = useId();
  const toId = useId();
  const { params, update, page, setPage } = useUrlFilters();
  const siteId = params.get('siteId') ?? '';
  const machineId = params.get('machineId') ?? '';
  const from = params.get('from') ?? todayIso(-29);
  const to = params.get('to') ?? todayIso();
  const sites = useSites();
  const machines = useAllMachines(siteId || undefined);
  const [exporting, setExporting] = useState<{ bytes: number; total: number | null } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  // The API takes instants and an exclusive end: local midnight of `from` up to local midnight after `to`.
  const filter: SessionFilter = { siteId, machineId, from: localMidnight(from), to: localMidnight(to, 1) };
  const list = useSessionPage(filter, page, PAGE_SIZE);
  const missing = isMissingEndpoint(list.error);

  // The chart needs every session of the period; fetch pages up to a limit and say when it was cut.
  const all = useAllSessions(filter, CHART_LIMIT, { enabled: !!list.data });

  const points: DayPoint[] = useMemo(() => {
    if (!all.data) return [];
    const days = new Map<string, DayPoint>();
    const start = new Date(`${from}T00:00:00`);
    const end = new Date(`${to}T00:00:00`);
    for (let d = new Date(start); d <= end && days.size < 370; d.setDate(d.getDate() + 1)) {
      const key = localDay(d.toISOString());
      days.set(key, { label: f.date(key), sessions: 0, hours: 0 });
    }
    for (const s of all.data.items) {
      const point = days.get(localDay(s.startedAt));
      if (!point) continue;
      point.sessions += 1;
      const end = s.endedAt ? Date.parse(s.endedAt) : Date.now();
      point.hours += Math.max(0, end - Date.parse(s.startedAt)) / 3_600_000;
    }
    return [...days.values()];
  }, [all.data, from, to, f]);

  const machineName = (id: string) => machines.data?.find((m) => m.id === id)?.name ?? id.slice(0, 8);
  const csvUrl = sessionsCsvUrl(filter);
  const totalSessions = points.reduce((a, p) => a + p.sessions, 0);
  const totalHours = points.reduce((a, p) => a + p.hours, 0);

  const exportCsv = async () => {
    setExportError(null);
    setExporting({ bytes: 0, total: null });
    try {
      await downloadWithProgress(csvUrl, `werkbank-nutzung-${from}-${to}.csv`, (bytes, total) =>
        setExporting({ bytes, total }),
      );
      announce(t('usage.exported'));
    } catch (e) {
      setExportError(e);
    } finally {
      setExporting(null);
    }
  };

  return (
    <>
      <PageHeader title={t('usage.title')}>
        <a
          className="button"
          href={csvUrl}
          download
          onClick={(e) => {
            e.preventDefault();
            void exportCsv();
          }}
          aria-disabled={!!exporting || missing}
        >
          {t('usage.exportCsv')}
        </a>
      </PageHeader>
      <FilterForm label={t('usage.filters')}>
        <SiteSelect
          sites={sites.data ?? []}
          value={siteId}
          allowAll
          onChange={(id) => update({ siteId: id, machineId: '' })}
        />
        <div className="field inline">
          <label htmlFor={machineSel}>{t('usage.machine')}</label>
          <select id={machineSel} value={machineId} onChange={(e) => update({ machineId: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {(machines.data ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field inline">
          <label htmlFor={fromId}>{t('usage.from')}</label>
          <DateInput
            id={fromId}
            value={from}
            onChange={(v) => v !== INVALID_DATE && v && update({ from: v })}
            className="narrow"
          />
        </div>
        <div className="field inline">
          <label htmlFor={toId}>{t('usage.to')}</label>
          <DateInput
            id={toId}
            value={to}
            onChange={(v) => v !== INVALID_DATE && v && update({ to: v })}
            className="narrow"
          />
        </div>
      </FilterForm>

      {exporting && (
        <div className="progress-box" role="status">
          <span className="spinner" aria-hidden="true" />{' '}
          {exporting.total
            ? t('usage.exportingOf', {
                done: f.number(exporting.bytes / 1024, 0),
                total: f.number(exporting.total / 1024, 0),
              })
            : t('usage.exporting', { done: f.number(exporting.bytes / 1024, 0) })}
          {exporting.total && (
            <progress max={exporting.total} value={exporting.bytes} aria-label={t('usage.exportCsv')} />
          )}
        </div>
      )}
      <ErrorAlert error={exportError} title={t('usage.exportFailed')} />

      {missing ? (
        <Notice kind="warning">{t('usage.missing')}</Notice>
      ) : (
        <>
          <ErrorAlert error={list.error} />
          <section aria-labelledby="usage-chart">
            <h2 id="usage-chart">{t('usage.perDay')}</h2>
            {all.isPending && list.data ? (
              <Spinner />
            ) : points.length > 0 ? (
              <>
                <p>
                  {t('usage.totals', {
                    count: totalSessions,
                    sessions: f.number(totalSessions),
                    hours: f.number(totalHours, 1),
                  })}
                  {all.data &&
                    all.data.total > all.data.items.length &&
                    ` ${t('usage.chartCut', { count: all.data.items.length })}`}
                </p>
                {totalSessions > 0 && (
                  <Suspense fallback={<Spinner />}>
                    <UsageChart
                      points={points}
                      locale={f.locale}
                      sessionsLabel={t('usage.sessions')}
                      hoursLabel={t('usage.hours')}
                      summary={t('usage.chartSummary', {
                        count: totalSessions,
                        sessions: f.number(totalSessions),
                        hours: f.number(totalHours, 1),
                        from: f.date(from),
                        to: f.date(to),
                      })}
                    />
                  </Suspense>
                )}
                {totalSessions > 0 && (
                  <details>
                    <summary>{t('usage.asTable')}</summary>
                    <TableRegion label={t('usage.perDay')}>
                      <table className="data compact">
                        <thead>
                          <tr>
                            <th scope="col">{t('usage.day')}</th>
                            <th scope="col">{t('usage.sessions')}</th>
                            <th scope="col">{t('usage.hours')}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {points.map((p) => (
                            <tr key={p.label}>
                              <td>{p.label}</td>
                              <td>{f.number(p.sessions)}</td>
                              <td>{f.number(p.hours, 1)}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </TableRegion>
                  </details>
                )}
              </>
            ) : null}
          </section>

          <section aria-labelledby="usage-list">
            <h2 id="usage-list">{t('usage.sessionsTitle')}</h2>
            {list.isPending ? (
              <Spinner />
            ) : list.data && list.data.items.length === 0 ? (
              <p>{t('usage.none')}</p>
            ) : list.data ? (
              <>
                <p className="result-count" aria-live="polite">
                  {t('usage.count', { count: list.data.total })}
                </p>
                <TableRegion label={t('usage.sessionsTitle')}>
                  <table className="data">
                    <thead>
                      <tr>
                        <th scope="col">{t('usage.started')}</th>
                        <th scope="col">{t('usage.ended')}</th>
                        <th scope="col">{t('usage.duration')}</th>
                        <th scope="col">{t('usage.machine')}</th>
                        <th scope="col">{t('usage.person')}</th>
                        <th scope="col">{t('usage.endReason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {list.data.items.map((s) => (
                        <tr key={s.id}>
                          <td>
                            {f.dateTime(s.startedAt)}
                            {s.offline && (
                              <>
                                {' '}
                                <span className="badge badge-warn" title={t('usage.offlineTitle')}>
                                  {t('usage.offline')}
                                </span>
                              </>
                            )}
                          </td>
                          <td>{s.endedAt ? f.dateTime(s.endedAt) : t('usage.running')}</td>
                          <td className="mono">
                            {f.duration(
                              (s.endedAt ? Date.parse(s.endedAt) : Date.now()) - Date.parse(s.startedAt),
                            )}
                          </td>
                          <td>{machineName(s.machineId)}</td>
                          <td>{s.memberName ?? <code>{s.memberKey.slice(0, 8)}</code>}</td>
                          <td>{s.endReason ? t(`enums.endReason.${s.endReason}`) : '–'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </TableRegion>
                <Pager page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
              </>
            ) : null}
          </section>
        </>
      )}
    </>
  );
}
