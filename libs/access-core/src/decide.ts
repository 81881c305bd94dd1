import {
  AccessOutcome,
  DenyReason,
  MachineState,
  MemberStatus,
  QUALIFICATION_LEVEL_RANK,
  QualificationLevel,
} from '@werkbank/contracts';
import { ageInYears, epochDayOf, MINUTE_MS, msOfWeek, ymdOfEpochDay } from './calendar.util';
import { CLOSED } from './opening-hours.util';
import {
  GRANT_EXPIRES_AT,
  GRANT_RANK,
  GRANT_STRIDE,
  GrantTable,
  MachineEntry,
  MemberEntry,
  PolicySnapshot,
  SiteEntry,
} from './policy-snapshot';
import { localToUtc, utcOffsetAt } from './site-clock.util';

export interface AccessRequest {
  readonly uidHash: string;
  readonly machineId: string;
}

/**
 * Access granted. The session id is NOT part of the decision: pure code cannot mint random ids, so the runtime
 * assigns one (e.g. a UUID) and feeds it to the session machine's `started` / `takeover` event.
 */
export interface AccessAllowed {
  readonly outcome: 'allowed';
  readonly memberId: string;
  readonly memberKey: string;
  /** Best valid level among the machine type's qualifications; null when the type needs no training. */
  readonly level: QualificationLevel | null;
  readonly maxDurationMs: number;
  /** now + maxDurationMs. */
  readonly endsAt: number;
  /** Set when the machine runs another member's session that this tap takes over. */
  readonly takeoverOfSessionId: string | null;
  /** The member's own booking of the machine for now, which this session claims; null without one. */
  readonly bookingId: string | null;
  /** True when another member's booking that starts later cut the session short (endsAt is its start). */
  readonly cappedByBooking: boolean;
}

export interface AccessDenied {
  readonly outcome: 'denied';
  readonly reason: DenyReason;
  /** Known from step 3 on (the card resolved to a member). */
  readonly memberId: string | null;
  readonly memberKey: string | null;
}

/** The holder of the machine's running session tapped again: the runtime ends that session. */
export interface AccessTapOut {
  readonly outcome: 'tap_out';
  readonly sessionId: string;
  readonly memberId: string;
  readonly memberKey: string;
}

export type AccessDecision = AccessAllowed | AccessDenied | AccessTapOut;

// Compile-time guard: the outcomes stay the ones the contracts promise the UI.
const OUTCOMES_MATCH_CONTRACT: [AccessDecision['outcome']] extends [AccessOutcome]
  ? [AccessOutcome] extends [AccessDecision['outcome']]
    ? true
    : never
  : never = true;
void OUTCOMES_MATCH_CONTRACT;

export const DEFAULT_MAX_DURATION_MS = 12 * 60 * MINUTE_MS;

export const DEFAULT_NO_SHOW_GRACE_MS = 15 * MINUTE_MS;

export interface DecideOptions {
  /** Cap when neither the machine nor the opening hours bound the session. Default 12 h. */
  readonly defaultMaxDurationMs?: number;
  /** An unclaimed booking stops holding the machine this long after its start. Default 15 min. */
  readonly noShowGraceMs?: number;
}

const NO_OPTIONS: DecideOptions = {};

// The contracts barrel re-exports through CommonJS getters, so every `DenyReason.X` read in the hot path would
// be a getter call (a third of a hot decision, measured). The enums are bound once, at load.
const Reason: typeof DenyReason = DenyReason;
const Status: typeof MemberStatus = MemberStatus;
const State: typeof MachineState = MachineState;
const SUPERVISED = QualificationLevel.Supervised;
/** Grant tables hold ranks; index 0 (no valid grant) stays empty. */
const LEVEL_BY_RANK: QualificationLevel[] = [];
for (const level of Object.values(QualificationLevel)) LEVEL_BY_RANK[QUALIFICATION_LEVEL_RANK[level]] = level;

