import { AgeBand, CardTechnology, Gender, MemberStatus, OccupationStatus } from '../domain.enums';
import { FieldProblemSchema } from './errors';
import { Count, DateTime, Day, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

/** What every role sees of a member in lists and records (trainers see no more). */
const trainerFields = {
  id: Id(),
  firstName: Type.String(),
  lastName: Type.String(),
  status: StringEnum(MemberStatus),
  guestValidFrom: Nullable(Day()),
  guestValidUntil: Nullable(Day()),
  homeSiteId: Nullable(Id()),
  isMinor: Type.Boolean(),
  createdAt: DateTime(),
};

const listFields = {
  ...trainerFields,
  memberKey: Type.String({ description: 'The pseudonym activity records carry instead of the member.' }),
  email: Nullable(Type.String()),
};

/** A row of the member list for staff and admins. */
export const MemberListItemSchema = Strict(listFields);
export type MemberListItem = Static<typeof MemberListItemSchema>;

/** A row of the member list for trainers: no contact data and no pseudonym. */
export const TrainerMemberListItemSchema = Strict(trainerFields);
export type TrainerMemberListItem = Static<typeof TrainerMemberListItemSchema>;

/** A member record for staff and admins. */
export const MemberSchema = Strict({
  ...listFields,
  phone: Nullable(Type.String()),
  ageBand: StringEnum(AgeBand),
  gender: StringEnum(Gender),
  occupation: StringEnum(OccupationStatus),
  homeMunicipalityKey: Nullable(Type.String({ pattern: '^\\d{8}$' })),
  birthDate: Nullable(Day({ description: 'Kept for minors only.' })),
  guardianConsentOn: Nullable(Day()),
  guardianName: Nullable(Type.String()),
  notes: Nullable(Type.String()),
  updatedAt: DateTime(),
});
export type Member = Static<typeof MemberSchema>;

/** A member record as a trainer reads it (the fields needed to record a training). */
export const TrainerMemberSchema = Strict(trainerFields);
export type TrainerMember = Static<typeof TrainerMemberSchema>;

/** What the admin UI sends to create or change a member. */
export type MemberInput = Partial<Omit<Member, 'id' | 'memberKey' | 'createdAt' | 'updatedAt'>>;

export const CardSchema = Strict({
  id: Id(),
  memberId: Id(),
  uidSuffix: Type.String({ description: 'Last four hex digits of the UID; the server keeps only a hash.' }),
  technology: StringEnum(CardTechnology),
  label: Nullable(Type.String()),
  blocked: Type.Boolean(),
  blockedReason: Nullable(Type.String()),
  blockedAt: Nullable(DateTime()),
  createdAt: DateTime(),
});
export type Card = Static<typeof CardSchema>;

export const ImportReportSchema = Strict({
  dryRun: Type.Boolean(),
  rows: Count(),
  valid: Count(),
  imported: Count(),
  errors: Type.Array(FieldProblemSchema),
});
export type ImportReport = Static<typeof ImportReportSchema>;
