import { QualificationLevel, TrainingAction } from '../domain.enums';
import { DateTime, Day, Id, Literals, Nullable, Static, StringEnum, Strict, Type } from './schema';

export const QualificationSchema = Strict({
  id: Id(),
  name: Type.String(),
  machineTypeId: Id(),
  validityMonths: Nullable(Type.Integer({ minimum: 1 })),
  validityMonthsMinors: Nullable(Type.Integer({ minimum: 1 })),
  currentContentVersion: Nullable(Type.String()),
  prerequisiteIds: Type.Array(Id()),
});
export type Qualification = Static<typeof QualificationSchema>;

export const STANDING_STATUSES = ['valid', 'expiring', 'expired'] as const;

/** A member's current standing in one qualification (the latest grant). */
export const StandingSchema = Strict({
  qualificationId: Id(),
  qualificationName: Type.String(),
  level: StringEnum(QualificationLevel),
  trainedOn: Day(),
  expiresOn: Nullable(Day()),
  contentVersion: Nullable(Type.String()),
  trainerId: Id(),
  trainerName: Nullable(Type.String()),
  status: Literals(STANDING_STATUSES),
});
export type Standing = Static<typeof StandingSchema>;

/** One grant or revocation; rows are never changed. */
export const TrainingRecordSchema = Strict({
  id: Id(),
  memberId: Id(),
  qualificationId: Id(),
  action: StringEnum(TrainingAction),
  level: StringEnum(QualificationLevel),
  trainerId: Id(),
  trainedOn: Day(),
  expiresOn: Nullable(Day()),
  contentVersion: Nullable(Type.String()),
  comment: Nullable(Type.String()),
  groupId: Nullable(Id({ description: 'Shared by the records of one group training.' })),
  siteId: Nullable(
    Id({ description: 'The site the training was held at (report M9); null when not known.' }),
  ),
  recordedById: Id(),
  recordedAt: DateTime(),
});
export type TrainingRecord = Static<typeof TrainingRecordSchema>;

export const ExpiringItemSchema = Strict({
  memberId: Id(),
  firstName: Type.String(),
  lastName: Type.String(),
  qualificationId: Id(),
  qualificationName: Type.String(),
  expiresOn: Day(),
});
export type ExpiringItem = Static<typeof ExpiringItemSchema>;
