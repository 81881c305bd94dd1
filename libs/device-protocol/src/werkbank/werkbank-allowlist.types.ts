import type { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';

/**
 * Allowlist v2 bodies (docs/protocol.md section 5): exactly the inputs decide() needs for the machines bound to
 * one bridge, keyed by pseudonyms. No names, e-mail addresses or member ids travel: `memberKey` stands in for
 * the member everywhere (also in bookings), `offlineHash` for the card. Times are ISO 8601 timestamps with a
 * zone, as everywhere in the own protocol.
 *
 * The shapes match access-core's `OfflinePolicyList` / `OfflineRevocations` structurally (pure libs may not
 * import each other), so a decoded body goes straight into `buildOfflineSnapshot`.
 */

export interface AllowlistOpeningWindow {
  /** ISO weekday 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** 'HH:MM' site wall clock; `closes` may be '24:00', `closes <= opens` runs past midnight. */
  opens: string;
  closes: string;
}

export interface AllowlistSite {
  siteId: string;
  /** IANA zone, e.g. 'Europe/Berlin'. */
  timezone: string;
  /** Empty = always open. */
  openingHours: readonly AllowlistOpeningWindow[];
}

export interface AllowlistQualification {
  qualificationId: string;
  machineTypeId: string;
  prerequisiteIds: readonly string[];
}

export interface AllowlistBooking {
  bookingId: string;
  memberKey: string;
  startsAt: string;
  endsAt: string;
  claimedAt: string | null;
}

export interface AllowlistMachine {
  machineId: string;
  siteId: string;
  machineTypeId: string;
  state: MachineState;
  needsSupervision: boolean;
  minimumAge: number | null;
  maxSessionMinutes: number | null;
  allowTakeover: boolean;
  /** The machine's bookings that end after issuedAt and start before expiresAt, by start. */
  bookings: readonly AllowlistBooking[];
}

export interface AllowlistGrant {
  qualificationId: string;
  level: QualificationLevel;
  /** null = never expires. */
  expiresAt: string | null;
}

export interface AllowlistMember {
  memberKey: string;
  status: MemberStatus;
  guestValidFrom: string | null;
  guestValidUntil: string | null;
  isMinor: boolean;
  guardianConsent: boolean;
  /** 'YYYY-MM-DD', only where decide() needs it (minors, or a machine's age limit above 18); else null. */
  birthDate: string | null;
  grants: readonly AllowlistGrant[];
}

export interface AllowlistCard {
  /** Lowercase hex HMAC-SHA256(bridgeCardKey, canonical UID). */
  offlineHash: string;
  memberKey: string;
  blocked: boolean;
}

export interface AllowlistHead {
  bridgeId: string;
  /** One counter per bridge, shared by full lists and deltas; strictly increasing. */
  version: number;
  issuedAt: string;
  /** After this the bridge stops using the list (fail closed, unless the machine is configured fail-open). */
  expiresAt: string;
}

export interface AllowlistFullBody extends AllowlistHead {
  kind: 'full';
  sites: readonly AllowlistSite[];
  qualifications: readonly AllowlistQualification[];
  machines: readonly AllowlistMachine[];
  members: readonly AllowlistMember[];
  cards: readonly AllowlistCard[];
}

export interface AllowlistRevokedGrant {
  memberKey: string;
  qualificationId: string;
}

/**
 * Rights taken away since the full list `baseVersion`, cumulative: each delta replaces the previous one, so the
 * bridge applies only the newest delta on top of its full list.
 */
export interface AllowlistDeltaBody extends AllowlistHead {
  kind: 'delta';
  /** The full list's version this delta applies to; less than `version`. */
  baseVersion: number;
  revokedCards: readonly string[];
  suspendedMembers: readonly string[];
  /** Machines put out of service (or into maintenance: either way nobody starts offline). */
  machinesOutOfService: readonly string[];
  revokedGrants: readonly AllowlistRevokedGrant[];
}

export type AllowlistBody = AllowlistFullBody | AllowlistDeltaBody;
