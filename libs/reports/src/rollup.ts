import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { Breakdown } from '@werkbank/contracts';

/**
 * One row of the daily aggregates: day × site × measure × category, with no person key. `breakdown` null is
 * the measure's total; a person counted in a total is counted once in each breakdown too (so every breakdown
 * sums to the total, "not stated" included).
 */
export interface AggregateCell {
  readonly day: string;
  readonly siteId: string;
  readonly measure: string;
  readonly breakdown: Breakdown | null;
  readonly category: string | null;
  readonly value: number;
}

/** A member's self-declared profile at roll-up time ("not_stated" where they gave nothing). */
export interface PersonProfile {
  readonly ageBand: string;
  readonly gender: string;
  readonly occupationStatus: string;
  readonly urbanRural: string;
}

export const NOT_STATED = 'not_stated';
export const ANONYMOUS_PROFILE: PersonProfile = {
  ageBand: NOT_STATED,
  gender: NOT_STATED,
  occupationStatus: NOT_STATED,
  urbanRural: NOT_STATED,
};

/** A person's categories by breakdown, as the distinct counts take them. */
export function profileCategories(profile: PersonProfile): Record<string, string> {
  return {
    [Breakdown.AgeBand]: profile.ageBand,
    [Breakdown.Gender]: profile.gender,
    [Breakdown.OccupationStatus]: profile.occupationStatus,
    [Breakdown.UrbanRural]: profile.urbanRural,
  };
}

/** A local day's share of an interval: a session across midnight (or a DST change) counts on each day. */
export interface DayShare {
  readonly day: string;
  readonly ms: number;
}

/** Splits [start, end) at local midnights of the zone. */
export function splitByLocalDay(startMs: number, endMs: number, timeZone: string): DayShare[] {
  if (!(endMs > startMs)) return [];
  const shares: DayShare[] = [];
  let day = localDateOf(startMs, timeZone);
  let from = startMs;
  while (from < endMs) {
    const next = addDaysToDate(day, 1);
    const until = Math.min(endMs, startOfLocalDay(next, timeZone));
    shares.push({ day, ms: until - from });
    from = until;
    day = next;
  }
  return shares;
}

function personCells(
  day: string,
  siteId: string,
  measure: string,
  profile: PersonProfile,
  value: number,
  extra: readonly [Breakdown, string][] = [],
): AggregateCell[] {
  const cell = (breakdown: Breakdown | null, category: string | null): AggregateCell => ({
    day,
    siteId,
    measure,
    breakdown,
    category,
    value,
  });
  return [
    cell(null, null),
    cell(Breakdown.AgeBand, profile.ageBand),
    cell(Breakdown.Gender, profile.gender),
    cell(Breakdown.OccupationStatus, profile.occupationStatus),
    cell(Breakdown.UrbanRural, profile.urbanRural),
    ...extra.map(([breakdown, category]) => cell(breakdown, category)),
  ];
}

/** M1: a visit (check-in, front desk, anonymous visitor) on its local day. */
export function visitCells(
  visit: { siteId: string; at: number },
  profile: PersonProfile,
  timeZone: string,
): AggregateCell[] {
  return personCells(localDateOf(visit.at, timeZone), visit.siteId, 'visits', profile, 1);
}

/** A member seen at a site on a local day: the distinct counts' mark (no time, no source, no profile). */
export interface VisitorDay {
  readonly siteId: string;
  readonly day: string;
  readonly personKey: string;
}

/** The distinct (site, local day, member) of check-ins; anonymous visitors are no one to count twice. */
export function visitorDays(
  visits: Iterable<{ siteId: string; at: number; memberKey: string | null }>,
  timeZone: string,
): VisitorDay[] {
  const seen = new Map<string, VisitorDay>();
  for (const v of visits) {
    if (!v.memberKey) continue;
    const day = localDateOf(v.at, timeZone);
    const key = `${v.siteId} ${day} ${v.memberKey}`;
    if (!seen.has(key)) seen.set(key, { siteId: v.siteId, day, personKey: v.memberKey });
  }
  return [...seen.values()];
}

/** A member who started a session on a type of machine at a site on a local day: M11's distinct users. */
export interface MachineUserDay extends VisitorDay {
  readonly machineTypeId: string;
}

/** The distinct (site, local day the session started, machine type, member) of sessions. */
export function machineUserDays(
  sessions: Iterable<{ siteId: string; machineTypeId: string; startedAt: number; memberKey: string }>,
  timeZone: string,
): MachineUserDay[] {
  const seen = new Map<string, MachineUserDay>();
  for (const s of sessions) {
    const day = localDateOf(s.startedAt, timeZone);
    const key = `${s.siteId} ${day} ${s.machineTypeId} ${s.memberKey}`;
    if (!seen.has(key))
      seen.set(key, { siteId: s.siteId, day, machineTypeId: s.machineTypeId, personKey: s.memberKey });
  }
  return [...seen.values()];
}

/** M1 (headcounts): a counted group on its day, with nothing known about the persons. */
export function headcountCells(headcount: { siteId: string; day: string; count: number }): AggregateCell[] {
  return personCells(headcount.day, headcount.siteId, 'visits', ANONYMOUS_PROFILE, headcount.count);
}

/**
 * M10/M11: a session counts once on the day it started (by machine type and the member's profile); its
 * machine hours go to each day it covered. An open session is rolled up only once it has ended.
 */
export function sessionCells(
  session: { siteId: string; machineTypeId: string; startedAt: number; endedAt: number },
  profile: PersonProfile,
  timeZone: string,
): AggregateCell[] {
  const byType: [Breakdown, string][] = [[Breakdown.MachineType, session.machineTypeId]];
  const started = localDateOf(session.startedAt, timeZone);
  const cells = personCells(started, session.siteId, 'sessions', profile, 1, byType);
  for (const share of splitByLocalDay(session.startedAt, session.endedAt, timeZone)) {
    const hours = share.ms / 3_600_000;
    for (const [breakdown, category] of [[null, null], ...byType] as const) {
      cells.push({
        day: share.day,
        siteId: session.siteId,
        measure: 'machineHours',
        breakdown,
        category,
        value: hours,
      });
    }
  }
  return cells;
}

const keyOf = (c: Omit<AggregateCell, 'value'>) =>
  `${c.day}\u0000${c.siteId}\u0000${c.measure}\u0000${c.breakdown ?? ''}\u0000${c.category ?? ''}`;

/** Cells summed by day × site × measure × category, in a stable order (what the aggregate table stores). */
export function sumCells(cells: Iterable<AggregateCell>): AggregateCell[] {
  const sums = new Map<string, AggregateCell>();
  for (const cell of cells) {
    const key = keyOf(cell);
    const known = sums.get(key);
    sums.set(key, known ? { ...known, value: known.value + cell.value } : cell);
  }
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, c]) => c);
}

const utcDateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The UTC dates an instant or interval touches: what a writer marks as changed for its site. */
export function utcDaysOf(startMs: number, endMs = startMs): string[] {
  const days: string[] = [];
  for (let day = utcDateOf(startMs); day <= utcDateOf(endMs); day = addDaysToDate(day, 1)) days.push(day);
  return days;
}

/** The local dates a UTC date overlaps in a zone (one or two): the days the roll-up rebuilds for a mark. */
export function localDaysOfUtcDay(utcDay: string, timeZone: string): string[] {
  const start = Date.parse(`${utcDay}T00:00:00Z`);
  const first = localDateOf(start, timeZone);
  const last = localDateOf(start + 86_400_000 - 1, timeZone);
  return first === last ? [first] : [first, last];
}
