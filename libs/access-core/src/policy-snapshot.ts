import {
  MachineState,
  MemberStatus,
  QUALIFICATION_LEVEL_RANK,
  QualificationLevel,
} from '@werkbank/contracts';
import { parseIsoDate } from './calendar.util';
import { compileOpeningHours, CompiledSchedule, OpeningWindow } from './opening-hours.util';
import { createSiteClock, SiteClock } from './site-clock.util';

/**
 * Everything decide() needs, in memory, keyed for O(1) lookups. The server builds it at boot and applies every
 * staff change through the helpers below, in place: a blocked card is blocked for the very next tap, and no
 * change costs more than the entries it touches (except the rare removal of a qualification).
 *
 * The public type is read-only so callers go through the helpers, which keep the derived parts (indexes,
 * compiled opening hours, parsed birth dates) consistent. Entries are immutable values: a change replaces the
 * entry, so an entry handed out earlier never changes under its holder. The runtime is single-threaded, so a
 * decision sees the snapshot either before or after a change, never half of one.
 */
export interface PolicySnapshot {
  /** Keyed by the card UID hash. */
  readonly cards: ReadonlyMap<string, CardEntry>;
  readonly members: ReadonlyMap<string, MemberEntry>;
  readonly qualifications: ReadonlyMap<string, QualificationEntry>;
  /** machineTypeId → ids of the qualifications that open that type (any one of them suffices). */
  readonly qualificationsByMachineType: ReadonlyMap<string, readonly string[]>;
  /** memberId → qualificationId → the member's current effective grant (see foldTrainingHistory). */
  readonly grants: ReadonlyMap<string, ReadonlyMap<string, GrantEntry>>;
  readonly machines: ReadonlyMap<string, MachineEntry>;
  readonly sites: ReadonlyMap<string, SiteEntry>;
  /** machineId → the session running on it. */
  readonly activeSessions: ReadonlyMap<string, ActiveSessionEntry>;
  /** bookingId → booking; each machine entry also links its own, sorted (MachineEntry.bookings). */
  readonly bookings: ReadonlyMap<string, BookingEntry>;
}

export interface CardInput {
  readonly uidHash: string;
  readonly cardId: string;
  readonly memberId: string;
  readonly blocked: boolean;
}

export interface CardEntry extends CardInput {
  /**
   * The card's member, linked by the helpers (undefined while the member is not loaded). A tap then costs one
   * hash lookup instead of three: on a big snapshot every lookup is a cache miss, and those dominate decide().
   */
  readonly member: MemberEntry | undefined;
}

export interface MemberInput {
  readonly memberId: string;
  /** Pseudonym that usage records and live events carry instead of the identity. */
  readonly memberKey: string;
  readonly status: MemberStatus;
  /** Guests only: the pass is valid from..until inclusive (epoch ms); null leaves that side open. */
  readonly guestValidFrom: number | null;
  readonly guestValidUntil: number | null;
  readonly isMinor: boolean;
  readonly guardianConsent: boolean;
  /** 'YYYY-MM-DD'; kept for minors (and adults only where an age limit above 18 must be proven). */
  readonly birthDate: string | null;
}

export interface MemberEntry extends MemberInput {
  /** birthDate as yyyymmdd, parsed once at upsert. */
  readonly birthYmd: number | null;
  /** The member's grants in snapshot.grants, packed for decide(); rebuilt (with the entry) on every change. */
  readonly grantTable: GrantTable;
}

/**
 * A member's current grants as GRANT_STRIDE numbers each: the qualification's slot, the rank of the level
 * (QUALIFICATION_LEVEL_RANK) and the expiry (epoch ms; Infinity = never). One array of unboxed doubles, so a
 * decision reads a member's grants from one or two cache lines; as a Map of entries they cost a decision four
 * dependent memory reads per grant and two in five of its time (measured).
 */
export type GrantTable = readonly number[];
export const GRANT_STRIDE = 3;
export const GRANT_RANK = 1;
export const GRANT_EXPIRES_AT = 2;

export interface QualificationInput {
  readonly qualificationId: string;
  readonly machineTypeId: string;
  /** Qualifications the member must also hold, unexpired, for this one to count. */
  readonly prerequisiteIds: readonly string[];
}

