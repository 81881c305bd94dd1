import type { MemberEntry, PolicySnapshot } from '@werkbank/access-core';
import { MachineState, MemberStatus } from '@werkbank/contracts';
import type {
  AllowlistBooking,
  AllowlistCard,
  AllowlistFullBody,
  AllowlistGrant,
  AllowlistMachine,
  AllowlistMember,
  AllowlistQualification,
  AllowlistRevokedGrant,
  AllowlistSite,
} from '@werkbank/device-protocol';

/** The full list's content: everything but the version, which the publisher assigns. */
export type AllowlistContent = Omit<AllowlistFullBody, 'version'>;

export interface AllowlistScope {
  bridgeId: string;
  /** The machines the bridge's devices are bound to. */
  machineIds: readonly string[];
  now: number;
  expiresAt: number;
  /** uidHash → offline hash; cards without one cannot be listed (their UID was not seen since). */
  offlineHashOf: (uidHash: string) => string | undefined;
}

const iso = (ms: number) => new Date(ms).toISOString();
const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * The full allowlist of one bridge from the policy snapshot: its machines (with sites, qualifications and the
 * bookings until expiry), and only the members who could be admitted at one of them, each with the grants
 * that matter there, named by member key. No names, e-mails or member ids; raw UIDs never (offline hashes).
 * Pure and deterministic (sorted), so two builds of the same state compare equal.
 */
export function buildAllowlistContent(snapshot: PolicySnapshot, scope: AllowlistScope): AllowlistContent {
  const machines = scope.machineIds
    .map((id) => snapshot.machines.get(id))
    .filter((m) => m !== undefined && m.site !== undefined)
    .map((m) => m!);
  const opening = new Set<string>();
  let someMachineNeedsNoTraining = false;
  for (const m of machines) {
    if (m.qualifications.length === 0) someMachineNeedsNoTraining = true;
    for (const q of m.qualifications) opening.add(q.qualificationId);
  }
  const needed = withPrerequisites(snapshot, opening);
  const birthDatesMatter = machines.some((m) => m.minimumAge !== null && m.minimumAge > 18);

  const members = new Map<string, AllowlistMember>();
  const cards: AllowlistCard[] = [];
  for (const card of snapshot.cards.values()) {
    const member = card.member;
    if (member === undefined) continue;
    const offlineHash = scope.offlineHashOf(card.uidHash);
    if (offlineHash === undefined) continue;
    let entry = members.get(member.memberId);
    if (entry === undefined) {
      if (!admissible(snapshot, member, opening, someMachineNeedsNoTraining, scope.now)) continue;
      entry = memberEntry(snapshot, member, needed, birthDatesMatter, scope.now);
      members.set(member.memberId, entry);
    }
    cards.push({ offlineHash, memberKey: member.memberKey, blocked: card.blocked });
  }

  const siteIds = new Set(machines.map((m) => m.siteId));
  const sites: AllowlistSite[] = [...siteIds].map((id) => {
    const site = snapshot.sites.get(id)!;
    return {
      siteId: id,
      timezone: site.timezone,
      openingHours: site.openingHours.map((w) => ({ weekday: w.weekday, opens: w.opens, closes: w.closes })),
    };
  });
  const qualifications: AllowlistQualification[] = [...needed].map((id) => {
    const q = snapshot.qualifications.get(id)!;
    return { qualificationId: id, machineTypeId: q.machineTypeId, prerequisiteIds: [...q.prerequisiteIds] };
  });
  return {
    kind: 'full',
    bridgeId: scope.bridgeId,
    issuedAt: iso(scope.now),
    expiresAt: iso(scope.expiresAt),
    sites: sites.sort(byKey((s) => s.siteId)),
    qualifications: qualifications.sort(byKey((q) => q.qualificationId)),
    machines: machines.map((m) => machineEntry(snapshot, m.machineId, scope)).sort(byKey((m) => m.machineId)),
    members: [...members.values()].sort(byKey((m) => m.memberKey)),
    cards: cards.sort(byKey((c) => c.offlineHash)),
  };
}

/** The opening qualifications and, transitively, every prerequisite they need. */
function withPrerequisites(snapshot: PolicySnapshot, opening: ReadonlySet<string>): Set<string> {
  const needed = new Set<string>();
  const queue = [...opening];
  while (queue.length > 0) {
    const id = queue.pop()!;
    const q = snapshot.qualifications.get(id);
    if (q === undefined || needed.has(id)) continue;
    needed.add(id);
    queue.push(...q.prerequisiteIds);
  }
  return needed;
}

/** Could this member be let in at one of the machines before the list expires, as things stand now? */
function admissible(
  snapshot: PolicySnapshot,
  member: MemberEntry,
  opening: ReadonlySet<string>,
  someMachineNeedsNoTraining: boolean,
  now: number,
): boolean {
  if (member.status === MemberStatus.Suspended) return false;
  if (member.status === MemberStatus.Guest && member.guestValidUntil !== null && member.guestValidUntil < now)
    return false;
  if (someMachineNeedsNoTraining) return true;
  const grants = snapshot.grants.get(member.memberId);
  if (grants === undefined) return false;
  for (const id of opening) {
    const g = grants.get(id);
    if (g !== undefined && (g.expiresAt === null || g.expiresAt > now)) return true;
  }
  return false;
}

