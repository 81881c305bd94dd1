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
 * total, once per site, once per chart bucket and once in each category they were seen in. A person has one
 * age band, gender, status: those categories add up to the total. The sites, the buckets and the machine
 * types do not (one person at two sites, or on a laser and a printer, counts at both).
 */
export function distinctFigures(
  measure: string,
  rows: Iterable<PersonDay>,
  dates: readonly string[],
  granularity: 'day' | 'week' | 'month',
): MeasureFigures {
  const inPeriod = new Set(dates);
  const buckets = [...new Set(dates.map((d) => bucketOf(d, granularity)))];
  const everyone = new Set<string>();
  const perSite = new Map<string, Set<string>>();
  const perBucket = new Map<string, Set<string>>(buckets.map((b) => [b, new Set()]));
  const perCategory = new Map<string, Map<string, Set<string>>>();
  for (const row of rows) {
    if (!inPeriod.has(row.day)) continue;
    everyone.add(row.person);
    let site = perSite.get(row.siteId);
    if (!site) perSite.set(row.siteId, (site = new Set()));
    site.add(row.person);
    perBucket.get(bucketOf(row.day, granularity))?.add(row.person);
    for (const breakdown in row.categories) {
      let categories = perCategory.get(breakdown);
      if (!categories) perCategory.set(breakdown, (categories = new Map()));
      const category = row.categories[breakdown];
      let people = categories.get(category);
      if (!people) categories.set(category, (people = new Set()));
      people.add(row.person);
    }
  }
  const byBreakdown: Record<string, Record<string, number>> = {};
  for (const [breakdown, categories] of perCategory)
    byBreakdown[breakdown] = Object.fromEntries([...categories].map(([c, people]) => [c, people.size]));
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