/**
 * The access decision for a tap of card `request.uidHash` at `request.machineId` at instant `now` (epoch ms).
 * Pure apart from memoising time-zone maths on the site; O(1) in the size of the snapshot.
 *
 * Checks run in this order; the first that fails decides (decide.spec.ts pins the order):
 *  1. machine unknown (or its site unknown)                      → UNKNOWN_MACHINE
 *  2. card unknown, or its member unknown                        → UNKNOWN_CARD
 *  3. card blocked                                               → CARD_BLOCKED
 *  4. member suspended                                           → MEMBER_SUSPENDED
 *  5. guest outside [guestValidFrom, guestValidUntil]            → GUEST_PASS_EXPIRED
 *  6. the member holds this machine's running session            → tap_out
 *  7. machine out of service / in maintenance                    → MACHINE_OUT_OF_SERVICE / MACHINE_IN_MAINTENANCE
 *  8. minor without guardian consent                             → GUARDIAN_CONSENT_MISSING
 *     below the machine's minimum age (age in the site's zone)   → BELOW_MINIMUM_AGE
 *  9. outside the site's opening hours                           → OUTSIDE_OPENING_HOURS
 * 10. no grant of the type's qualifications                      → NOT_TRAINED
 *     only expired grants                                        → TRAINING_EXPIRED
 *     valid grants, but none with all prerequisites held validly → PREREQUISITE_MISSING
 * 11. best level is supervised and no other staff present        → LEVEL_TOO_LOW
 *     machine needs supervision and no other staff present       → SUPERVISION_REQUIRED
 * 12. another member booked the machine for now (claimed, or
 *     still inside the no-show grace after its start)            → RESERVED
 * 13. another member's session runs: the tapper holds the booking
 *     for now, or takeover allowed                               → allowed with takeoverOfSessionId
 *                                    otherwise                   → MACHINE_IN_USE
 *
 * An allowed session ends at the earliest of the machine's maximum, the site's closing time and the start of
 * the next booking by someone else (cappedByBooking).
 *
 * Tap-out (6) comes before the machine and policy checks so a member can always stop their own session, but
 * after the card and membership checks: a blocked card cannot act at all (staff can force the machine off).
 */
