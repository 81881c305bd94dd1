import { IncidentKind, IncidentSeverity, IncidentStatus } from '../domain.enums';
import { Count, DateTime, Day, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

const timestamps = { createdAt: DateTime(), updatedAt: DateTime() };

/** People counted without names on one day (an open day, the mobile lab at a market square). */
export const VisitHeadcountSchema = Strict({
  id: Id(),
  siteId: Id(),
  deploymentId: Nullable(Id()),
  day: Day({ description: "The site's local day the count is for." }),
  count: Type.Integer({ minimum: 1 }),
  note: Nullable(Type.String()),
  recordedBy: Id({ description: 'The staff account that recorded it.' }),
  ...timestamps,
});
export type VisitHeadcount = Static<typeof VisitHeadcountSchema>;

const counts = {
  entries: Count({ description: 'M1: every check-in, every anonymous visitor, plus headcounts.' }),
  anonymous: Count({ description: 'Anonymous check-ins (one person each).' }),
  headcount: Count({ description: 'Σ headcounts.' }),
  newMembers: Count({ description: 'M3: members whose first visit ever in this scope was here.' }),
};

export const VisitDaySchema = Strict({
  day: Day(),
  persons: Count({ description: 'One per member, site and day; plus anonymous visitors and headcounts.' }),
  members: Count({ description: 'Distinct members checked in that day.' }),
  ...counts,
});
export type VisitDay = Static<typeof VisitDaySchema>;

/** Per local day of the site (or deployment): what counts once is in docs/visits.md. */
export const VisitSummarySchema = Strict({
  siteId: Id(),
  deploymentId: Nullable(Id()),
  timezone: Type.String(),
  from: Day(),
  to: Day(),
  days: Type.Array(VisitDaySchema),
  totals: Strict({
    personDays: Count({ description: 'Σ persons of the days (one per person, site and day).' }),
    distinctMembers: Count({ description: 'M2: distinct members with at least one visit in the period.' }),
    ...counts,
  }),
});
export type VisitSummary = Static<typeof VisitSummarySchema>;

/** An incident or defect on a machine (M18). */
export const IncidentSchema = Strict({
  id: Id(),
  machineId: Id(),
  siteId: Id(),
  severity: StringEnum(IncidentSeverity),
  kind: StringEnum(IncidentKind),
  text: Type.String(),
  status: StringEnum(IncidentStatus),
  putOutOfService: Type.Boolean({ description: 'The report put the machine out of service.' }),
  reportedBy: Id(),
  resolvedAt: Nullable(DateTime()),
  resolvedBy: Nullable(Id()),
  resolutionNote: Nullable(Type.String()),
  ...timestamps,
});
export type Incident = Static<typeof IncidentSchema>;

/** Volunteer time of a member or a staff account (M17). */
export const VolunteerHoursSchema = Strict({
  id: Id(),
  memberId: Nullable(Id()),
  staffId: Nullable(Id()),
  personName: Nullable(
    Type.String({ description: 'Display name of the person; null once an erased member is gone.' }),
  ),
  siteId: Id(),
  date: Day(),
  hours: Type.Number({ minimum: 0.25, maximum: 24, multipleOf: 0.25 }),
  activity: Type.String(),
  recordedBy: Id(),
  ...timestamps,
});
export type VolunteerHours = Static<typeof VolunteerHoursSchema>;

export const VolunteerHoursPageSchema = Strict({
  items: Type.Array(VolunteerHoursSchema),
  total: Count(),
  page: Type.Integer({ minimum: 1 }),
  pageSize: Type.Integer({ minimum: 1 }),
  hours: Type.Number({ minimum: 0, description: 'Σ hours of the whole filter (all pages).' }),
});
export type VolunteerHoursPage = Static<typeof VolunteerHoursPageSchema>;