export interface QualificationEntry extends QualificationInput {
  /** The small number that stands for the qualification in grant tables (the id's, for good). */
  readonly slot: number;
  readonly prerequisiteSlots: readonly number[];
}

export interface GrantEntry {
  readonly level: QualificationLevel;
  /** Epoch ms; the grant is expired when expiresAt <= now. null = never expires. */
  readonly expiresAt: number | null;
}

export interface MachineInput {
  readonly machineId: string;
  readonly siteId: string;
  readonly machineTypeId: string;
  readonly state: MachineState;
  /** A staff member other than the user must be present at the site. */
  readonly needsSupervision: boolean;
  readonly minimumAge: number | null;
  readonly maxSessionMinutes: number | null;
  /** Another permitted member may take over a running session (e.g. a shared 3D printer). */
  readonly allowTakeover: boolean;
}

export interface MachineEntry extends MachineInput {
  /**
   * The machine's site (undefined while unknown) and the qualifications that open its type (any one suffices),
   * linked by the helpers for the same reason as CardEntry.member: a decision then needs no lookup for either.
   */
  readonly site: SiteEntry | undefined;
  readonly qualifications: readonly QualificationEntry[];
  /** The machine's bookings that have not ended, by start; slots never overlap, so ends are sorted too. */
  readonly bookings: readonly BookingEntry[];
}

/** A member's reservation of a machine for [startsAt, endsAt) (epoch ms). */
export interface BookingInput {
  readonly bookingId: string;
  readonly machineId: string;
  readonly memberId: string;
  readonly startsAt: number;
  readonly endsAt: number;
  /** When the holder first started a session in the slot; null while they have not (a no-show candidate). */
  readonly claimedAt: number | null;
}

export type BookingEntry = BookingInput;

export interface SiteInput {
  readonly siteId: string;
  /** IANA zone, e.g. 'Europe/Berlin'. */
  readonly timezone: string;
  /** Empty = no opening-hours restriction. */
  readonly openingHours: readonly OpeningWindow[];
  /** Staff member ids present now; when omitted an upsert keeps the presence already recorded. */
  readonly staffPresent?: Iterable<string>;
}

export interface SiteEntry {
  readonly siteId: string;
  readonly timezone: string;
  readonly openingHours: readonly OpeningWindow[];
  readonly staffPresent: ReadonlySet<string>;
  /** Derived from openingHours at upsert. */
  readonly schedule: CompiledSchedule;
  /** Internal memo of the time-zone maths; never read or written outside this lib. */
  readonly clock: SiteClock;
}

export interface ActiveSessionEntry {
  readonly sessionId: string;
  readonly memberId: string;
  readonly startedAt: number;
  /** When the session reaches its maximum duration; null = no limit (e.g. restored without one). */
  readonly endsAt: number | null;
}

interface MutableSnapshot {
  cards: Map<string, CardEntry>;
  members: Map<string, MemberEntry>;
  qualifications: Map<string, QualificationEntry>;
  qualificationsByMachineType: Map<string, readonly string[]>;
  grants: Map<string, Map<string, GrantEntry>>;
  machines: Map<string, MachineEntry>;
  sites: Map<string, MutableSiteEntry>;
  activeSessions: Map<string, ActiveSessionEntry>;
  bookings: Map<string, BookingEntry>;
  /** machineId → its bookings by start (the list MachineEntry.bookings links; also kept while it is unknown). */
  bookingsByMachine: Map<string, readonly BookingEntry[]>;
  /** memberId → uid hashes of the member's cards, to relink or drop them with the member. */
  cardsByMember: Map<string, Set<string>>;
  /** Site, machine type and qualification ids by content → one string object each (see sharedId). */
  sharedIds: Map<string, string>;
  /** Qualification id → its slot in grant tables; only grows, like sharedIds. */
  slots: Map<string, number>;
}

interface MutableSiteEntry extends SiteEntry {
  readonly staffPresent: Set<string>;
}

/** The helpers own the maps; the cast is the one place the read-only view is lifted. */
function internals(snapshot: PolicySnapshot): MutableSnapshot {
  return snapshot as MutableSnapshot;
}

