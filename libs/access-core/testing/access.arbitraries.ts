import fc from 'fast-check';
import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  AccessRequest,
  CardInput,
  createEmptySnapshot,
  MachineInput,
  MemberInput,
  OpeningWindow,
  PolicySnapshot,
  QualificationInput,
  removeCard,
  removeGrant,
  removeMember,
  removeQualification,
  setCardBlocked,
  setGrant,
  SiteInput,
  startSession,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from '../src';

/** A whole policy world as plain data, so fast-check can shrink it and a test can rebuild it from scratch. */
export interface World {
  sites: SiteInput[];
  machines: MachineInput[];
  qualifications: QualificationInput[];
  members: MemberInput[];
  cards: CardInput[];
  grants: {
    memberId: string;
    qualificationId: string;
    level: QualificationLevel;
    expiresAt: number | null;
  }[];
  sessions: { machineId: string; sessionId: string; memberId: string }[];
}

export const FROM = Date.UTC(2025, 0, 1);
export const TO = Date.UTC(2028, 0, 1);
export const instant = fc.integer({ min: FROM, max: TO });

const SITE_IDS = ['site-a', 'site-b'];
const TYPE_IDS = ['laser', 'printer', 'sewing'];
const QUALIFICATION_IDS = ['q-laser', 'q-laser-pro', 'q-printer', 'q-safety'];
const MEMBER_IDS = ['m0', 'm1', 'm2', 'm3'];
const MACHINE_IDS = ['mach-0', 'mach-1', 'mach-2'];

/** true with probability 1/n: most generated worlds should get far enough to reach the later checks. */
const rarely = (n: number) => fc.integer({ min: 1, max: n }).map((x) => x === 1);
const mostlyNull = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
const mostly = <T>(usual: T, arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: arb });

const hhmm = fc
  .integer({ min: 0, max: 1439 })
  .map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);

const windowArb: fc.Arbitrary<OpeningWindow> = fc.record({
  weekday: fc.integer({ min: 1, max: 7 }),
  opens: hhmm,
  closes: hhmm,
});

const isoDate = fc
  .integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2027, 0, 1) })
  .map((t) => new Date(t).toISOString().slice(0, 10));

const siteArb = (siteId: string): fc.Arbitrary<SiteInput> =>
  fc.record({
    siteId: fc.constant(siteId),
    timezone: fc.constantFrom('Europe/Berlin', 'UTC', 'America/New_York', 'Asia/Kathmandu'),
    openingHours: fc.oneof(fc.constant([]), fc.array(windowArb, { minLength: 1, maxLength: 12 })),
    staffPresent: fc.subarray(['staff-1', 'm0']),
  });

const machineArb = (machineId: string): fc.Arbitrary<MachineInput> =>
  fc.record({
    machineId: fc.constant(machineId),
    siteId: mostly(SITE_IDS[0], fc.constantFrom(...SITE_IDS, 'site-unknown')),
    machineTypeId: fc.constantFrom(...TYPE_IDS),
    state: mostly(MachineState.Available, fc.constantFrom(...Object.values(MachineState))),
    needsSupervision: rarely(3),
    minimumAge: mostlyNull(fc.integer({ min: 6, max: 25 })),
    maxSessionMinutes: fc.option(fc.integer({ min: 1, max: 600 })),
    allowTakeover: fc.boolean(),
  });

const memberArb = (memberId: string): fc.Arbitrary<MemberInput> =>
  fc.record({
    memberId: fc.constant(memberId),
    memberKey: fc.constant(`key-${memberId}`),
    status: mostly(MemberStatus.Active, fc.constantFrom(...Object.values(MemberStatus))),
    guestValidFrom: fc.option(instant),
    guestValidUntil: fc.option(instant),
    isMinor: rarely(4),
    guardianConsent: fc.boolean(),
    birthDate: fc.option(isoDate),
  });