export function decide(
  snapshot: PolicySnapshot,
  request: AccessRequest,
  now: number,
  options: DecideOptions = NO_OPTIONS,
): AccessDecision {
  // 1
  const machine = snapshot.machines.get(request.machineId);
  if (machine === undefined) return deny(Reason.UnknownMachine, null);
  const site = machine.site;
  if (site === undefined) return deny(Reason.UnknownMachine, null);

  // 2
  const card = snapshot.cards.get(request.uidHash);
  if (card === undefined) return deny(Reason.UnknownCard, null);
  const member = card.member;
  if (member === undefined) return deny(Reason.UnknownCard, null);

  // 3–5
  if (card.blocked) return deny(Reason.CardBlocked, member);
  if (member.status === Status.Suspended) return deny(Reason.MemberSuspended, member);
  if (
    member.status === Status.Guest &&
    ((member.guestValidFrom !== null && now < member.guestValidFrom) ||
      (member.guestValidUntil !== null && now > member.guestValidUntil))
  ) {
    return deny(Reason.GuestPassExpired, member);
  }

  // 6
  const running = snapshot.activeSessions.get(machine.machineId);
  if (running !== undefined && running.memberId === member.memberId) {
    return {
      outcome: 'tap_out',
      sessionId: running.sessionId,
      memberId: member.memberId,
      memberKey: member.memberKey,
    };
  }

  // 7
  if (machine.state === State.OutOfService) return deny(Reason.MachineOutOfService, member);
  if (machine.state === State.Maintenance) return deny(Reason.MachineInMaintenance, member);

  // The site's wall clock, for the age and the opening hours.
  const offsetMs = utcOffsetAt(site.clock, now);
  const localMs = now + offsetMs;

  // 8
  if (member.isMinor && !member.guardianConsent) return deny(Reason.GuardianConsentMissing, member);
  if (machine.minimumAge !== null && !meetsMinimumAge(member, machine.minimumAge, localMs)) {
    return deny(Reason.BelowMinimumAge, member);
  }

  // 9
  const untilCloseMs = msUntilClose(site, localMs, offsetMs, now);
  if (untilCloseMs <= 0) return deny(Reason.OutsideOpeningHours, member);

  // 10
  let level: QualificationLevel | null = null;
  if (machine.qualifications.length > 0) {
    const rank = trainingRank(member, machine, now);
    if (rank < 0) return deny(TRAINING_DENIALS[-rank], member);
    level = LEVEL_BY_RANK[rank];
  }

  // 11
  if ((level === SUPERVISED || machine.needsSupervision) && !supervisorPresent(site, member.memberId)) {
    return deny(level === SUPERVISED ? Reason.LevelTooLow : Reason.SupervisionRequired, member);
  }

  // 12
  let bookingId: string | null = null;
  let nextBookingAt = Infinity;
  const bookings = machine.bookings;
  if (bookings.length > 0) {
    const graceMs = options.noShowGraceMs ?? DEFAULT_NO_SHOW_GRACE_MS;
    // Slots do not overlap, so ends are sorted like starts: skip the ended ones by binary search.
    let low = 0;
    let high = bookings.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (bookings[middle].endsAt <= now) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < bookings.length; i++) {
      const booking = bookings[i];
      const own = booking.memberId === member.memberId;
      if (booking.startsAt <= now) {
        if (own) bookingId = booking.bookingId;
        else if (booking.claimedAt !== null || now < booking.startsAt + graceMs) {
          return deny(Reason.Reserved, member);
        }
      } else if (!own) {
        nextBookingAt = booking.startsAt;
        break;
      }
    }
  }

  // 13
  let takeoverOfSessionId: string | null = null;
  if (running !== undefined) {
    if (!machine.allowTakeover && bookingId === null) return deny(Reason.MachineInUse, member);
    takeoverOfSessionId = running.sessionId;
  }

  let maxDurationMs = machine.maxSessionMinutes === null ? Infinity : machine.maxSessionMinutes * MINUTE_MS;
  if (untilCloseMs < maxDurationMs) maxDurationMs = untilCloseMs;
  let cappedByBooking = false;
  if (nextBookingAt - now < maxDurationMs) {
    maxDurationMs = nextBookingAt - now;
    cappedByBooking = true;
  }
  if (maxDurationMs === Infinity) maxDurationMs = options.defaultMaxDurationMs ?? DEFAULT_MAX_DURATION_MS;

  return {
    outcome: 'allowed',
    memberId: member.memberId,
    memberKey: member.memberKey,
    level,
    maxDurationMs,
    endsAt: now + maxDurationMs,
    takeoverOfSessionId,
    bookingId,
    cappedByBooking,
  };
}

/** Negated results of trainingRank, indexing the reason they stand for. */
const NOT_TRAINED = -1;
const TRAINING_EXPIRED = -2;
const PREREQUISITE_MISSING = -3;
const TRAINING_DENIALS: readonly DenyReason[] = [
  Reason.NotTrained, // unused: index 0 is no denial
  Reason.NotTrained,
  Reason.TrainingExpired,
  Reason.PrerequisiteMissing,
];

/**
 * The rank of the member's best valid level among the machine's qualifications at `at`, or a negative code:
 * no grant at all, only expired grants, or valid grants whose prerequisites are not all held validly. The
 * machine must need training (qualifications non-empty).
 */
function trainingRank(member: MemberEntry, machine: MachineEntry, at: number): number {
  const qualifications = machine.qualifications;
  const grants = member.grantTable;
  let bestRank = 0;
  let sawExpired = false;
  let sawPrerequisiteMissing = false;
  if (grants.length > 0) {
    for (let i = 0; i < qualifications.length; i++) {
      const qualification = qualifications[i];
      const index = grantIndex(grants, qualification.slot);
      if (index < 0) continue;
      if (grants[index + GRANT_EXPIRES_AT] <= at) {
        sawExpired = true;
        continue;
      }
      const rank = grants[index + GRANT_RANK];
      if (rank <= bestRank) continue;
      if (!prerequisitesHeld(qualification.prerequisiteSlots, grants, at)) {
        sawPrerequisiteMissing = true;
        continue;
      }
      bestRank = rank;
    }
  }
  if (bestRank > 0) return bestRank;
  return sawPrerequisiteMissing ? PREREQUISITE_MISSING : sawExpired ? TRAINING_EXPIRED : NOT_TRAINED;
}

