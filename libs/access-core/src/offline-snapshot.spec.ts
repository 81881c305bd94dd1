import fc from 'fast-check';
import { DenyReason, MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import { buildSnapshot, instant, worldArb } from '../testing/access.arbitraries';
import { bookingsOf, memberKeyOf as keyOf, MINUTE, projectWorld } from '../testing/offline-projection';
import { AccessDecision, decide } from './decide';
import { buildOfflineSnapshot, type OfflinePolicyList } from './offline-snapshot';
import { startSession, upsertBooking } from './policy-snapshot';

/**
 * Parity: the bridge's snapshot, built from the allowlist projection of a world, decides exactly like the
 * server's snapshot of the same world (with nobody present as staff, which the bridge cannot know). Only the
 * member id differs: offline it is the memberKey.
 */

const scenarioArb = worldArb.chain((world) =>
  fc.record({
    world: fc.constant(world),
    now: instant,
    uid: fc.constantFrom(...world.cards.map((c) => c.uidHash), 'uid-unknown'),
    machineId: fc.constantFrom(...world.machines.map((m) => m.machineId), 'machine-unknown'),
    slots: fc.array(
      fc.record({
        machine: fc.nat(),
        memberId: fc.constantFrom('m0', 'm1', 'm2', 'm3'),
        gapMinutes: fc.integer({ min: 0, max: 90 }),
        lengthMinutes: fc.integer({ min: 1, max: 240 }),
        claimed: fc.boolean(),
      }),
      { maxLength: 4 },
    ),
  }),
);

function withoutMemberId(decision: AccessDecision): Omit<AccessDecision, 'memberId'> {
  const { memberId: _, ...rest } = decision;
  return rest;
}

describe('buildOfflineSnapshot', () => {
  it('decides like the server snapshot of the same world (random worlds, taps and bookings)', () => {
    fc.assert(
      fc.property(scenarioArb, ({ world, now, uid, machineId, slots }) => {
        const unstaffed = { ...world, sites: world.sites.map((s) => ({ ...s, staffPresent: [] })) };
        const bookings = bookingsOf(world, now, slots);
        const server = buildSnapshot(unstaffed);
        bookings.forEach((b) => upsertBooking(server, b));
        const offline = buildOfflineSnapshot(projectWorld(unstaffed, bookings, (uid) => `offline-${uid}`));
        for (const s of world.sessions) {
          startSession(offline, s.machineId, {
            sessionId: s.sessionId,
            memberId: keyOf(s.memberId),
            startedAt: 0,
            endsAt: null,
          });
        }
        const online = decide(server, { uidHash: uid, machineId }, now);
        const local = decide(offline, { uidHash: `offline-${uid}`, machineId }, now);
        expect(withoutMemberId(local)).toEqual(withoutMemberId(online));
        if (local.outcome !== 'denied' || local.memberId !== null)
          expect(local.memberId).toBe(local.memberKey);
      }),
      { numRuns: 3000 },
    );
  });

  it('applies a delta: revoked card, suspended member, machine out of service, revoked grant', () => {
    const list: OfflinePolicyList = {
      sites: [{ siteId: 's', timezone: 'UTC', openingHours: [] }],
      qualifications: [{ qualificationId: 'q', machineTypeId: 't', prerequisiteIds: [] }],
      machines: ['a', 'b'].map((machineId) => ({
        machineId,
        siteId: 's',
        machineTypeId: 't',
        state: MachineState.Available,
        needsSupervision: false,
        minimumAge: null,
        maxSessionMinutes: 60,
        allowTakeover: false,
        bookings: [],
      })),
      members: ['k1', 'k2'].map((memberKey) => ({
        memberKey,
        status: MemberStatus.Active,
        guestValidFrom: null,
        guestValidUntil: null,
        isMinor: false,
        guardianConsent: false,
        birthDate: null,
        grants: [{ qualificationId: 'q', level: QualificationLevel.Independent, expiresAt: null }],
      })),
      cards: [
        { offlineHash: 'h1', memberKey: 'k1', blocked: false },
        { offlineHash: 'h1b', memberKey: 'k1', blocked: false },
        { offlineHash: 'h2', memberKey: 'k2', blocked: false },
      ],
    };
    const now = Date.UTC(2025, 4, 1, 12);
    const tap = (snapshot: ReturnType<typeof buildOfflineSnapshot>, uidHash: string, machineId = 'a') =>
      decide(snapshot, { uidHash, machineId }, now);
    const before = buildOfflineSnapshot(list);
    expect(tap(before, 'h1')).toMatchObject({
      outcome: 'allowed',
      memberId: 'k1',
      maxDurationMs: 60 * MINUTE,
    });
    const none = { revokedCards: [], suspendedMembers: [], machinesOutOfService: [], revokedGrants: [] };

    expect(tap(buildOfflineSnapshot(list, { ...none, revokedCards: ['h1'] }), 'h1')).toMatchObject({
      reason: DenyReason.CardBlocked,
    });
    expect(tap(buildOfflineSnapshot(list, { ...none, revokedCards: ['h1'] }), 'h1b')).toMatchObject({
      outcome: 'allowed',
    });
    expect(tap(buildOfflineSnapshot(list, { ...none, suspendedMembers: ['k1'] }), 'h1b')).toMatchObject({
      reason: DenyReason.MemberSuspended,
    });
    const outOfService = buildOfflineSnapshot(list, { ...none, machinesOutOfService: ['a'] });
    expect(tap(outOfService, 'h2')).toMatchObject({ reason: DenyReason.MachineOutOfService });
    expect(tap(outOfService, 'h2', 'b')).toMatchObject({ outcome: 'allowed' });
    const revoked = buildOfflineSnapshot(list, {
      ...none,
      revokedGrants: [{ memberKey: 'k2', qualificationId: 'q' }],
    });
    expect(tap(revoked, 'h2')).toMatchObject({ reason: DenyReason.NotTrained });
    expect(tap(revoked, 'h1')).toMatchObject({ outcome: 'allowed' });
    // Unknown ids in a delta are harmless.
    const unknown = {
      revokedCards: ['zz'],
      suspendedMembers: ['k9'],
      machinesOutOfService: ['x'],
      revokedGrants: [{ memberKey: 'k9', qualificationId: 'q' }],
    };
    expect(tap(buildOfflineSnapshot(list, unknown), 'h1')).toMatchObject({ outcome: 'allowed' });
  });

  it('treats supervision as absent offline and throws on a zone it cannot compile', () => {
    const list: OfflinePolicyList = {
      sites: [{ siteId: 's', timezone: 'Mars/Olympus', openingHours: [] }],
      qualifications: [],
      machines: [],
      members: [],
      cards: [],
    };
    expect(() => buildOfflineSnapshot(list)).toThrow(RangeError);
    const snapshot = buildOfflineSnapshot({
      ...list,
      sites: [{ siteId: 's', timezone: 'UTC', openingHours: [] }],
    });
    expect(snapshot.sites.get('s')?.staffPresent.size).toBe(0);
  });
});
