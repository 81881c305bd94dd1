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
 * total, once per site, once per chart bucket and once in their category of each breakdown (their first row's:
 * a person has one age band) — so the categories add up to the total, the sites and buckets do not (one
 * person at two sites counts at both). Several categories per person (machine types): `distinctOfPeople`.
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

/** One person of a distinct count, as the database summed them up for a period. */
export interface PersonInPeriod {
  readonly siteIds: readonly string[];
  /** One category per breakdown (age band, gender, …). */
  readonly categories: Readonly<Record<string, string>>;
  /** Several categories per breakdown (the machine types they used). */
  readonly multi: Readonly<Record<string, readonly string[]>>;
  /** The chart buckets they were seen in. */
  readonly buckets: readonly string[];
}

/**
 * `distinctFigures` for a measure whose days are too many to read (M11: ~200 000 a quarter): the database
 * gives one row per person with the sites, machine types and buckets they were seen in; the rules are the
 * same (each person once in the total, once per site, bucket and category).
 */
export function distinctOfPeople(
  measure: string,
  people: Iterable<PersonInPeriod>,
  dates: readonly string[],
  granularity: 'day' | 'week' | 'month',
): MeasureFigures {
  const buckets = [...new Set(dates.map((d) => bucketOf(d, granularity)))];
  const perBucket = new Map<string, number>(buckets.map((b) => [b, 0]));
  const bySite: Record<string, number> = {};
  const byBreakdown: Record<string, Record<string, number>> = {};
  const count = (breakdown: string, category: string) => {
    const counts = (byBreakdown[breakdown] ??= {});
    counts[category] = (counts[category] ?? 0) + 1;
  };
  let total = 0;
  for (const p of people) {
    total++;
    for (const siteId of new Set(p.siteIds)) bySite[siteId] = (bySite[siteId] ?? 0) + 1;
    for (const b of new Set(p.buckets)) if (perBucket.has(b)) perBucket.set(b, perBucket.get(b)! + 1);
    for (const breakdown in p.categories) count(breakdown, p.categories[breakdown]);
    for (const breakdown in p.multi) for (const c of new Set(p.multi[breakdown])) count(breakdown, c);
  }
  return {
    measure,
    total,
    bySite,
    byBreakdown,
    series: buckets.map((bucket) => ({ bucket, value: perBucket.get(bucket)! })),
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
