import {
  applyOfflineRevocations,
  buildOfflineSnapshot,
  decide,
  removeMember,
  setCardBlocked,
  setGrant,
  upsertBooking,
  upsertCard,
  upsertMachine,
  upsertMember,
  type PolicySnapshot,
} from '@werkbank/access-core';
import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  aCard,
  aMachine,
  aMember,
  aSnapshot,
  DAY,
  HOUR,
  WED_10_BERLIN,
} from '../../../../libs/access-core/testing/access.factory';
import {
  buildAllowlistContent,
  grantsMoreThan,
  revocationsSince,
  type AllowlistContent,
} from './allowlist-body.util';

const NOW = WED_10_BERLIN;
const hashOf = (uidHash: string) => uidHash.replace('uid-', 'offline-');
const build = (snapshot: PolicySnapshot, machineIds = ['laser-1'], now = NOW): AllowlistContent =>
  buildAllowlistContent(snapshot, {
    bridgeId: 'bridge-holz-1',
    machineIds,
    now,
    expiresAt: now + 7 * DAY,
    offlineHashOf: (uidHash) => (uidHash.startsWith('uid-') ? hashOf(uidHash) : undefined),
  });

/** A snapshot without supervision (offline there is none): what the bridge can decide like the server. */
function lab(): PolicySnapshot {
  const snapshot = aSnapshot();
  upsertMember(snapshot, aMember({ memberId: 'member-3', memberKey: 'key-3' }));
  upsertCard(snapshot, aCard({ uidHash: 'uid-3', cardId: 'card-3', memberId: 'member-3' })); // untrained
  upsertMember(
    snapshot,
    aMember({ memberId: 'member-4', memberKey: 'key-4', status: MemberStatus.Suspended }),
  );
  upsertCard(snapshot, aCard({ uidHash: 'uid-4', cardId: 'card-4', memberId: 'member-4' }));
  setGrant(snapshot, 'member-4', 'q-laser', { level: QualificationLevel.Independent, expiresAt: null });
  upsertCard(snapshot, aCard({ uidHash: 'never-tapped', cardId: 'card-5', memberId: 'member-1' }));
  upsertMachine(snapshot, aMachine({ machineId: 'saw-1', machineTypeId: 'saw' }));
  return snapshot;
}

describe('buildAllowlistContent', () => {
  it('lists only the members who could be admitted at the bridge’s machines, by key and offline hash', () => {
    const content = build(lab());
    expect(content.machines.map((m) => m.machineId)).toEqual(['laser-1']);
    expect(content.members.map((m) => m.memberKey)).toEqual(['key-1', 'key-2']);
    // The card whose UID the server has not seen since offline hashes exist cannot be listed.
    expect(content.cards.map((c) => c.offlineHash)).toEqual([hashOf('uid-1'), hashOf('uid-2')]);
    expect(content.qualifications.map((q) => q.qualificationId)).toEqual(['q-laser', 'q-safety']);
    expect(JSON.stringify(content)).not.toMatch(/member-\d|uid-\d/);
  });

  it('a machine without a training requirement admits every member in good standing', () => {
    const content = build(lab(), ['saw-1']);
    expect(content.members.map((m) => m.memberKey)).toEqual(['key-1', 'key-2', 'key-3']);
  });

  it('decides every listed card offline like the server (supervision aside)', () => {
    const snapshot = lab();
    const list = build(snapshot);
    const offline = buildOfflineSnapshot(list);
    for (const n of [1, 2, 3, 4]) {
      const online = decide(snapshot, { uidHash: `uid-${n}`, machineId: 'laser-1' }, NOW);
      const local = decide(offline, { uidHash: hashOf(`uid-${n}`), machineId: 'laser-1' }, NOW);
      // Members not on the list are unknown offline; the server names the reason.
      // Offline the member key stands in for the member id.
      if (list.members.some((m) => m.memberKey === `key-${n}`))
        expect({ ...local, memberId: null }).toEqual({ ...online, memberId: null });
      else expect(local.outcome).toBe('denied');
    }
  });

  it('carries the machine’s bookings that run before the list expires, by member key', () => {
    const snapshot = lab();
    const booking = { machineId: 'laser-1', memberId: 'member-2', claimedAt: null };
    upsertBooking(snapshot, { ...booking, bookingId: 'b-now', startsAt: NOW - HOUR, endsAt: NOW + HOUR });
    upsertBooking(snapshot, {
      ...booking,
      bookingId: 'b-late',
      startsAt: NOW + 8 * DAY,
      endsAt: NOW + 9 * DAY,
    });
    const [laser] = build(snapshot).machines;
    expect(laser.bookings).toEqual([expect.objectContaining({ bookingId: 'b-now', memberKey: 'key-2' })]);
  });
});

