// One measure of a metric: totals against the previous period, by site, over time, by category.
import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Report, ReportCount, ReportMeasure } from '@werkbank/contracts';
import { Spinner, TableRegion } from '../../components/ui';
import { useFormat, type Formatters } from '../../lib/format';
import { formatValue, hiddenMark, showCount, textLang } from './model';
import type { SeriesPoint } from './SeriesChart';
import { BreakdownTable } from './BreakdownTable';

// chart.js only loads with the first series to draw.
const SeriesChart = lazy(() => import('./SeriesChart'));

interface Props {
  report: Report;
  measure: ReportMeasure;
  /** Unique per measure on the page (heading ids). */
  idBase: string;
  /** Prefixes the table regions' names, which must be unique on the page (two metrics may share a measure). */
  metricId: string;
}

/** "2026-04-01", "2026-W14" or "2026-04" as a label in the UI language. */
export function bucketLabel(
  bucket: string,
  granularity: Report['granularity'],
  f: Formatters,
  weekWord: string,
) {
  if (granularity === 'week') {
    const m = /^(\d{4})-W(\d{2})$/.exec(bucket);
    return m ? `${weekWord} ${Number(m[2])}/${m[1]}` : bucket;
  }
  if (granularity === 'month') {
    const m = /^(\d{4})-(\d{2})$/.exec(bucket);
    if (!m) return bucket;
    return new Intl.DateTimeFormat(f.locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)),
    );
  }
  return f.date(bucket);
}

function Difference({
  measure,
  count,
  threshold,
}: {
  measure: ReportMeasure;
  count: ReportCount;
  threshold: number;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const mark = hiddenMark(count, threshold);
  if (mark !== null) return <span>{mark}</span>;
  const v = count.value!;
  const text = formatValue(measure.kind, measure.key, Math.abs(v), f);
  if (v > 0)
    return (
      <span className="diff diff-up">
        ▲ +{text} <span className="sr-only">{t('reports.more')}</span>
      </span>
    );
  if (v < 0)
    return (
      <span className="diff diff-down">
        ▼ −{text} <span className="sr-only">{t('reports.less')}</span>
      </span>
    );
  return <span className="diff">± {text}</span>;
}

export function MeasureView({ report, measure, idBase, metricId }: Props) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const lang = textLang(i18n.language);
  const k = report.threshold;
  const name = measure.name[lang];
  const show = (c: ReportCount) => showCount(measure, c, k, f);
  const siteName = (id: string) => report.sites.find((s) => s.id === id)?.name ?? id.slice(0, 8);
  const siteHasData = (id: string) => report.sites.find((s) => s.id === id)?.hasData ?? true;

  const points: SeriesPoint[] = useMemo(
    () =>
      measure.series.map((s) => ({
        label: bucketLabel(s.bucket, report.granularity, f, t('reports.week')),
        value: hiddenMark(s.value, k) === null ? s.value.value : null,
        mark: hiddenMark(s.value, k),
      })),
    [measure.series, report.granularity, f, t, k],
  );
  const hiddenBuckets = points.filter((p) => p.value === null);
  const shown = points.filter((p) => p.value !== null);
  const summary = [
    t('reports.chartSummary', {
      name,
      buckets: points.length,
      from: f.date(report.period.from),
      to: f.date(report.period.to),
      total: show(measure.total),
      max: shown.length
        ? formatValue(measure.kind, measure.key, Math.max(...shown.map((p) => p.value!)), f)
        : '–',
    }),
    hiddenBuckets.length > 0
      ? t('reports.chartHidden', {
          count: hiddenBuckets.length,
          buckets: hiddenBuckets.map((p) => `${p.label} (${p.mark})`).join(', '),
        })
      : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div className="report-measure">
      <h3 id={`${idBase}-h`}>{name}</h3>
      <dl className="report-totals">
        <div>
          <dt>{t('reports.total')}</dt>
          <dd data-testid={`${idBase}-total`}>{show(measure.total)}</dd>
        </div>
        <div>
          <dt>
            {t('reports.previous', {
              from: f.date(report.previousPeriod.from),
              to: f.date(report.previousPeriod.to),
            })}
          </dt>
          <dd>{show(measure.previousTotal)}</dd>
        </div>
        <div>
          <dt>{t('reports.difference')}</dt>
          <dd>
            <Difference measure={measure} count={measure.difference} threshold={k} />
          </dd>
        </div>
      </dl>

      {measure.bySite.length > 0 && (
        <TableRegion label={`${metricId}: ${t('reports.bySiteOf', { name })}`}>
          <table className="data compact">
            <caption>{t('reports.bySiteOf', { name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reports.site')}</th>
                <th scope="col" className="num">
                  {name}
                </th>
              </tr>
            </thead>
            <tbody>
              {measure.bySite.map((s) => (
                <tr key={s.siteId}>
                  <th scope="row">
                    {siteName(s.siteId)}
                    {!siteHasData(s.siteId) && <span className="muted"> – {t('reports.noData')}</span>}
                  </th>
                  <td className="num">{show(s.value)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t('reports.total')}</th>
                <td className="num">{show(measure.total)}</td>
              </tr>
            </tfoot>
          </table>
        </TableRegion>
      )}

      {points.length > 1 && (
        <>
          <h4>{t('reports.overTime')}</h4>
          {shown.length > 0 && (
            <Suspense fallback={<Spinner />}>
              <SeriesChart points={points} locale={f.locale} label={name} summary={summary} />
            </Suspense>
          )}
          <p className="hint">{summary}</p>
          <details>
            <summary>{t('reports.seriesAsTable', { name })}</summary>
            <TableRegion label={`${metricId}: ${t('reports.seriesOf', { name })}`}>
              <table className="data compact">
                <caption className="sr-only">{t('reports.seriesOf', { name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t(`reports.granularity.${report.granularity}`)}</th>
                    <th scope="col" className="num">
                      {name}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {measure.series.map((s, i) => (
                    <tr key={s.bucket}>
                      <th scope="row">{points[i].label}</th>
                      <td className="num">{show(s.value)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableRegion>
          </details>
        </>
      )}

      {measure.byBreakdown.map((b) => (
        <BreakdownTable key={b.breakdown} measure={measure} breakdown={b} threshold={k} metricId={metricId} />
      ))}
    </div>
  );
}