export function createEmptySnapshot(): PolicySnapshot {
  const snapshot: MutableSnapshot = {
    cards: new Map(),
    members: new Map(),
    qualifications: new Map(),
    qualificationsByMachineType: new Map(),
    grants: new Map(),
    machines: new Map(),
    sites: new Map(),
    activeSessions: new Map(),
    bookings: new Map(),
    bookingsByMachine: new Map(),
    cardsByMember: new Map(),
    sharedIds: new Map(),
    slots: new Map(),
  };
  return snapshot;
}

// Entries are built field by field rather than spread from the input: the server passes entities and DTOs with
// extra properties, and explicit literals keep every entry of a kind one compact, monomorphic shape.

// ---- cards ----

export function upsertCard(snapshot: PolicySnapshot, card: CardInput): void {
  const s = internals(snapshot);
  const previous = s.cards.get(card.uidHash);
  if (previous !== undefined && previous.memberId !== card.memberId) unindexCard(s, previous);
  storeCard(s, card, s.members.get(card.memberId));
  let uidHashes = s.cardsByMember.get(card.memberId);
  if (uidHashes === undefined) {
    uidHashes = new Set();
    s.cardsByMember.set(card.memberId, uidHashes);
  }
  uidHashes.add(card.uidHash);
}

export function removeCard(snapshot: PolicySnapshot, uidHash: string): boolean {
  const s = internals(snapshot);
  const card = s.cards.get(uidHash);
  if (card === undefined) return false;
  unindexCard(s, card);
  return s.cards.delete(uidHash);
}

/** Returns false when the card is not in the snapshot. */
export function setCardBlocked(snapshot: PolicySnapshot, uidHash: string, blocked: boolean): boolean {
  const s = internals(snapshot);
  const card = s.cards.get(uidHash);
  if (card === undefined) return false;
  storeCard(s, { uidHash, cardId: card.cardId, memberId: card.memberId, blocked }, card.member);
  return true;
}

function storeCard(s: MutableSnapshot, card: CardInput, member: MemberEntry | undefined): void {
  s.cards.set(card.uidHash, {
    uidHash: card.uidHash,
    cardId: card.cardId,
    memberId: card.memberId,
    blocked: card.blocked,
    member,
  });
}

function unindexCard(s: MutableSnapshot, card: CardEntry): void {
  const uidHashes = s.cardsByMember.get(card.memberId);
  if (uidHashes === undefined) return;
  uidHashes.delete(card.uidHash);
  if (uidHashes.size === 0) s.cardsByMember.delete(card.memberId);
}

// ---- members ----

/** Throws RangeError for a malformed birthDate, so bad data fails at load, not at a tap. */
export function upsertMember(snapshot: PolicySnapshot, member: MemberInput): void {
  storeMember(internals(snapshot), member);
}

/** Builds the member's entry with the current grants and relinks the member's cards to it. */
function storeMember(s: MutableSnapshot, member: MemberInput): void {
  const entry: MemberEntry = {
    memberId: member.memberId,
    memberKey: member.memberKey,
    status: member.status,
    guestValidFrom: member.guestValidFrom,
    guestValidUntil: member.guestValidUntil,
    isMinor: member.isMinor,
    guardianConsent: member.guardianConsent,
    birthDate: member.birthDate,
    birthYmd: member.birthDate === null ? null : parseIsoDate(member.birthDate),
    grantTable: packGrants(s, s.grants.get(member.memberId)),
  };
  s.members.set(member.memberId, entry);
  for (const uidHash of s.cardsByMember.get(member.memberId) ?? []) {
    const card = s.cards.get(uidHash);
    if (card !== undefined) storeCard(s, card, entry);
  }
}

/** Removes the member with their cards and grants. */
export function removeMember(snapshot: PolicySnapshot, memberId: string): boolean {
  const s = internals(snapshot);
  for (const uidHash of s.cardsByMember.get(memberId) ?? []) s.cards.delete(uidHash);
  s.cardsByMember.delete(memberId);
  s.grants.delete(memberId);
  return s.members.delete(memberId);
}

// ---- qualifications and grants ----

