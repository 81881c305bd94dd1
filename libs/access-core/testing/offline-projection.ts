/** Test-only: what the server publishes to a bridge for a policy world (the allowlist's decide() inputs). */
import type { OfflinePolicyList } from '../src';
import type { World } from './access.arbitraries';

export const MINUTE = 60_000;
export const memberKeyOf = (memberId: string) => `key-${memberId}`;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface WorldBooking {
  bookingId: string;
  machineId: string;
  memberId: string;
  startsAt: number;
  endsAt: number;
  claimedAt: number | null;
}

export interface BookingSlot {
  machine: number;
  memberId: string;
  gapMinutes: number;
  lengthMinutes: number;
  claimed: boolean;
}

/** Non-overlapping bookings per machine, starting an hour before now so some are running. */
export function bookingsOf(world: World, now: number, slots: readonly BookingSlot[]): WorldBooking[] {
  const cursor = new Map<string, number>();
  return slots.map((slot, i) => {
    const machineId = world.machines[slot.machine % world.machines.length].machineId;
    const startsAt = (cursor.get(machineId) ?? now - 60 * MINUTE) + slot.gapMinutes * MINUTE;
    const endsAt = startsAt + slot.lengthMinutes * MINUTE;
    cursor.set(machineId, endsAt);
    return {
      bookingId: `bk-${i}`,
      machineId,
      memberId: slot.memberId,
      startsAt,
      endsAt,
      claimedAt: slot.claimed ? startsAt : null,
    };
  });
}

/**
 * Member ids replaced by pseudonyms, times as ISO text, cards by `offlineHash(uidHash)`. Only what a server can
 * publish: machines of known sites, cards of listed members (the others are unknown to decide() either way).
 */
export function projectWorld(
  world: World,
  bookings: readonly WorldBooking[],
  offlineHash: (uidHash: string) => string,
): OfflinePolicyList {
  const memberIds = new Set(world.members.map((m) => m.memberId));
  const siteIds = new Set(world.sites.map((s) => s.siteId));
  return {
    sites: world.sites.map((s) => ({ siteId: s.siteId, timezone: s.timezone, openingHours: s.openingHours })),
    qualifications: world.qualifications,
    machines: world.machines
      .filter((m) => siteIds.has(m.siteId))
      .map((m) => ({
        ...m,
        bookings: bookings
          .filter((b) => b.machineId === m.machineId)
          .map((b) => ({
            bookingId: b.bookingId,
            memberKey: memberKeyOf(b.memberId),
            startsAt: iso(b.startsAt) as string,
            endsAt: iso(b.endsAt) as string,
            claimedAt: iso(b.claimedAt),
          })),
      })),
    members: world.members.map((m) => ({
      memberKey: m.memberKey,
      status: m.status,
      guestValidFrom: iso(m.guestValidFrom),
      guestValidUntil: iso(m.guestValidUntil),
      isMinor: m.isMinor,
      guardianConsent: m.guardianConsent,
      birthDate: m.birthDate,
      grants: world.grants
        .filter((g) => g.memberId === m.memberId)
        .map((g) => ({ qualificationId: g.qualificationId, level: g.level, expiresAt: iso(g.expiresAt) })),
    })),
    cards: world.cards
      .filter((c) => memberIds.has(c.memberId))
      .map((c) => ({
        offlineHash: offlineHash(c.uidHash),
        memberKey: memberKeyOf(c.memberId),
        blocked: c.blocked,
      })),
  };
}
