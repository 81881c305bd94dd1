import { localDateOf } from '@werkbank/access-core';
import { EventStatus } from '@werkbank/contracts';

/** An event as the report reads it (events are few and kept for years: read from their table, not cells). */
export interface ReportEvent {
  readonly siteId: string;
  readonly format: string;
  readonly status: EventStatus;
  readonly startsAt: number;
  readonly endsAt: number;
  /** The room's headcount when taken, else those marked present incl. walk-ins (docs/events.md, M7). */
  readonly attendances: number;
  readonly partnerIds: readonly string[];
}

export interface EventFigures {
  /** M6: events held, by format. */
  readonly events: number;
  readonly eventsByFormat: Readonly<Record<string, number>>;
  /** M7 attendances, by format. */
  readonly attendances: number;
  readonly attendancesByFormat: Readonly<Record<string, number>>;
  /** M8: Σ attendances × duration in hours. */
  readonly participantHours: number;
  /** M16: distinct partners of the held events, by partner type, and the events co-hosted. */
  readonly partners: number;
  readonly partnersByType: Readonly<Record<string, number>>;
  readonly coHostedEvents: number;
}

const add = (record: Record<string, number>, key: string, value: number) => {
  record[key] = (record[key] ?? 0) + value;
};

/**
 * M6, M7 (attendances), M8 and M16 for a period: an event counts on the **local date of its start** in the
 * site's zone (never on its registrations' dates); cancelled events count nowhere.
 */
export function eventFigures(
  events: Iterable<ReportEvent>,
  period: { from: string; to: string },
  timeZoneOf: (siteId: string) => string,
  partnerTypeOf: (partnerId: string) => string | undefined,
): EventFigures {
  const eventsByFormat: Record<string, number> = {};
  const attendancesByFormat: Record<string, number> = {};
  const partners = new Set<string>();
  let count = 0;
  let attendances = 0;
  let participantHours = 0;
  let coHostedEvents = 0;
  for (const event of events) {
    if (event.status === EventStatus.Cancelled) continue;
    const day = localDateOf(event.startsAt, timeZoneOf(event.siteId));
    if (day < period.from || day > period.to) continue;
    count += 1;
    add(eventsByFormat, event.format, 1);
    attendances += event.attendances;
    add(attendancesByFormat, event.format, event.attendances);
    participantHours += (event.attendances * Math.max(0, event.endsAt - event.startsAt)) / 3_600_000;
    if (event.partnerIds.length > 0) coHostedEvents += 1;
    for (const id of event.partnerIds) partners.add(id);
  }
  const partnersByType: Record<string, number> = {};
  for (const id of partners) add(partnersByType, partnerTypeOf(id) ?? 'other', 1);
  return {
    events: count,
    eventsByFormat,
    attendances,
    attendancesByFormat,
    participantHours,
    partners: partners.size,
    partnersByType,
    coHostedEvents,
  };
}
