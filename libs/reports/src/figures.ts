import { bucketOf } from './periods';

/** A stored daily cell as the report reads it ('' for a total's breakdown and category). */
export interface StoredCell {
  readonly day: string;
  readonly siteId: string;
  readonly measure: string;
  readonly breakdown: string;
  readonly category: string;
  readonly value: number;
}

/** One measure of a report over a period and a set of sites, before suppression. */
export interface MeasureFigures {
  readonly measure: string;
  readonly total: number;
  readonly bySite: Readonly<Record<string, number>>;
  /** breakdown → category → value; every breakdown adds up to the total. */
  readonly byBreakdown: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** The total per chart bucket (day, ISO week or month), every bucket of the period present, in order. */
  readonly series: readonly { bucket: string; value: number }[];
}

/**
 * Sums daily cells of summable measures (visits, sessions, hours) into a report's figures. Distinct counts
 * (users, participants) are not sums of days and never come from here.
 */
export function figuresOf(
  cells: Iterable<StoredCell>,
  measures: readonly string[],
  dates: readonly string[],
  granularity: 'day' | 'week' | 'month',
): MeasureFigures[] {
  const buckets = [...new Set(dates.map((d) => bucketOf(d, granularity)))];
  const inPeriod = new Set(dates);
  const acc = new Map(
    measures.map((measure) => [
      measure,
      {
        total: 0,
        bySite: {} as Record<string, number>,
        byBreakdown: {} as Record<string, Record<string, number>>,
        series: new Map(buckets.map((b) => [b, 0])),
      },
    ]),
  );
  for (const cell of cells) {
    const figures = acc.get(cell.measure);
    if (!figures || !inPeriod.has(cell.day)) continue;
    if (cell.breakdown === '') {
      figures.total += cell.value;
      figures.bySite[cell.siteId] = (figures.bySite[cell.siteId] ?? 0) + cell.value;
      const bucket = bucketOf(cell.day, granularity);
      figures.series.set(bucket, (figures.series.get(bucket) ?? 0) + cell.value);
    } else {
      const categories = (figures.byBreakdown[cell.breakdown] ??= {});
      categories[cell.category] = (categories[cell.category] ?? 0) + cell.value;
    }
  }
  return measures.map((measure) => {
    const f = acc.get(measure)!;
    return {
      measure,
      total: f.total,
      bySite: f.bySite,
      byBreakdown: f.byBreakdown,
      series: [...f.series].map(([bucket, value]) => ({ bucket, value })),
    };
  });
}