export const worldArb: fc.Arbitrary<World> = fc.record({
  sites: fc.tuple(...SITE_IDS.map(siteArb)),
  machines: fc.subarray(MACHINE_IDS, { minLength: 1 }).chain((ids) => fc.tuple(...ids.map(machineArb))),
  qualifications: fc.subarray(QUALIFICATION_IDS).chain((ids) =>
    fc.tuple(
      ...ids.map((qualificationId) =>
        fc.record({
          qualificationId: fc.constant(qualificationId),
          machineTypeId: fc.constantFrom(...TYPE_IDS, 'induction'),
          prerequisiteIds: fc.subarray(
            QUALIFICATION_IDS.filter((id) => id !== qualificationId),
            { maxLength: 2 },
          ),
        }),
      ),
    ),
  ),
  members: fc
    .subarray(MEMBER_IDS.slice(1))
    .chain((ids) => fc.tuple(...[MEMBER_IDS[0], ...ids].map(memberArb))),
  cards: fc.uniqueArray(
    fc.record({
      uidHash: fc.constantFrom('uid-0', 'uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5'),
      cardId: fc.constant('card'),
      memberId: mostly(MEMBER_IDS[0], fc.constantFrom(...MEMBER_IDS, 'ghost')),
      blocked: rarely(5),
    }),
    { selector: (card) => card.uidHash, minLength: 1 },
  ),
  grants: fc.array(
    fc.record({
      memberId: fc.constantFrom(...MEMBER_IDS),
      qualificationId: fc.constantFrom(...QUALIFICATION_IDS),
      level: fc.constantFrom(...Object.values(QualificationLevel)),
      expiresAt: mostlyNull(instant),
    }),
    { maxLength: 16 },
  ),
  sessions: fc.uniqueArray(
    fc.record({
      machineId: fc.constantFrom(...MACHINE_IDS),
      sessionId: fc.constantFrom('sess-a', 'sess-b', 'sess-c'),
      memberId: fc.constantFrom(...MEMBER_IDS),
    }),
    { selector: (session) => session.machineId, maxLength: 3 },
  ),
});

export function buildSnapshot(world: World): PolicySnapshot {
  const snapshot = createEmptySnapshot();
  world.sites.forEach((site) => upsertSite(snapshot, site));
  world.machines.forEach((machine) => upsertMachine(snapshot, machine));
  world.qualifications.forEach((qualification) => upsertQualification(snapshot, qualification));
  world.members.forEach((member) => upsertMember(snapshot, member));
  world.cards.forEach((card) => upsertCard(snapshot, card));
  world.grants.forEach((g) => setGrant(snapshot, g.memberId, g.qualificationId, g));
  world.sessions.forEach((s) =>
    startSession(snapshot, s.machineId, {
      sessionId: s.sessionId,
      memberId: s.memberId,
      startedAt: FROM,
      endsAt: null,
    }),
  );
  return snapshot;
}

/** Requests that mostly hit known cards and machines, sometimes not. */
export const requestArb = (world: World): fc.Arbitrary<AccessRequest> =>
  fc.record({
    uidHash: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...world.cards.map((c) => c.uidHash)) },
      { weight: 1, arbitrary: fc.constant('uid-unknown') },
    ),
    machineId: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...world.machines.map((m) => m.machineId)) },
      { weight: 1, arbitrary: fc.constant('machine-unknown') },
    ),
  });

/** A staff change, as the server applies it to the live snapshot. */
export type Mutation =
  | { kind: 'upsertMember'; member: MemberInput }
  | { kind: 'removeMember'; memberId: string }
  | { kind: 'upsertCard'; card: CardInput }
  | { kind: 'removeCard'; uidHash: string }
  | { kind: 'setCardBlocked'; uidHash: string; blocked: boolean }
  | { kind: 'setGrant'; grant: World['grants'][number] }
  | { kind: 'removeGrant'; memberId: string; qualificationId: string }
  | { kind: 'upsertQualification'; qualification: QualificationInput }
  | { kind: 'removeQualification'; qualificationId: string };

