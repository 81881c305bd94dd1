import type { MeasureFigures } from './figures';
import { type PublishedCount, type SuppressedReport, suppressSmallCells } from './suppression';

/** One measure as a report shows it: every person count through suppression, the previous period beside it. */
export interface PublishedMeasure {
  readonly measure: string;
  readonly total: PublishedCount;
  readonly previousTotal: PublishedCount;
  readonly difference: PublishedCount;
  readonly bySite: { siteId: string; value: PublishedCount }[];
  readonly byBreakdown: {
    breakdown: string;
    categories: { category: string; value: PublishedCount }[];
  }[];
  readonly series: { bucket: string; value: PublishedCount }[];
  /** False when a tiny table could only be protected against exact recomputation (docs/reports.md). */
  readonly intervalSafe: boolean;
}

const HIDDEN: PublishedCount = { value: null, suppressed: true, reason: 'secondary' };

/** A one-column table: rows are the parts, its column total the measure's total. */
function column(values: readonly number[], previous: readonly number[], threshold: number): SuppressedReport {
  return suppressSmallCells(
    values.map((v) => [v]),
    { previous: previous.map((v) => [v]), threshold },
  );
}

/**
 * Publishes a measure's site split, breakdowns and series. Each is its own table sharing the total with the
 * others. When any table had to hide the total, it is hidden everywhere, and so is every non-zero part of
 * every table (the parts of a table add up to the total, so one fully shown table would give it away).
 * `previous` must cover the same sites, categories and as many buckets (the previous period's figures).
 */
export function publishMeasure(
  current: MeasureFigures,
  previous: MeasureFigures,
  siteIds: readonly string[],
  threshold: number,
): PublishedMeasure {
  const sites = column(
    siteIds.map((s) => current.bySite[s] ?? 0),
    siteIds.map((s) => previous.bySite[s] ?? 0),
    threshold,
  );
  const breakdowns = Object.keys({ ...current.byBreakdown, ...previous.byBreakdown })
    .sort()
    .map((breakdown) => {
      const now = current.byBreakdown[breakdown] ?? {};
      const before = previous.byBreakdown[breakdown] ?? {};
      const categories = Object.keys({ ...now, ...before }).sort();
      const table = column(
        categories.map((c) => now[c] ?? 0),
        categories.map((c) => before[c] ?? 0),
        threshold,
      );
      return { breakdown, categories, table };
    });
  const series = column(
    current.series.map((s) => s.value),
    current.series.map((_, i) => previous.series[i]?.value ?? 0),
    threshold,
  );
  const tables = [sites, series, ...breakdowns.map((b) => b.table)];
  const hide = (pick: (r: SuppressedReport) => PublishedCount | undefined) =>
    tables.some((t) => pick(t)?.suppressed === true);
  const totalHidden = hide((t) => t.current.grandTotal);
  const previousHidden = hide((t) => t.previous?.grandTotal);
  // A total hidden in one table would be the sum of another table's shown parts: then no part is shown.
  const cellsOf = (t: SuppressedReport) =>
    t.current.cells.map(([cell]) => (totalHidden && !cell.suppressed && cell.value !== 0 ? HIDDEN : cell));
  return {
    measure: current.measure,
    total: totalHidden ? hiddenAs(sites.current.grandTotal) : sites.current.grandTotal,
    previousTotal: previousHidden ? hiddenAs(sites.previous!.grandTotal) : sites.previous!.grandTotal,
    difference: totalHidden || previousHidden ? HIDDEN : sites.difference!.grandTotal,
    bySite: siteIds.map((siteId, i) => ({ siteId, value: cellsOf(sites)[i] })),
    byBreakdown: breakdowns.map(({ breakdown, categories, table }) => ({
      breakdown,
      categories: categories.map((category, i) => ({ category, value: cellsOf(table)[i] })),
    })),
    series: current.series.map((s, i) => ({ bucket: s.bucket, value: cellsOf(series)[i] })),
    intervalSafe: tables.every((t) => t.intervalSafe),
  };
}

/** A total that another table had to hide: small ones stay "<k", others become "•". */
function hiddenAs(count: PublishedCount): PublishedCount {
  return count.suppressed ? count : HIDDEN;
}