export function upsertQualification(snapshot: PolicySnapshot, qualification: QualificationInput): void {
  const s = internals(snapshot);
  const previous = s.qualifications.get(qualification.qualificationId);
  if (previous !== undefined) unindexQualification(s, previous);
  const qualificationId = sharedId(s, qualification.qualificationId);
  s.qualifications.set(qualificationId, {
    qualificationId,
    machineTypeId: sharedId(s, qualification.machineTypeId),
    prerequisiteIds: qualification.prerequisiteIds.map((id) => sharedId(s, id)),
    slot: slotOf(s, qualificationId),
    prerequisiteSlots: qualification.prerequisiteIds.map((id) => slotOf(s, id)),
  });
  const ids = s.qualificationsByMachineType.get(qualification.machineTypeId) ?? [];
  s.qualificationsByMachineType.set(sharedId(s, qualification.machineTypeId), [...ids, qualificationId]);
  relinkMachines(s, (m) => m.machineTypeId === qualification.machineTypeId);
}

/**
 * Removes the qualification and every grant of it, also grants recorded before the qualification was loaded
 * (a scan over members; rare). Returns whether the qualification was known.
 */
export function removeQualification(snapshot: PolicySnapshot, qualificationId: string): boolean {
  const s = internals(snapshot);
  for (const [memberId, held] of s.grants) if (held.delete(qualificationId)) refreshGrants(s, memberId);
  const previous = s.qualifications.get(qualificationId);
  if (previous === undefined) return false;
  unindexQualification(s, previous);
  return s.qualifications.delete(qualificationId);
}

function unindexQualification(s: MutableSnapshot, qualification: QualificationEntry): void {
  const ids = s.qualificationsByMachineType.get(qualification.machineTypeId);
  if (ids === undefined) return;
  const rest = ids.filter((id) => id !== qualification.qualificationId);
  if (rest.length === 0) s.qualificationsByMachineType.delete(qualification.machineTypeId);
  else s.qualificationsByMachineType.set(qualification.machineTypeId, rest);
  relinkMachines(s, (m) => m.machineTypeId === qualification.machineTypeId);
}

/**
 * One string object per site, machine type and qualification id, shared by the entries that refer to it and
 * the Map keys: the entries come from different database rows, so their ids would otherwise be as many copies
 * (one per grant, for qualification ids). The table only grows; it holds one string per such id ever seen (a
 * few hundred).
 */
function sharedId(s: MutableSnapshot, id: string): string {
  const known = s.sharedIds.get(id);
  if (known !== undefined) return known;
  s.sharedIds.set(id, id);
  return id;
}

function slotOf(s: MutableSnapshot, qualificationId: string): number {
  let slot = s.slots.get(qualificationId);
  if (slot === undefined) {
    slot = s.slots.size;
    s.slots.set(qualificationId, slot);
  }
  return slot;
}

const NO_GRANTS: GrantTable = [];

function packGrants(s: MutableSnapshot, held: ReadonlyMap<string, GrantEntry> | undefined): GrantTable {
  if (held === undefined || held.size === 0) return NO_GRANTS;
  const table: number[] = [];
  for (const [qualificationId, grant] of held) {
    table.push(
      slotOf(s, qualificationId),
      QUALIFICATION_LEVEL_RANK[grant.level] ?? 0, // an unknown level (bad data) opens nothing
      grant.expiresAt ?? Number.POSITIVE_INFINITY,
    );
  }
  return table;
}

/** Rebuilds the member's entry after a change of their grants (a no-op while the member is not loaded). */
function refreshGrants(s: MutableSnapshot, memberId: string): void {
  const member = s.members.get(memberId);
  if (member !== undefined) storeMember(s, member);
}

/** The member's grant Map, created on first use (grants may arrive before the member). */
function grantsOf(s: MutableSnapshot, memberId: string): Map<string, GrantEntry> {
  let held = s.grants.get(memberId);
  if (held === undefined) {
    held = new Map();
    s.grants.set(memberId, held);
  }
  return held;
}

export function setGrant(
  snapshot: PolicySnapshot,
  memberId: string,
  qualificationId: string,
  grant: GrantEntry,
): void {
  const s = internals(snapshot);
  grantsOf(s, memberId).set(sharedId(s, qualificationId), {
    level: grant.level,
    expiresAt: grant.expiresAt,
  });
  refreshGrants(s, memberId);
}

export function removeGrant(snapshot: PolicySnapshot, memberId: string, qualificationId: string): boolean {
  const s = internals(snapshot);
  const removed = s.grants.get(memberId)?.delete(qualificationId) ?? false;
  if (removed) refreshGrants(s, memberId);
  return removed;
}

