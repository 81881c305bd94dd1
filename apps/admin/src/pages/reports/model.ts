// The report builder's pure parts: the query in the URL, and how a (possibly hidden) figure is shown.
import { MeasureKind, type ReportCount, type ReportMeasure } from '@werkbank/contracts';
import type { ReportQuery } from '../../api/reports';
import type { Formatters } from '../../lib/format';

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** The UI language as the report's texts are keyed. */
export const textLang = (lang: string): 'de' | 'en' => (lang === 'en' ? 'en' : 'de');

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isInt = (v: string | undefined, min: number, max: number) =>
  !!v && /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max;

/** The report the URL asks for, or null while it names none (or not a complete one). */
export function queryFromUrl(params: URLSearchParams): ReportQuery | null {
  const period = params.get('period') as PeriodKind | null;
  if (!period || !PERIOD_KINDS.includes(period)) return null;
  const get = (k: string) => params.get(k) ?? undefined;
  const q: ReportQuery = {
    period,
    year: get('year'),
    month: get('month'),
    quarter: get('quarter'),
    from: get('from'),
    to: get('to'),
    siteIds: get('siteIds'),
    metrics: get('metrics'),
  };
  if (period === 'custom') {
    if (!q.from || !q.to || !DAY.test(q.from) || !DAY.test(q.to)) return null;
  } else if (!isInt(q.year, 2000, 2100)) return null;
  if (period === 'month' && !isInt(q.month, 1, 12)) return null;
  if (period === 'quarter' && !isInt(q.quarter, 1, 4)) return null;
  return q;
}

/** The comma list of the URL, or null for "all" (absent). */
export const listOf = (value: string | undefined | null): string[] | null =>
  value ? value.split(',').filter(Boolean) : null;

/**
 * A figure as text, with `displayCount`'s semantics (@werkbank/reports): a hidden value is never printed: "<k"
 * for a count below the threshold, "•" for one hidden so that a small one cannot be recomputed.
 */
export function hiddenMark(count: ReportCount, threshold: number): string | null {
  if (!count.suppressed && count.value !== null) return null;
  return count.reason === 'primary' ? `<${threshold}` : '•';
}

export function formatValue(kind: ReportMeasure['kind'], key: string, value: number, f: Formatters): string {
  switch (kind) {
    case MeasureKind.Hours:
      return f.number(value, 1);
    case MeasureKind.Share:
      // Shares come as fractions (0…1).
      return f.percent(value);
    case MeasureKind.Amount:
      return key.endsWith('Cents') ? f.number(value / 100, 2) : f.number(value);
    default:
      return f.number(value);
  }
}

export function showCount(
  measure: Pick<ReportMeasure, 'kind' | 'key'>,
  count: ReportCount,
  threshold: number,
  f: Formatters,
): string {
  return hiddenMark(count, threshold) ?? formatValue(measure.kind, measure.key, count.value!, f);
}

/** Whether anything in the measure is hidden (the page then explains the marks). */
export function hasHidden(measure: ReportMeasure): boolean {
  const counts = [
    measure.total,
    measure.previousTotal,
    measure.difference,
    ...measure.bySite.map((s) => s.value),
    ...measure.series.map((s) => s.value),
    ...measure.byBreakdown.flatMap((b) => b.categories.map((c) => c.value)),
  ];
  return counts.some((c) => c.suppressed || c.value === null);
}

/** Year, month, quarter of today (the form's defaults: the last complete quarter would hide this one's data). */
export function defaultsNow(now = new Date()) {
  return {
    year: String(now.getFullYear()),
    month: String(now.getMonth() + 1),
    quarter: String(Math.floor(now.getMonth() / 3) + 1),
  };
}

/** A stable text of a query (the form restarts from the URL when it changes, e.g. on back/forward). */
export const reportKey = (q: ReportQuery): string =>
  JSON.stringify(
    Object.entries(q)
      .filter(([, v]) => v)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