const UIDS = ['uid-0', 'uid-1', 'uid-2', 'uid-3', 'uid-4', 'uid-5'];
const memberIdArb = fc.constantFrom(...MEMBER_IDS);
const qualificationIdArb = fc.constantFrom(...QUALIFICATION_IDS);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  memberIdArb.chain((id) => memberArb(id)).map((member) => ({ kind: 'upsertMember' as const, member })),
  memberIdArb.map((memberId) => ({ kind: 'removeMember' as const, memberId })),
  fc
    .record({
      uidHash: fc.constantFrom(...UIDS),
      cardId: fc.constant('card'),
      memberId: memberIdArb,
      blocked: fc.boolean(),
    })
    .map((card) => ({ kind: 'upsertCard' as const, card })),
  fc.constantFrom(...UIDS).map((uidHash) => ({ kind: 'removeCard' as const, uidHash })),
  fc
    .record({ uidHash: fc.constantFrom(...UIDS), blocked: fc.boolean() })
    .map((m) => ({ kind: 'setCardBlocked' as const, ...m })),
  fc
    .record({
      memberId: memberIdArb,
      qualificationId: qualificationIdArb,
      level: fc.constantFrom(...Object.values(QualificationLevel)),
      expiresAt: mostlyNull(instant),
    })
    .map((grant) => ({ kind: 'setGrant' as const, grant })),
  fc
    .record({ memberId: memberIdArb, qualificationId: qualificationIdArb })
    .map((m) => ({ kind: 'removeGrant' as const, ...m })),
  qualificationIdArb
    .chain((qualificationId) =>
      fc.record({
        qualificationId: fc.constant(qualificationId),
        machineTypeId: fc.constantFrom(...TYPE_IDS, 'induction'),
        prerequisiteIds: fc.subarray(
          QUALIFICATION_IDS.filter((id) => id !== qualificationId),
          { maxLength: 2 },
        ),
      }),
    )
    .map((qualification) => ({ kind: 'upsertQualification' as const, qualification })),
  qualificationIdArb.map((qualificationId) => ({ kind: 'removeQualification' as const, qualificationId })),
);

export function applyToSnapshot(snapshot: PolicySnapshot, m: Mutation): void {
  switch (m.kind) {
    case 'upsertMember':
      return upsertMember(snapshot, m.member);
    case 'removeMember':
      return void removeMember(snapshot, m.memberId);
    case 'upsertCard':
      return upsertCard(snapshot, m.card);
    case 'removeCard':
      return void removeCard(snapshot, m.uidHash);
    case 'setCardBlocked':
      return void setCardBlocked(snapshot, m.uidHash, m.blocked);
    case 'setGrant':
      return setGrant(snapshot, m.grant.memberId, m.grant.qualificationId, m.grant);
    case 'removeGrant':
      return void removeGrant(snapshot, m.memberId, m.qualificationId);
    case 'upsertQualification':
      return upsertQualification(snapshot, m.qualification);
    case 'removeQualification':
      return void removeQualification(snapshot, m.qualificationId);
  }
}

/** The same change on the plain world: the model the incremental snapshot must agree with. */
export function applyToWorld(world: World, m: Mutation): World {
  const without = <T>(items: T[], drop: (item: T) => boolean) => items.filter((item) => !drop(item));
  switch (m.kind) {
    case 'upsertMember':
      return {
        ...world,
        members: [...without(world.members, (x) => x.memberId === m.member.memberId), m.member],
      };
    case 'removeMember':
      return {
        ...world,
        members: without(world.members, (x) => x.memberId === m.memberId),
        cards: without(world.cards, (x) => x.memberId === m.memberId),
        grants: without(world.grants, (x) => x.memberId === m.memberId),
      };
    case 'upsertCard':
      return { ...world, cards: [...without(world.cards, (x) => x.uidHash === m.card.uidHash), m.card] };
    case 'removeCard':
      return { ...world, cards: without(world.cards, (x) => x.uidHash === m.uidHash) };
    case 'setCardBlocked':
      return {
        ...world,
        cards: world.cards.map((c) => (c.uidHash === m.uidHash ? { ...c, blocked: m.blocked } : c)),
      };
    case 'setGrant': {
      const same = (x: World['grants'][number]) =>
        x.memberId === m.grant.memberId && x.qualificationId === m.grant.qualificationId;
      return { ...world, grants: [...without(world.grants, same), m.grant] };
    }
    case 'removeGrant':
      return {
        ...world,
        grants: without(
          world.grants,
          (x) => x.memberId === m.memberId && x.qualificationId === m.qualificationId,
        ),
      };
    case 'upsertQualification':
      return {
        ...world,
        qualifications: [
          ...without(world.qualifications, (x) => x.qualificationId === m.qualification.qualificationId),
          m.qualification,
        ],
      };
    case 'removeQualification':
      return {
        ...world,
        qualifications: without(world.qualifications, (x) => x.qualificationId === m.qualificationId),
        grants: without(world.grants, (x) => x.qualificationId === m.qualificationId),
      };
  }
}
