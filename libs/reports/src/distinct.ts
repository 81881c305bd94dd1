import type { MeasureFigures, StoredCell } from './figures';
import { bucketOf } from './periods';

/** One person seen on one local day at one site, with the categories they count in. */
export interface PersonDay {
  readonly day: string;
  readonly siteId: string;
  /** Pseudonymous key; never leaves this function. */
  readonly person: string;
  /** breakdown → category (age band, gender, …) of the person. */
  readonly categories: Readonly<Record<string, string>>;
}

/**
 * A distinct count over a period (M2 users, M7 participants, M11 distinct users): each person once in the
 * total, once per site, once per chart bucket and once in their category of each breakdown — so the
 * categories add up to the total, the sites and buckets do not (one person at two sites counts at both).
 */
export function distinctFigures(
  measure: string,
  rows: Iterable<PersonDay>,
  dates: readonly string[],
  granularity: 'day' | 'week' | 'month',
): MeasureFigures {
  const inPeriod = new Set(dates);
  const buckets = [...new Set(dates.map((d) => bucketOf(d, granularity)))];
  const everyone = new Map<string, Readonly<Record<string, string>>>();
  const perSite = new Map<string, Set<string>>();
  const perBucket = new Map<string, Set<string>>(buckets.map((b) => [b, new Set()]));
  for (const row of rows) {
    if (!inPeriod.has(row.day)) continue;
    if (!everyone.has(row.person)) everyone.set(row.person, row.categories);
    let site = perSite.get(row.siteId);
    if (!site) perSite.set(row.siteId, (site = new Set()));
    site.add(row.person);
    perBucket.get(bucketOf(row.day, granularity))?.add(row.person);
  }
  const byBreakdown: Record<string, Record<string, number>> = {};
  for (const categories of everyone.values())
    for (const [breakdown, category] of Object.entries(categories)) {
      const counts = (byBreakdown[breakdown] ??= {});
      counts[category] = (counts[category] ?? 0) + 1;
    }
  return {
    measure,
    total: everyone.size,
    bySite: Object.fromEntries([...perSite].map(([siteId, people]) => [siteId, people.size])),
    byBreakdown,
    series: buckets.map((bucket) => ({ bucket, value: perBucket.get(bucket)!.size })),
  };
}

/** Cells of a low-volume record read at report time (an event, an incident): its total and one per breakdown. */
export function recordCells(
  day: string,
  siteId: string,
  measure: string,
  value: number,
  categories: Readonly<Record<string, string>> = {},
): StoredCell[] {
  return [
    { day, siteId, measure, breakdown: '', category: '', value },
    ...Object.entries(categories).map(([breakdown, category]) => ({
      day,
      siteId,
      measure,
      breakdown,
      category,
      value,
    })),
  ];
}