function memberEntry(
  snapshot: PolicySnapshot,
  member: MemberEntry,
  needed: ReadonlySet<string>,
  birthDatesMatter: boolean,
  now: number,
): AllowlistMember {
  const grants: AllowlistGrant[] = [];
  for (const [qualificationId, g] of snapshot.grants.get(member.memberId) ?? []) {
    if (!needed.has(qualificationId) || (g.expiresAt !== null && g.expiresAt <= now)) continue;
    grants.push({
      qualificationId,
      level: g.level,
      expiresAt: g.expiresAt === null ? null : iso(g.expiresAt),
    });
  }
  return {
    memberKey: member.memberKey,
    status: member.status,
    guestValidFrom: member.guestValidFrom === null ? null : iso(member.guestValidFrom),
    guestValidUntil: member.guestValidUntil === null ? null : iso(member.guestValidUntil),
    isMinor: member.isMinor,
    guardianConsent: member.guardianConsent,
    // Only where decide() reads it: a minor's age, or a machine's age limit above 18.
    birthDate: member.isMinor || birthDatesMatter ? member.birthDate : null,
    grants: grants.sort(byKey((g) => g.qualificationId)),
  };
}

function machineEntry(snapshot: PolicySnapshot, machineId: string, scope: AllowlistScope): AllowlistMachine {
  const m = snapshot.machines.get(machineId)!;
  const bookings: AllowlistBooking[] = [];
  for (const b of m.bookings) {
    if (b.endsAt <= scope.now || b.startsAt >= scope.expiresAt) continue;
    const memberKey = snapshot.members.get(b.memberId)?.memberKey;
    if (memberKey === undefined) continue;
    bookings.push({
      bookingId: b.bookingId,
      memberKey,
      startsAt: iso(b.startsAt),
      endsAt: iso(b.endsAt),
      claimedAt: b.claimedAt === null ? null : iso(b.claimedAt),
    });
  }
  return {
    machineId,
    siteId: m.siteId,
    machineTypeId: m.machineTypeId,
    state: m.state,
    needsSupervision: m.needsSupervision,
    minimumAge: m.minimumAge,
    maxSessionMinutes: m.maxSessionMinutes,
    allowTakeover: m.allowTakeover,
    bookings,
  };
}

// ---------------------------------------------------------------- revocations

export interface Revocations {
  revokedCards: string[];
  suspendedMembers: string[];
  machinesOutOfService: string[];
  revokedGrants: AllowlistRevokedGrant[];
}

export function revocationCount(r: Revocations): number {
  return (
    r.revokedCards.length + r.suspendedMembers.length + r.machinesOutOfService.length + r.revokedGrants.length
  );
}

/** The rights `base` (the full list the bridge holds) gives that `current` no longer does, cumulative. */
export function revocationsSince(base: AllowlistContent, current: AllowlistContent): Revocations {
  const currentCards = new Map(current.cards.map((c) => [c.offlineHash, c]));
  const currentMembers = new Map(current.members.map((m) => [m.memberKey, m]));
  const currentMachines = new Map(current.machines.map((m) => [m.machineId, m]));
  const revokedGrants: AllowlistRevokedGrant[] = [];
  for (const m of base.members) {
    const now = currentMembers.get(m.memberKey);
    if (now === undefined) continue;
    const held = new Set(now.grants.map((g) => g.qualificationId));
    for (const g of m.grants)
      if (!held.has(g.qualificationId))
        revokedGrants.push({ memberKey: m.memberKey, qualificationId: g.qualificationId });
  }
  return {
    revokedCards: base.cards
      .filter((c) => !c.blocked && currentCards.get(c.offlineHash)?.blocked !== false)
      .map((c) => c.offlineHash),
    suspendedMembers: base.members
      .filter((m) => m.status !== MemberStatus.Suspended && !currentMembers.has(m.memberKey))
      .map((m) => m.memberKey),
    machinesOutOfService: base.machines
      .filter(
        (m) =>
          m.state === MachineState.Available &&
          (currentMachines.get(m.machineId)?.state ?? MachineState.OutOfService) !== MachineState.Available,
      )
      .map((m) => m.machineId),
    revokedGrants,
  };
}

/**
 * Whether `current` differs from `base` by more than the revocations (a right added or changed): then only a
 * new full list brings the bridge up to date. Bookings that have ended are left out on both sides.
 */
export function grantsMoreThan(base: AllowlistContent, current: AllowlistContent, now: number): boolean {
  const r = revocationsSince(base, current);
  const cards = new Set(r.revokedCards);
  const members = new Set(r.suspendedMembers);
  const machines = new Set(r.machinesOutOfService);
  const grants = new Set(r.revokedGrants.map((g) => `${g.memberKey} ${g.qualificationId}`));
  const comparable = (c: AllowlistContent, revoked: boolean) => ({
    sites: c.sites,
    qualifications: c.qualifications,
    machines: c.machines.map((m) => ({
      ...m,
      state: revoked && machines.has(m.machineId) ? 'revoked' : m.state,
      bookings: m.bookings.filter((b) => Date.parse(b.endsAt) > now),
    })),
    members: c.members
      .filter((m) => !(revoked && members.has(m.memberKey)))
      .map((m) => ({
        ...m,
        grants: m.grants.filter((g) => !(revoked && grants.has(`${m.memberKey} ${g.qualificationId}`))),
      })),
    cards: c.cards.filter((card) => !card.blocked && !(revoked && cards.has(card.offlineHash))),
  });
  const before = comparable(base, true);
  const after = comparable(current, false);
  // Machines revoked on the base side compare by a marker; on the current side they are not available.
  for (const m of after.machines) if (machines.has(m.machineId)) m.state = 'revoked';
  return JSON.stringify(before) !== JSON.stringify(after);
}
