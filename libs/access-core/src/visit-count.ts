import { addDaysToDate, localDateOf } from './site-clock.util';

/**
 * What counts once (funder-reports.md M1–M3, docs/visits.md). Pure: no clock, no I/O; the caller passes the
 * records of a loose instant window and the period as local dates, and days are cut in each site's zone here.
 *
 * - **Entries (M1)**: every check-in row is one entry, as the German library statistics (DBS) count: the same
 *   member twice a day at one site is two entries. Every anonymous check-in is one entry, and a headcount adds
 *   its count.
 * - **Persons (per site and day)**: one person per member key, site and local day (the member twice a day at
 *   one site is one person; at two sites one at each); every anonymous check-in is one person of its own (it
 *   carries no key to tell two apart), and a headcount adds its count as persons.
 * - **Distinct members (M2)**: distinct member keys with at least one check-in in the period (across the
 *   sites given). Anonymous check-ins and headcounts are never registered people.
 * - **New members (M3)**: members whose first check-in ever (`firstVisitAt`, else the earliest in the input)
 *   falls in the period; counted on that day at that site.
 */
export interface CountableVisit {
  readonly siteId: string;
  /** Epoch ms of the check-in. */
  readonly at: number;
  /** The member's pseudonymous key; null for an anonymous check-in. */
  readonly memberKey: string | null;
}

export interface CountableHeadcount {
  readonly siteId: string;
  /** The local date the count is for ('YYYY-MM-DD'). */
  readonly day: string;
  readonly count: number;
}

export interface VisitCountOptions {
  /** The sites to count, each with its IANA zone; records of other sites are ignored. */
  readonly sites: readonly { readonly siteId: string; readonly timeZone: string }[];
  /** First and last local day of the period, inclusive ('YYYY-MM-DD'). */
  readonly from: string;
  readonly to: string;
  /** Each member's first check-in ever (epoch ms), for M3; a key missing here is new at its earliest input row. */
  readonly firstVisitAt?: ReadonlyMap<string, number>;
}

export interface DailyVisitCount {
  readonly siteId: string;
  readonly day: string;
  /** M1: every entry. */
  readonly entries: number;
  /** Members (once each) + anonymous check-ins + headcount. */
  readonly persons: number;
  /** Distinct members checked in that day at that site. */
  readonly members: number;
  readonly anonymous: number;
  readonly headcount: number;
  /** Members whose first check-in ever was this day at this site. */
  readonly newMembers: number;
}

export interface VisitCountTotals {
  readonly entries: number;
  /** Σ persons of the days: one per person, site and day. */
  readonly personDays: number;
  /** M2: distinct members over the whole period and all sites given. */
  readonly distinctMembers: number;
  readonly anonymous: number;
  readonly headcount: number;
  /** M3. */
  readonly newMembers: number;
}

export interface VisitCount {
  /** Every day of the period for every site, in site order then day order (zero days included). */
  readonly days: readonly DailyVisitCount[];
  readonly totals: VisitCountTotals;
}

interface DayCell {
  entries: number;
  anonymous: number;
  headcount: number;
  members: Set<string>;
  newMembers: Set<string>;
}

/** The days from `from` to `to` inclusive; empty when `to` is before `from`. */
export function daysOfPeriod(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDaysToDate(day, 1)) days.push(day);
  return days;
}

export function countVisits(
  visits: readonly CountableVisit[],
  headcounts: readonly CountableHeadcount[],
  options: VisitCountOptions,
): VisitCount {
  const zones = new Map(options.sites.map((s) => [s.siteId, s.timeZone]));
  const inPeriod = (day: string) => day >= options.from && day <= options.to;
  const cells = new Map<string, DayCell>();
  const cell = (siteId: string, day: string): DayCell => {
    const key = `${siteId}\u0000${day}`;
    let found = cells.get(key);
    if (!found) {
      found = { entries: 0, anonymous: 0, headcount: 0, members: new Set(), newMembers: new Set() };
      cells.set(key, found);
    }
    return found;
  };

  // The earliest check-in per member in the input, when the caller did not say when it was.
  const earliest = new Map<string, number>();
  for (const v of visits) {
    if (v.memberKey === null || !zones.has(v.siteId)) continue;
    const seen = earliest.get(v.memberKey);
    if (seen === undefined || v.at < seen) earliest.set(v.memberKey, v.at);
  }

  // Each member's earliest check-in in the period: where a new member (M3) is counted.
  const firstInPeriod = new Map<string, { at: number; cell: DayCell }>();
  for (const v of visits) {
    const zone = zones.get(v.siteId);
    if (zone === undefined) continue;
    const day = localDateOf(v.at, zone);
    if (!inPeriod(day)) continue;
    const c = cell(v.siteId, day);
    c.entries += 1;
    if (v.memberKey === null) {
      c.anonymous += 1;
      continue;
    }
    c.members.add(v.memberKey);
    const seen = firstInPeriod.get(v.memberKey);
    if (!seen || v.at < seen.at) firstInPeriod.set(v.memberKey, { at: v.at, cell: c });
  }
  const fresh = new Set<string>();
  for (const [memberKey, { at, cell: c }] of firstInPeriod) {
    const first = options.firstVisitAt?.get(memberKey) ?? earliest.get(memberKey) ?? at;
    // The first check-in ever is this one (a database may round the instant below a millisecond).
    if (first > at - 1) {
      fresh.add(memberKey);
      c.newMembers.add(memberKey);
    }
  }
  for (const h of headcounts) {
    if (!zones.has(h.siteId) || !inPeriod(h.day)) continue;
    const c = cell(h.siteId, h.day);
    c.entries += h.count;
    c.headcount += h.count;
  }

  const days: DailyVisitCount[] = [];
  let entries = 0;
  let personDays = 0;
  let anonymous = 0;
  let headcount = 0;
  for (const { siteId } of options.sites) {
    for (const day of daysOfPeriod(options.from, options.to)) {
      const c = cells.get(`${siteId}\u0000${day}`);
      const row: DailyVisitCount = {
        siteId,
        day,
        entries: c?.entries ?? 0,
        persons: (c?.members.size ?? 0) + (c?.anonymous ?? 0) + (c?.headcount ?? 0),
        members: c?.members.size ?? 0,
        anonymous: c?.anonymous ?? 0,
        headcount: c?.headcount ?? 0,
        newMembers: c?.newMembers.size ?? 0,
      };
      days.push(row);
      entries += row.entries;
      personDays += row.persons;
      anonymous += row.anonymous;
      headcount += row.headcount;
    }
  }
  return {
    days,
    totals: {
      entries,
      personDays,
      distinctMembers: firstInPeriod.size,
      anonymous,
      headcount,
      newMembers: fresh.size,
    },
  };
}
