import { MachineState, MemberStatus, type QualificationLevel } from '@werkbank/contracts';
import type { OpeningWindow } from './opening-hours.util';
import {
  createEmptySnapshot,
  PolicySnapshot,
  removeGrant,
  setCardBlocked,
  setGrant,
  setMachineState,
  upsertBooking,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from './policy-snapshot';

/**
 * The PolicySnapshot a bridge decides with while the server is away, built from a verified allowlist v2 (full
 * body + its newest delta; libs/device-protocol werkbank-allowlist.types.ts has the wire shapes, which match
 * these structurally: pure libs do not import each other).
 *
 * Offline the member is known only by the pseudonym, so `memberKey` doubles as the member id (decide() compares
 * member ids for tap-out, bookings and supervision only). Cards are keyed by their offline hash: the bridge
 * hashes the tapped UID with the bridge card key and asks decide() for that hash. Nobody is present as staff
 * (the bridge cannot know), so supervised machines and supervised levels deny offline. activeSessions start
 * empty: the bridge adds its own open sessions (startSession) after every rebuild.
 *
 * Throws RangeError on a body that decodes but cannot be compiled (an unknown time zone, a bad birth date):
 * the bridge rejects such a list like a malformed one.
 */

export interface OfflineSiteInput {
  readonly siteId: string;
  readonly timezone: string;
  readonly openingHours: readonly OpeningWindow[];
}

export interface OfflineQualificationInput {
  readonly qualificationId: string;
  readonly machineTypeId: string;
  readonly prerequisiteIds: readonly string[];
}

export interface OfflineBookingInput {
  readonly bookingId: string;
  readonly memberKey: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly claimedAt: string | null;
}

export interface OfflineMachineInput {
  readonly machineId: string;
  readonly siteId: string;
  readonly machineTypeId: string;
  readonly state: MachineState;
  readonly needsSupervision: boolean;
  readonly minimumAge: number | null;
  readonly maxSessionMinutes: number | null;
  readonly allowTakeover: boolean;
  readonly bookings: readonly OfflineBookingInput[];
}

export interface OfflineMemberInput {
  readonly memberKey: string;
  readonly status: MemberStatus;
  readonly guestValidFrom: string | null;
  readonly guestValidUntil: string | null;
  readonly isMinor: boolean;
  readonly guardianConsent: boolean;
  readonly birthDate: string | null;
  readonly grants: readonly {
    readonly qualificationId: string;
    readonly level: QualificationLevel;
    readonly expiresAt: string | null;
  }[];
}

export interface OfflineCardInput {
  readonly offlineHash: string;
  readonly memberKey: string;
  readonly blocked: boolean;
}

export interface OfflinePolicyList {
  readonly sites: readonly OfflineSiteInput[];
  readonly qualifications: readonly OfflineQualificationInput[];
  readonly machines: readonly OfflineMachineInput[];
  readonly members: readonly OfflineMemberInput[];
  readonly cards: readonly OfflineCardInput[];
}

/** Rights taken away since the full list (the allowlist delta). */
export interface OfflineRevocations {
  readonly revokedCards: readonly string[];
  readonly suspendedMembers: readonly string[];
  readonly machinesOutOfService: readonly string[];
  readonly revokedGrants: readonly { readonly memberKey: string; readonly qualificationId: string }[];
}

function epochMs(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new RangeError(`not a timestamp: ${JSON.stringify(text)}`);
  return ms;
}

function optionalEpochMs(text: string | null): number | null {
  return text === null ? null : epochMs(text);
}

export function buildOfflineSnapshot(
  list: OfflinePolicyList,
  revocations: OfflineRevocations | null = null,
): PolicySnapshot {
  const snapshot = createEmptySnapshot();
  // Sites and qualifications first, so machines link to them at upsert (no relink scans).
  for (const site of list.sites) {
    upsertSite(snapshot, {
      siteId: site.siteId,
      timezone: site.timezone,
      openingHours: site.openingHours,
      staffPresent: [],
    });
  }
  for (const q of list.qualifications) upsertQualification(snapshot, q);
  for (const member of list.members) {
    // Grants before the member, so the member entry is packed once.
    for (const grant of member.grants) {
      setGrant(snapshot, member.memberKey, grant.qualificationId, {
        level: grant.level,
        expiresAt: optionalEpochMs(grant.expiresAt),
      });
    }
    upsertMember(snapshot, {
      memberId: member.memberKey,
      memberKey: member.memberKey,
      status: member.status,
      guestValidFrom: optionalEpochMs(member.guestValidFrom),
      guestValidUntil: optionalEpochMs(member.guestValidUntil),
      isMinor: member.isMinor,
      guardianConsent: member.guardianConsent,
      birthDate: member.birthDate,
    });
  }
  for (const card of list.cards) {
    upsertCard(snapshot, {
      uidHash: card.offlineHash,
      cardId: card.offlineHash,
      memberId: card.memberKey,
      blocked: card.blocked,
    });
  }
  for (const machine of list.machines) {
    for (const booking of machine.bookings) {
      upsertBooking(snapshot, {
        bookingId: booking.bookingId,
        machineId: machine.machineId,
        memberId: booking.memberKey,
        startsAt: epochMs(booking.startsAt),
        endsAt: epochMs(booking.endsAt),
        claimedAt: optionalEpochMs(booking.claimedAt),
      });
    }
    upsertMachine(snapshot, {
      machineId: machine.machineId,
      siteId: machine.siteId,
      machineTypeId: machine.machineTypeId,
      state: machine.state,
      needsSupervision: machine.needsSupervision,
      minimumAge: machine.minimumAge,
      maxSessionMinutes: machine.maxSessionMinutes,
      allowTakeover: machine.allowTakeover,
    });
  }
  if (revocations !== null) applyOfflineRevocations(snapshot, revocations);
  return snapshot;
}

/** Applies a delta in place; ids the snapshot does not hold are skipped (they cannot be admitted anyway). */
export function applyOfflineRevocations(snapshot: PolicySnapshot, revocations: OfflineRevocations): void {
  for (const hash of revocations.revokedCards) setCardBlocked(snapshot, hash, true);
  for (const memberKey of revocations.suspendedMembers) {
    const member = snapshot.members.get(memberKey);
    if (member !== undefined) upsertMember(snapshot, { ...member, status: MemberStatus.Suspended });
  }
  for (const machineId of revocations.machinesOutOfService) {
    setMachineState(snapshot, machineId, MachineState.OutOfService);
  }
  for (const grant of revocations.revokedGrants)
    removeGrant(snapshot, grant.memberKey, grant.qualificationId);
}
