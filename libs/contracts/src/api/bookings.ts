import { BookingStatus } from '../domain.enums';
import { DateTime, Id, Nullable, Static, StringEnum, Strict, Type } from './schema';

/** A member's reservation of a machine for [startsAt, endsAt). */
export const BookingSchema = Strict({
  id: Id(),
  machineId: Id(),
  siteId: Id(),
  memberId: Nullable(Id({ description: 'Null once the member was erased.' })),
  memberName: Nullable(Type.String({ description: "The holder's name for the calendar; null once erased." })),
  startsAt: DateTime(),
  endsAt: DateTime(),
  status: StringEnum(BookingStatus),
  claimedAt: Nullable(DateTime({ description: "The holder's first session in the slot." })),
  closedAt: Nullable(DateTime({ description: 'When it was cancelled or released as a no-show.' })),
  note: Nullable(Type.String()),
  createdBy: Nullable(Id()),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type Booking = Static<typeof BookingSchema>;
