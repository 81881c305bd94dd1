import {
  EventFormat,
  EventStatus,
  PartnerType,
  RegistrationSource,
  RegistrationStatus,
  SeriesFrequency,
  TargetGroup,
} from '../events.enums';
import { QualificationLevel } from '../domain.enums';
import { Count, DateTime, Day, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

const timestamps = { createdAt: DateTime(), updatedAt: DateTime() };

/** A partner organisation (M16). */
export const PartnerSchema = Strict({
  id: Id(),
  name: Type.String(),
  type: StringEnum(PartnerType),
  ...timestamps,
});
export type Partner = Static<typeof PartnerSchema>;

const eventFields = {
  title: Type.String(),
  description: Nullable(Type.String()),
  format: StringEnum(EventFormat),
  siteId: Id(),
  capacity: Nullable(Type.Integer({ minimum: 1, description: 'Seats; null = unlimited.' })),
  targetGroups: Type.Array(StringEnum(TargetGroup)),
  public: Type.Boolean({ description: "Listed in the site's public calendar feed." }),
  qualificationId: Nullable(
    Id({ description: 'A training event: the qualification its attendees can get.' }),
  ),
  contentVersion: Nullable(Type.String()),
  status: StringEnum(EventStatus),
  partnerIds: Type.Array(Id()),
  staffIds: Type.Array(Id({ description: 'Staff accounts running the event.' })),
};

/** An event with its counts (docs/events.md: what counts). */
export const EventSchema = Strict({
  id: Id(),
  ...eventFields,
  deploymentId: Nullable(Id()),
  startsAt: DateTime(),
  endsAt: DateTime(),
  seriesId: Nullable(Id()),
  seriesDate: Nullable(Day({ description: 'The local date the series rule gave this occurrence.' })),
  detached: Type.Boolean({ description: 'Edited on its own: series edits leave it alone.' }),
  sequence: Count({ description: 'RFC 5545 SEQUENCE, raised on each change.' }),
  registeredCount: Count({ description: 'Persons on confirmed registrations (the seats taken ahead).' }),
  waitlistCount: Count({ description: 'Persons on the waiting list.' }),
  attendedCount: Count({
    description:
      'Persons present: ticked rows (registrations, named walk-ins, card taps) plus anonymous walk-ins.',
  }),
  walkIns: Count({ description: 'Anonymous walk-ins counted at the door.' }),
  headcount: Nullable(Count({ description: 'An anonymous headcount for open formats; null = not counted.' })),
  ...timestamps,
});
export type Event = Static<typeof EventSchema>;

/** A recurring event: the rule (local wall clock of the site) and the template of its occurrences. */
export const EventSeriesSchema = Strict({
  id: Id(),
  ...eventFields,
  frequency: StringEnum(SeriesFrequency),
  startDate: Day(),
  startTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  endTime: Type.String({ pattern: '^\\d{2}:\\d{2}$' }),
  until: Nullable(Day()),
  count: Nullable(Type.Integer({ minimum: 1 })),
  occurrenceIds: Type.Array(Id(), { description: 'The occurrences (event ids), by start.' }),
  ...timestamps,
});
export type EventSeries = Static<typeof EventSeriesSchema>;

/** A registration or attendance row: a member, or unnamed participants with a label and a count. */
export const RegistrationSchema = Strict({
  id: Id(),
  eventId: Id(),
  memberId: Nullable(Id({ description: 'null for unnamed participants, and after the member was erased.' })),
  memberName: Nullable(Type.String()),
  label: Nullable(Type.String()),
  count: Type.Integer({ minimum: 1 }),
  status: StringEnum(RegistrationStatus),
  source: StringEnum(RegistrationSource),
  position: Type.Integer({ minimum: 1, description: 'Order of arrival; the waiting list moves up by it.' }),
  attended: Type.Boolean(),
  attendedAt: Nullable(DateTime()),
  qualifiedLevel: Nullable(StringEnum(QualificationLevel)),
  createdAt: DateTime(),
});
export type Registration = Static<typeof RegistrationSchema>;

/** What the tablet at the door shows: the event with its counts and every row. */
export const AttendanceSheetSchema = Strict({
  event: EventSchema,
  registrations: Type.Array(RegistrationSchema),
});
export type AttendanceSheet = Static<typeof AttendanceSheetSchema>;