describe('revocations between the full list a bridge holds and the current state', () => {
  it('a blocked card, a suspended member, a machine out of service and a revoked grant are revocations only', () => {
    const snapshot = lab();
    const base = build(snapshot);
    setCardBlocked(snapshot, 'uid-1', true);
    removeMember(snapshot, 'member-2');
    upsertMachine(snapshot, aMachine({ state: MachineState.OutOfService }));
    const current = build(snapshot);
    const revocations = revocationsSince(base, current);
    expect(revocations).toEqual({
      revokedCards: [hashOf('uid-1'), hashOf('uid-2')],
      suspendedMembers: ['key-2'],
      machinesOutOfService: ['laser-1'],
      revokedGrants: [],
    });
    expect(grantsMoreThan(base, current, NOW)).toBe(false);

    // The bridge applying the delta denies like the server does now.
    const offline = buildOfflineSnapshot(base);
    applyOfflineRevocations(offline, revocations);
    for (const uid of ['uid-1', 'uid-2'])
      expect(decide(offline, { uidHash: hashOf(uid), machineId: 'laser-1' }, NOW).outcome).toBe('denied');
  });

  it('a grant that expired is a revoked grant; a new card or a new training needs a full list', () => {
    const snapshot = lab();
    setGrant(snapshot, 'member-2', 'q-safety', {
      level: QualificationLevel.Independent,
      expiresAt: NOW + HOUR,
    });
    const base = build(snapshot);
    const later = NOW + 2 * HOUR;
    expect(revocationsSince(base, build(snapshot, ['laser-1'], later)).revokedGrants).toEqual([
      { memberKey: 'key-2', qualificationId: 'q-safety' },
    ]);
    expect(grantsMoreThan(base, build(snapshot, ['laser-1'], later), later)).toBe(false);

    upsertCard(snapshot, aCard({ uidHash: 'uid-9', cardId: 'card-9', memberId: 'member-1' }));
    expect(revocationsSince(base, build(snapshot)).revokedCards).toEqual([]);
    expect(grantsMoreThan(base, build(snapshot), NOW)).toBe(true);

    const trained = lab();
    setGrant(trained, 'member-3', 'q-laser', { level: QualificationLevel.Independent, expiresAt: null });
    setGrant(trained, 'member-3', 'q-safety', { level: QualificationLevel.Independent, expiresAt: null });
    expect(grantsMoreThan(build(lab()), build(trained), NOW)).toBe(true);
  });

  it('an unblocked card or a machine back in service is a grant, not a revocation', () => {
    const snapshot = lab();
    setCardBlocked(snapshot, 'uid-1', true);
    upsertMachine(snapshot, aMachine({ state: MachineState.Maintenance }));
    const base = build(snapshot);
    setCardBlocked(snapshot, 'uid-1', false);
    upsertMachine(snapshot, aMachine());
    const current = build(snapshot);
    expect(revocationsSince(base, current)).toEqual({
      revokedCards: [],
      suspendedMembers: [],
      machinesOutOfService: [],
      revokedGrants: [],
    });
    expect(grantsMoreThan(base, current, NOW)).toBe(true);
  });

  it('the same state compares equal (nothing to publish)', () => {
    expect(grantsMoreThan(build(lab()), build(lab()), NOW)).toBe(false);
  });
});
