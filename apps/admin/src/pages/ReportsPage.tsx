// The report builder: choose a period, sites and metrics; the figures for funders, every small count hidden.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report } from '@werkbank/contracts';
import { useReport, useReportMetrics, type ReportQuery } from '../api/reports';
import { useSites } from '../api/sites';
import { ErrorAlert, Notice, PageHeader, Spinner, useAnnounce } from '../components/ui';
import { useFormat } from '../lib/format';
import { useUrlFilters } from '../lib/useUrlFilters';
import { ExportButtons } from './reports/ExportButtons';
import { MetricCard } from './reports/MetricCard';
import { hasHidden, queryFromUrl, reportKey } from './reports/model';
import { ReportForm } from './reports/ReportForm';
import { UrbanRuralPanel } from './reports/UrbanRuralPanel';

const QUERY_KEYS = ['period', 'year', 'month', 'quarter', 'from', 'to', 'siteIds', 'metrics'] as const;

function ReportBody({ report }: { report: Report }) {
  const { t } = useTranslation();
  const f = useFormat();
  const k = report.threshold;
  const anyHidden = report.metrics.some((m) => m.measures.some(hasHidden));
  const empty = report.sites.filter((s) => !s.hasData);
  return (
    <>
      <p className="report-meta">
        {t('reports.meta', {
          lab: report.labName,
          from: f.date(report.period.from),
          to: f.date(report.period.to),
          days: report.period.days,
          pfrom: f.date(report.previousPeriod.from),
          pto: f.date(report.previousPeriod.to),
        })}{' '}
        <span className="muted">{t('reports.generated', { at: f.dateTime(report.generatedAt) })}</span>
      </p>
      <Notice kind={anyHidden ? 'warning' : 'info'}>
        <p data-testid="suppression-note">
          <strong>{t('reports.suppressionTitle')}</strong> {t('reports.suppression', { k })}
        </p>
        {anyHidden && <p>{t('reports.suppressionHidden', { k })}</p>}
      </Notice>
      {empty.length > 0 && (
        <Notice>
          <ul className="plain">
            {empty.map((s) => (
              <li key={s.id}>
                {s.name}: {t('reports.noData')}
              </li>
            ))}
          </ul>
        </Notice>
      )}
      {report.metrics.map((m) => (
        <MetricCard key={m.id} report={report} metric={m} />
      ))}
    </>
  );
}

export default function ReportsPage() {
  const { t } = useTranslation();
  const { params, update } = useUrlFilters();
  const sites = useSites();
  const metrics = useReportMetrics();
  const query = queryFromUrl(params);
  const report = useReport(query);
  const loading = !!query && report.isFetching;

  // The form starts over from the URL when it changes from outside (back/forward, a link), not after its own
  // submit: that would remount it and drop the keyboard focus from its button.
  const submitted = useRef<string | null>(null);
  const seen = useRef<string | null>(null);
  const generation = useRef(0);
  const urlKey = query ? reportKey(query) : '';
  if (urlKey !== seen.current) {
    if (seen.current !== null && urlKey !== submitted.current) generation.current += 1;
    seen.current = urlKey;
    submitted.current = null;
  }

  // Screen readers hear when the figures are there (the result renders below the long form).
  const announce = useAnnounce();
  const ready = report.data && !report.isFetching ? report.data.generatedAt : null;
  useEffect(() => {
    if (ready) announce(t('reports.ready'));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per report
  }, [ready]);
  // The server names the query's fields: say them as the form does.
  const fieldLabel = (field: string): string | undefined => {
    const own: Record<string, string> = {
      period: t('reports.period'),
      year: t('reports.year'),
      month: t('reports.month'),
      quarter: t('reports.quarter'),
      from: t('reports.from'),
      to: t('reports.to'),
      siteIds: t('reports.sites'),
      metrics: t('reports.metrics'),
    };
    return own[field.split('.')[0]];
  };

  const submit = (q: ReportQuery) => {
    submitted.current = reportKey(q);
    const patch: Record<string, string> = {};
    for (const key of QUERY_KEYS) patch[key] = q[key] ?? '';
    update(patch);
  };

  return (
    <>
      <PageHeader title={t('reports.title')} />
      <p className="hint">{t('reports.intro')}</p>
      <ErrorAlert error={sites.error ?? metrics.error} />
      {sites.data && metrics.data ? (
        <ReportForm
          key={generation.current}
          current={query}
          sites={sites.data}
          metrics={metrics.data}
          busy={loading}
          onSubmit={submit}
        />
      ) : (
        !sites.error && !metrics.error && <Spinner />
      )}

      {query && (
        <section className="report-result" aria-labelledby="report-result" aria-busy={loading}>
          <h2 id="report-result" className="report-result-title">
            {t('reports.result')}
          </h2>
          {loading && (
            <div
              className="progress-box"
              role="progressbar"
              aria-label={t('reports.loading')}
              aria-busy="true"
            >
              <span className="spinner" aria-hidden="true" /> {t('reports.loading')}
            </div>
          )}
          <ErrorAlert error={report.error} title={t('reports.failed')} fieldLabel={fieldLabel} />
          {report.data && !report.error && (
            <>
              <ExportButtons query={query} from={report.data.period.from} to={report.data.period.to} />
              <ReportBody report={report.data} />
            </>
          )}
        </section>
      )}
      <UrbanRuralPanel />
    </>
  );
}
