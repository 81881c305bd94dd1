import type { MemberEntity } from '@werkbank/persistence';

/** The fields of a member record a trainer may read: enough to pick participants and see their standing. */
export const TRAINER_MEMBER_FIELDS = [
  'id',
  'firstName',
  'lastName',
  'status',
  'guestValidFrom',
  'guestValidUntil',
  'homeSiteId',
  'isMinor',
  'createdAt',
] as const satisfies readonly (keyof MemberEntity)[];

export type TrainerMemberView = Pick<MemberEntity, (typeof TRAINER_MEMBER_FIELDS)[number]>;

/**
 * A member as a trainer sees them: no contact data, birth date, guardian, notes or demographics, and no
 * pseudonymous key (with it, the trainer's pseudonymous live board would name everyone again).
 */
export function trainerMemberView(member: MemberEntity): TrainerMemberView {
  const view = {} as Record<string, unknown>;
  for (const field of TRAINER_MEMBER_FIELDS) view[field] = member[field];
  return view as TrainerMemberView;
}
