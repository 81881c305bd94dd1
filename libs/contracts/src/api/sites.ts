import { SiteKind } from '../domain.enums';
import { DateTime, Day, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

const timestamps = { createdAt: DateTime(), updatedAt: DateTime() };
const localTime = () => Type.String({ pattern: '^\\d{2}:\\d{2}$', description: "Local time 'HH:MM'." });

const openingWindow = {
  weekday: Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, Monday = 1 … Sunday = 7.' }),
  opens: localTime(),
  closes: Type.String({
    pattern: '^\\d{2}:\\d{2}$',
    description: "Local time 'HH:MM'; before `opens`: the window runs past midnight.",
  }),
};

/** One opening window of a site, as the UI edits it. */
export const OpeningHoursSchema = Strict(openingWindow);
export type OpeningHours = Static<typeof OpeningHoursSchema>;

/** An opening window as stored. */
export const SiteOpeningHoursSchema = Strict({ id: Id(), siteId: Id(), ...openingWindow });

export const SiteSchema = Strict({
  id: Id(),
  name: Type.String(),
  kind: StringEnum(SiteKind),
  timezone: Type.String({ description: 'IANA time zone, e.g. Europe/Berlin.' }),
  address: Nullable(Type.String()),
  municipalityKey: Nullable(Type.String({ pattern: '^\\d{8}$' })),
  openingHours: Type.Array(SiteOpeningHoursSchema),
  ...timestamps,
});
export type Site = Static<typeof SiteSchema>;

/** A mobile lab's stop: the van at a place for one or more days. */
export const DeploymentSchema = Strict({
  id: Id(),
  siteId: Id(),
  startsOn: Day(),
  endsOn: Day(),
  place: Type.String(),
  municipalityKey: Nullable(Type.String({ pattern: '^\\d{8}$' })),
  bookingInstitution: Nullable(Type.String()),
  ...timestamps,
});
export type Deployment = Static<typeof DeploymentSchema>;

const presentStaff = Strict({ id: Id(), displayName: Type.String(), arrivedAt: Nullable(DateTime()) });

/** Who is on site; for staff and admins also whom they may mark present. */
export const SitePresenceSchema = Strict({
  staffIds: Type.Array(Id()),
  staff: Type.Array(presentStaff),
  candidates: Type.Optional(
    Type.Array(Strict({ id: Id(), displayName: Type.String() }), {
      description: 'Active accounts not on site (staff and admins only).',
    }),
  ),
});
export type SitePresence = Static<typeof SitePresenceSchema>;
/** One person on site. */
export type PresenceEntry = Static<typeof presentStaff>;
