import { addDaysToDate, localDateOf } from '@werkbank/access-core';
import { Breakdown } from '@werkbank/contracts';
import { type PersonDay, recordCells } from './distinct';
import type { StoredCell } from './figures';

/** The site's zone, for the local date of an instant. */
export type ZoneOf = (siteId: string) => string;

export interface EventRecord {
  readonly siteId: string;
  readonly format: string;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly attendances: number;
  /** partner id → partner type. */
  readonly partnerTypes: ReadonlyMap<string, string>;
}

/**
 * M6 events, M7 attendances and M8 participant-hours as cells on the local date of each event's **start**
 * (never its registrations' dates), by format; the caller leaves out cancelled events.
 */
export function eventCells(events: Iterable<EventRecord>, zoneOf: ZoneOf): StoredCell[] {
  const cells: StoredCell[] = [];
  for (const e of events) {
    const day = localDateOf(e.startsAt, zoneOf(e.siteId));
    const format = { [Breakdown.EventFormat]: e.format };
    const hours = (e.attendances * Math.max(0, e.endsAt - e.startsAt)) / 3_600_000;
    cells.push(...recordCells(day, e.siteId, 'events', 1, format));
    if (e.attendances > 0) {
      cells.push(...recordCells(day, e.siteId, 'attendances', e.attendances, format));
      cells.push(...recordCells(day, e.siteId, 'participantHours', hours, format));
    }
    if (e.partnerTypes.size > 0) cells.push(...recordCells(day, e.siteId, 'coHostedEvents', 1, format));
  }
  return cells;
}

/** M16: each partner of a held event, once per period however many events (a distinct count of things). */
export function partnerDays(events: Iterable<EventRecord>, zoneOf: ZoneOf): PersonDay[] {
  return [...events].flatMap((e) =>
    [...e.partnerTypes].map(([partnerId, type]) => ({
      day: localDateOf(e.startsAt, zoneOf(e.siteId)),
      siteId: e.siteId,
      person: partnerId,
      categories: { [Breakdown.PartnerType]: type },
    })),
  );
}

/** M18: incidents on the local date they were reported, by severity. */
export function incidentCells(
  incidents: Iterable<{ siteId: string; severity: string; reportedAt: number }>,
  zoneOf: ZoneOf,
): StoredCell[] {
  return [...incidents].flatMap((i) =>
    recordCells(localDateOf(i.reportedAt, zoneOf(i.siteId)), i.siteId, 'incidents', 1, {
      [Breakdown.IncidentSeverity]: i.severity,
    }),
  );
}

export interface VolunteerRecord {
  readonly siteId: string;
  readonly date: string;
  readonly quarterHours: number;
  /** The member or staff account who gave the time (pseudonymous inside the report). */
  readonly person: string;
}

/** M17: the hours on their date; the volunteers are a distinct count (`volunteerDays`). */
export function volunteerCells(records: Iterable<VolunteerRecord>): StoredCell[] {
  return [...records].flatMap((r) => recordCells(r.date, r.siteId, 'volunteerHours', r.quarterHours / 4));
}

export function volunteerDays(records: Iterable<VolunteerRecord>): PersonDay[] {
  return [...records].map((r) => ({ day: r.date, siteId: r.siteId, person: r.person, categories: {} }));
}

export interface DeploymentRecord {
  readonly id: string;
  readonly siteId: string;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly bookingInstitution: string | null;
}

/** M15: a deployment day per local date it covers, a stop on its first date; institutions distinct. */
export function deploymentCells(deployments: Iterable<DeploymentRecord>): StoredCell[] {
  const cells: StoredCell[] = [];
  for (const d of deployments) {
    cells.push(...recordCells(d.startsOn, d.siteId, 'stops', 1));
    for (let day = d.startsOn; day <= d.endsOn; day = addDaysToDate(day, 1))
      cells.push(...recordCells(day, d.siteId, 'deploymentDays', 1));
  }
  return cells;
}

export function institutionDays(deployments: Iterable<DeploymentRecord>): PersonDay[] {
  return [...deployments].flatMap((d) =>
    d.bookingInstitution
      ? [
          {
            day: d.startsOn,
            siteId: d.siteId,
            person: d.bookingInstitution.trim().toLowerCase(),
            categories: {},
          },
        ]
      : [],
  );
}

/** M4: the person-days of those who came on at least two different local days of the rows given. */
export function returningDays(rows: readonly PersonDay[]): PersonDay[] {
  const days = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!days.has(r.person)) days.set(r.person, new Set());
    days.get(r.person)!.add(r.day);
  }
  return rows.filter((r) => days.get(r.person)!.size >= 2);
}

/** M3: the person-days of those whose first visit ever is on or after `from` (their first is in the period). */
export function newcomerDays(
  rows: readonly PersonDay[],
  firstVisitDay: ReadonlyMap<string, string>,
  from: string,
) {
  return rows.filter((r) => (firstVisitDay.get(r.person) ?? r.day) >= from);
}
