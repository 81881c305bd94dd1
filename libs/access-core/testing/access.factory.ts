import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  AccessRequest,
  CardInput,
  createEmptySnapshot,
  MachineInput,
  MemberInput,
  PolicySnapshot,
  QualificationInput,
  setGrant,
  SiteInput,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from '../src';

/** Wednesday 2026-06-10, 10:00 in Berlin (CEST, UTC+2). */
export const WED_10_BERLIN = Date.UTC(2026, 5, 10, 8, 0);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const weekdays = (opens: string, closes: string, days = [1, 2, 3, 4, 5, 6]) =>
  days.map((weekday) => ({ weekday, opens, closes }));

export function aSite(overrides: Partial<SiteInput> = {}): SiteInput {
  return {
    siteId: 'site-1',
    timezone: 'Europe/Berlin',
    openingHours: weekdays('09:00', '21:00'),
    staffPresent: ['staff-1'],
    ...overrides,
  };
}

export function aMachine(overrides: Partial<MachineInput> = {}): MachineInput {
  return {
    machineId: 'laser-1',
    siteId: 'site-1',
    machineTypeId: 'laser',
    state: MachineState.Available,
    needsSupervision: false,
    minimumAge: null,
    maxSessionMinutes: 120,
    allowTakeover: false,
    ...overrides,
  };
}

export function aMember(overrides: Partial<MemberInput> = {}): MemberInput {
  return {
    memberId: 'member-1',
    memberKey: 'key-1',
    status: MemberStatus.Active,
    guestValidFrom: null,
    guestValidUntil: null,
    isMinor: false,
    guardianConsent: false,
    birthDate: null,
    ...overrides,
  };
}

export function aCard(overrides: Partial<CardInput> = {}): CardInput {
  return { uidHash: 'uid-1', cardId: 'card-1', memberId: 'member-1', blocked: false, ...overrides };
}

export function aQualification(overrides: Partial<QualificationInput> = {}): QualificationInput {
  return { qualificationId: 'q-laser', machineTypeId: 'laser', prerequisiteIds: ['q-safety'], ...overrides };
}

/**
 * A snapshot in which `aRequest()` at WED_10_BERLIN is allowed: member-1 (card uid-1) holds the laser training
 * and its safety prerequisite; staff-1 is present at site-1, open Mon–Sat 09:00–21:00. A second member
 * (member-2, card uid-2) is fully trained too, for sessions held by someone else.
 */
export function aSnapshot(): PolicySnapshot {
  const snapshot = createEmptySnapshot();
  upsertSite(snapshot, aSite());
  upsertMachine(snapshot, aMachine());
  upsertQualification(snapshot, aQualification());
  upsertQualification(snapshot, {
    qualificationId: 'q-safety',
    machineTypeId: 'induction',
    prerequisiteIds: [],
  });
  for (const n of [1, 2]) {
    upsertMember(snapshot, aMember({ memberId: `member-${n}`, memberKey: `key-${n}` }));
    upsertCard(snapshot, aCard({ uidHash: `uid-${n}`, cardId: `card-${n}`, memberId: `member-${n}` }));
    setGrant(snapshot, `member-${n}`, 'q-laser', { level: QualificationLevel.Independent, expiresAt: null });
    setGrant(snapshot, `member-${n}`, 'q-safety', { level: QualificationLevel.Independent, expiresAt: null });
  }
  return snapshot;
}

export function aRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return { uidHash: 'uid-1', machineId: 'laser-1', ...overrides };
}