/** Replaces all grants of a member, e.g. with the result of foldTrainingHistory(). */
export function replaceGrants(
  snapshot: PolicySnapshot,
  memberId: string,
  grants: ReadonlyMap<string, GrantEntry>,
): void {
  const s = internals(snapshot);
  const held = grantsOf(s, memberId);
  held.clear();
  for (const [qualificationId, grant] of grants) {
    held.set(sharedId(s, qualificationId), { level: grant.level, expiresAt: grant.expiresAt });
  }
  refreshGrants(s, memberId);
}

// ---- machines ----

export function upsertMachine(snapshot: PolicySnapshot, machine: MachineInput): void {
  storeMachine(internals(snapshot), machine);
}

const NO_QUALIFICATIONS: readonly QualificationEntry[] = [];
const NO_BOOKINGS: readonly BookingEntry[] = [];

function storeMachine(s: MutableSnapshot, machine: MachineInput): void {
  const qualificationIds = s.qualificationsByMachineType.get(machine.machineTypeId);
  s.machines.set(machine.machineId, {
    machineId: machine.machineId,
    siteId: sharedId(s, machine.siteId),
    machineTypeId: sharedId(s, machine.machineTypeId),
    state: machine.state,
    needsSupervision: machine.needsSupervision,
    minimumAge: machine.minimumAge,
    maxSessionMinutes: machine.maxSessionMinutes,
    allowTakeover: machine.allowTakeover,
    site: s.sites.get(machine.siteId),
    // qualificationsByMachineType only lists stored qualifications, so every id resolves.
    qualifications:
      qualificationIds === undefined
        ? NO_QUALIFICATIONS
        : qualificationIds.map((id) => s.qualifications.get(id) as QualificationEntry),
    bookings: s.bookingsByMachine.get(machine.machineId) ?? NO_BOOKINGS,
  });
}

/** Re-links the matching machines to the current site and qualification entries (a scan; sites change rarely). */
function relinkMachines(s: MutableSnapshot, matches: (machine: MachineEntry) => boolean): void {
  for (const machine of s.machines.values()) if (matches(machine)) storeMachine(s, machine);
}

/** Removes the machine with the session bookkeeping and the bookings on it. */
export function removeMachine(snapshot: PolicySnapshot, machineId: string): boolean {
  const s = internals(snapshot);
  s.activeSessions.delete(machineId);
  for (const booking of s.bookingsByMachine.get(machineId) ?? []) s.bookings.delete(booking.bookingId);
  s.bookingsByMachine.delete(machineId);
  return s.machines.delete(machineId);
}

export function setMachineState(snapshot: PolicySnapshot, machineId: string, state: MachineState): boolean {
  const s = internals(snapshot);
  const machine = s.machines.get(machineId);
  if (machine === undefined) return false;
  storeMachine(s, { ...machine, state });
  return true;
}

// ---- sites ----

/**
 * Validates and compiles the opening hours (RangeError on a bad window or an unknown time zone). The time-zone
 * memo survives an upsert that keeps the zone.
 */
export function upsertSite(snapshot: PolicySnapshot, site: SiteInput): void {
  const s = internals(snapshot);
  const sites = s.sites;
  const previous = sites.get(site.siteId);
  const schedule = compileOpeningHours(site.openingHours);
  const clock =
    previous !== undefined && previous.timezone === site.timezone
      ? previous.clock
      : createSiteClock(site.timezone);
  const staffPresent = new Set(site.staffPresent ?? previous?.staffPresent ?? []);
  const siteId = sharedId(s, site.siteId);
  sites.set(siteId, {
    siteId,
    timezone: site.timezone,
    openingHours: site.openingHours.map((window) => ({ ...window })),
    staffPresent,
    schedule,
    clock,
  });
  relinkMachines(s, (m) => m.siteId === siteId);
}

export function removeSite(snapshot: PolicySnapshot, siteId: string): boolean {
  const s = internals(snapshot);
  const removed = s.sites.delete(siteId);
  relinkMachines(s, (m) => m.siteId === siteId);
  return removed;
}

/** Records a staff member checking in (present) or out at a site; false when the site is unknown. */
export function setStaffPresent(
  snapshot: PolicySnapshot,
  siteId: string,
  staffMemberId: string,
  present: boolean,
): boolean {
  const site = internals(snapshot).sites.get(siteId);
  if (site === undefined) return false;
  if (present) site.staffPresent.add(staffMemberId);
  else site.staffPresent.delete(staffMemberId);
  return true;
}

