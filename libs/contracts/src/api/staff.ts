import { StaffRole } from '../domain.enums';
import { DateTime, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

const staffFields = {
  id: Id(),
  username: Type.String(),
  displayName: Type.String(),
  role: StringEnum(StaffRole),
  memberId: Nullable(Id({ description: 'The member record of this person, for their own trainings.' })),
};

/** The logged-in staff member (`GET /api/auth/me`). */
export const StaffSchema = Strict(staffFields);
export type Staff = Static<typeof StaffSchema>;

/** A staff account as admins manage it. */
export const StaffAccountSchema = Strict({
  ...staffFields,
  active: Type.Boolean(),
  lastLoginAt: Nullable(DateTime()),
});
export type StaffAccount = Static<typeof StaffAccountSchema>;

export const LoginResultSchema = Strict({
  token: Type.String({ description: 'Bearer token; the same value is set as the HttpOnly session cookie.' }),
  expiresAt: DateTime(),
  staff: StaffSchema,
});
export type LoginResult = Static<typeof LoginResultSchema>;