/**
 * Why the member could not use the machine throughout [from, to) for training reasons, or null: the check a
 * booking needs (a training that expires during the slot refuses it). Membership and card checks stay with
 * the tap, as they may change before the slot.
 */
export function trainingDenialFor(
  snapshot: PolicySnapshot,
  memberId: string,
  machineId: string,
  from: number,
  to: number,
): DenyReason | null {
  const machine = snapshot.machines.get(machineId);
  if (machine === undefined) return Reason.UnknownMachine;
  const member = snapshot.members.get(memberId);
  if (member === undefined) return Reason.UnknownCard;
  if (machine.qualifications.length === 0) return null;
  // Grants only expire (never start later), so holding one at the end means holding it throughout.
  const rank = trainingRank(member, machine, Math.max(from, to - 1));
  return rank < 0 ? TRAINING_DENIALS[-rank] : null;
}

/** Whether the site is open for the whole of [from, to) (always, without opening hours). */
export function openThroughout(site: SiteEntry, from: number, to: number): boolean {
  const offsetMs = utcOffsetAt(site.clock, from);
  return msUntilClose(site, from + offsetMs, offsetMs, from) >= to - from;
}

function deny(reason: DenyReason, member: MemberEntry | null): AccessDenied {
  return member === null
    ? { outcome: 'denied', reason, memberId: null, memberKey: null }
    : { outcome: 'denied', reason, memberId: member.memberId, memberKey: member.memberKey };
}

/**
 * Age is checked when the member's birth date is known; without one a minor is refused, and an adult only when
 * the limit is above 18 (being an adult proves 18).
 */
function meetsMinimumAge(member: MemberEntry, minimumAge: number, localMs: number): boolean {
  if (member.birthYmd === null) return !member.isMinor && minimumAge <= 18;
  return ageInYears(member.birthYmd, ymdOfEpochDay(epochDayOf(localMs))) >= minimumAge;
}

/**
 * Milliseconds until the current opening stretch closes; Infinity without a restriction, 0 when closed. The
 * close is a wall-clock time converted to an instant, so a DST switch before it shortens or lengthens the wait.
 */
function msUntilClose(site: SiteEntry, localMs: number, offsetMs: number, now: number): number {
  const schedule = site.schedule;
  if (schedule.alwaysOpen) return Infinity;
  const weekMs = msOfWeek(localMs);
  const closeMinute = schedule.closeAt[Math.floor(weekMs / MINUTE_MS)];
  if (closeMinute === CLOSED) return 0;
  const localCloseMs = localMs - weekMs + closeMinute * MINUTE_MS;
  return localToUtc(site.clock, localCloseMs, offsetMs) - now;
}

/** Where the qualification's grant starts in the table; -1 when the member holds none. */
function grantIndex(grants: GrantTable, slot: number): number {
  for (let at = 0; at < grants.length; at += GRANT_STRIDE) if (grants[at] === slot) return at;
  return -1;
}

function prerequisitesHeld(slots: readonly number[], grants: GrantTable, now: number): boolean {
  for (let i = 0; i < slots.length; i++) {
    const at = grantIndex(grants, slots[i]);
    if (at < 0 || grants[at + GRANT_EXPIRES_AT] <= now) return false;
  }
  return true;
}

/** Someone other than the user counts as supervision: staff cannot supervise themselves. */
function supervisorPresent(site: SiteEntry, memberId: string): boolean {
  const present = site.staffPresent;
  return present.size > (present.has(memberId) ? 1 : 0);
}