// ---- session bookkeeping ----

export function startSession(snapshot: PolicySnapshot, machineId: string, session: ActiveSessionEntry): void {
  internals(snapshot).activeSessions.set(machineId, {
    sessionId: session.sessionId,
    memberId: session.memberId,
    startedAt: session.startedAt,
    endsAt: session.endsAt,
  });
}

/**
 * Ends the bookkeeping only if `sessionId` is still the machine's session, so a late end of a session that was
 * taken over does not remove its successor.
 */
export function endSession(snapshot: PolicySnapshot, machineId: string, sessionId: string): boolean {
  const sessions = internals(snapshot).activeSessions;
  if (sessions.get(machineId)?.sessionId !== sessionId) return false;
  return sessions.delete(machineId);
}

// ---- bookings ----

/**
 * Adds or replaces a booking (also moved to another machine or slot). The caller guarantees that the slots of
 * one machine do not overlap (the server refuses overlapping bookings); a RangeError guards against an empty
 * or inverted slot.
 */
export function upsertBooking(snapshot: PolicySnapshot, booking: BookingInput): void {
  if (!(booking.endsAt > booking.startsAt)) throw new RangeError(`booking ${booking.bookingId}: empty slot`);
  const s = internals(snapshot);
  const previous = s.bookings.get(booking.bookingId);
  if (previous !== undefined) unlinkBooking(s, previous);
  const entry: BookingEntry = {
    bookingId: booking.bookingId,
    machineId: booking.machineId,
    memberId: booking.memberId,
    startsAt: booking.startsAt,
    endsAt: booking.endsAt,
    claimedAt: booking.claimedAt,
  };
  s.bookings.set(entry.bookingId, entry);
  const list = [...(s.bookingsByMachine.get(entry.machineId) ?? NO_BOOKINGS), entry];
  list.sort((a, b) => a.startsAt - b.startsAt);
  setMachineBookings(s, entry.machineId, list);
}

/** Cancelled, released or ended: the booking no longer holds the machine. */
export function removeBooking(snapshot: PolicySnapshot, bookingId: string): boolean {
  const s = internals(snapshot);
  const booking = s.bookings.get(bookingId);
  if (booking === undefined) return false;
  unlinkBooking(s, booking);
  return s.bookings.delete(bookingId);
}

/** The holder started a session in the slot: the booking is no longer released as a no-show. */
export function claimBooking(snapshot: PolicySnapshot, bookingId: string, at: number): boolean {
  const booking = internals(snapshot).bookings.get(bookingId);
  if (booking === undefined) return false;
  if (booking.claimedAt === null) upsertBooking(snapshot, { ...booking, claimedAt: at });
  return true;
}

/**
 * Bookings the holder did not claim within `graceMs` of the start (the no-shows due now). The caller releases
 * them (removeBooking) once it has recorded that; until then decide() already treats them as free.
 */
export function dueNoShows(snapshot: PolicySnapshot, now: number, graceMs: number): BookingEntry[] {
  const due: BookingEntry[] = [];
  for (const booking of internals(snapshot).bookings.values()) {
    if (booking.claimedAt === null && booking.startsAt + graceMs <= now) due.push(booking);
  }
  return due;
}

/** Bookings whose slot is over (claimed ones; unclaimed ones leave as no-shows). */
export function endedBookings(snapshot: PolicySnapshot, now: number): BookingEntry[] {
  const ended: BookingEntry[] = [];
  for (const booking of internals(snapshot).bookings.values()) if (booking.endsAt <= now) ended.push(booking);
  return ended;
}

function unlinkBooking(s: MutableSnapshot, booking: BookingEntry): void {
  const list = s.bookingsByMachine.get(booking.machineId);
  if (list === undefined) return;
  setMachineBookings(
    s,
    booking.machineId,
    list.filter((b) => b.bookingId !== booking.bookingId),
  );
}

function setMachineBookings(s: MutableSnapshot, machineId: string, list: readonly BookingEntry[]): void {
  if (list.length === 0) s.bookingsByMachine.delete(machineId);
  else s.bookingsByMachine.set(machineId, list);
  const machine = s.machines.get(machineId);
  if (machine !== undefined) storeMachine(s, machine);
}
