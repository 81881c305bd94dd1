import { DenyReason, MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  aCard,
  aMachine,
  aMember,
  aRequest,
  aSite,
  aSnapshot,
  WED_10_BERLIN,
} from '../testing/access.factory';
import { decide } from './decide';
import {
  createEmptySnapshot,
  endSession,
  removeCard,
  removeGrant,
  removeMachine,
  removeMember,
  removeQualification,
  removeSite,
  replaceGrants,
  setCardBlocked,
  setGrant,
  setMachineState,
  setStaffPresent,
  startSession,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from './policy-snapshot';

const independent = { level: QualificationLevel.Independent, expiresAt: null };
const running = { sessionId: 's1', memberId: 'member-1', startedAt: 0, endsAt: null };

describe('policy snapshot helpers', () => {
  it('starts empty', () => {
    const s = createEmptySnapshot();
    const maps = [
      s.cards,
      s.members,
      s.qualifications,
      s.qualificationsByMachineType,
      s.grants,
      s.machines,
      s.sites,
    ];
    expect([...maps, s.activeSessions].map((map) => map.size)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  describe('links between entries', () => {
    it('links a card loaded before its member once the member arrives', () => {
      const snapshot = createEmptySnapshot();
      upsertCard(snapshot, aCard());
      expect(snapshot.cards.get('uid-1')?.member).toBeUndefined();
      upsertMember(snapshot, aMember());
      expect(snapshot.cards.get('uid-1')?.member).toBe(snapshot.members.get('member-1'));
    });

    it('relinks every card of a member when the member changes, so the next tap sees the change', () => {
      const snapshot = aSnapshot();
      upsertCard(snapshot, aCard({ uidHash: 'uid-1b', cardId: 'card-1b' }));
      upsertMember(snapshot, aMember({ status: MemberStatus.Suspended }));
      expect([
        snapshot.cards.get('uid-1')?.member?.status,
        snapshot.cards.get('uid-1b')?.member?.status,
      ]).toEqual([MemberStatus.Suspended, MemberStatus.Suspended]);
      expect(decide(snapshot, aRequest({ uidHash: 'uid-1b' }), WED_10_BERLIN)).toMatchObject({
        reason: DenyReason.MemberSuspended,
      });
    });

    it('moves a card to another member', () => {
      const snapshot = aSnapshot();
      upsertCard(snapshot, aCard({ memberId: 'member-2' }));
      expect(snapshot.cards.get('uid-1')?.member?.memberId).toBe('member-2');
      upsertMember(snapshot, aMember({ status: MemberStatus.Suspended })); // member-1 no longer owns uid-1
      expect(snapshot.cards.get('uid-1')?.member?.status).toBe(MemberStatus.Active);
      removeMember(snapshot, 'member-1');
      expect(snapshot.cards.has('uid-1')).toBe(true);
    });

    it('packs the member’s grants into the entry and rebuilds it on every change, also for grants set before the member', () => {
      const snapshot = createEmptySnapshot();
      const slotOf = (id: string) => {
        upsertQualification(snapshot, {
          qualificationId: id,
          machineTypeId: `type-${id}`,
          prerequisiteIds: [],
        });
        return snapshot.qualifications.get(id)?.slot;
      };
      setGrant(snapshot, 'member-1', 'q', { level: QualificationLevel.Trainer, expiresAt: 1_000 });
      upsertMember(snapshot, aMember());
      upsertCard(snapshot, aCard({ uidHash: 'uid-1', memberId: 'member-1' }));
      const member = () => snapshot.members.get('member-1');
      expect(member()?.grantTable).toEqual([slotOf('q'), 3, 1_000]);

      const before = member();
      setGrant(snapshot, 'member-1', 'q2', independent);
      expect(member()).not.toBe(before); // entries handed out earlier stay as they were
      expect(before?.grantTable).toEqual([slotOf('q'), 3, 1_000]);
      expect(member()?.grantTable).toEqual([slotOf('q'), 3, 1_000, slotOf('q2'), 2, Infinity]);
      expect(snapshot.cards.get('uid-1')?.member).toBe(member());

      removeGrant(snapshot, 'member-1', 'q');
      expect(member()?.grantTable).toEqual([slotOf('q2'), 2, Infinity]);
      replaceGrants(snapshot, 'member-1', new Map([['q3', independent]]));
      expect(member()?.grantTable).toEqual([slotOf('q3'), 2, Infinity]);
      removeQualification(snapshot, 'q3');
      expect(member()?.grantTable).toEqual([]);
      expect(snapshot.cards.get('uid-1')?.member).toBe(member());
    });

    it('packs a grant of a level it does not know (bad data) as rank 0, which opens nothing', () => {
      const snapshot = createEmptySnapshot();
      upsertMember(snapshot, aMember());
      setGrant(snapshot, 'member-1', 'q', { level: 'master' as QualificationLevel, expiresAt: null });
      expect(snapshot.members.get('member-1')?.grantTable).toEqual([0, 0, Infinity]);
    });

    it('gives every qualification id one slot for good, also across removal and re-creation', () => {
      const snapshot = createEmptySnapshot();
      upsertQualification(snapshot, { qualificationId: 'q-a', machineTypeId: 't', prerequisiteIds: ['q-b'] });
      upsertQualification(snapshot, { qualificationId: 'q-b', machineTypeId: 't', prerequisiteIds: [] });
      const a = snapshot.qualifications.get('q-a');
      const b = snapshot.qualifications.get('q-b');
      expect(a?.slot).not.toBe(b?.slot);
      expect(a?.prerequisiteSlots).toEqual([b?.slot]);
      removeQualification(snapshot, 'q-b');
      upsertQualification(snapshot, { qualificationId: 'q-b', machineTypeId: 't', prerequisiteIds: [] });
      expect(snapshot.qualifications.get('q-b')?.slot).toBe(b?.slot);
    });

    it('keys grants and prerequisites by the qualification’s own id string', () => {
      const snapshot = createEmptySnapshot();
      upsertQualification(snapshot, {
        qualificationId: 'q-safety',
        machineTypeId: 'induction',
        prerequisiteIds: [],
      });
      const canonical = snapshot.qualifications.get('q-safety')?.qualificationId;
      // Built at run time, so equal in content but a different string object.
      const fromDatabase = ['q', 'safety'].join('-');
      setGrant(snapshot, 'member-1', fromDatabase, independent);
      upsertQualification(snapshot, {
        qualificationId: 'q-laser',
        machineTypeId: 'laser',
        prerequisiteIds: [fromDatabase],
      });
      expect([...(snapshot.grants.get('member-1')?.keys() ?? [])][0]).toBe(canonical);
      expect(snapshot.qualifications.get('q-laser')?.prerequisiteIds[0]).toBe(canonical);
    });

    it('stores only the known fields of an input, whatever else the caller’s object carries', () => {
      const snapshot = createEmptySnapshot();
      upsertMachine(snapshot, { ...aMachine(), name: 'Laser', createdAt: 0 } as never);
      expect(Object.keys(snapshot.machines.get('laser-1') ?? {})).toEqual([
        ...Object.keys(aMachine()),
        'site',
        'qualifications',
        'bookings',
      ]);
    });
  });

  describe('machines', () => {
    it('link their site and their type’s qualifications, and follow every change of either', () => {
      const snapshot = createEmptySnapshot();
      upsertMachine(snapshot, aMachine({ machineId: 'early', siteId: 'site-1', machineTypeId: 'laser' }));
      const early = () => snapshot.machines.get('early');
      expect(early()?.site).toBeUndefined();
      expect(early()?.qualifications).toEqual([]);

      upsertSite(snapshot, aSite({ siteId: 'site-1', timezone: 'Europe/Berlin' }));
      upsertQualification(snapshot, {
        qualificationId: 'q-laser',
        machineTypeId: 'laser',
        prerequisiteIds: [],
      });
      expect(early()?.site).toBe(snapshot.sites.get('site-1'));
      expect(early()?.qualifications).toEqual([snapshot.qualifications.get('q-laser')]);
      expect(early()?.qualifications[0]).toBe(snapshot.qualifications.get('q-laser'));

      upsertSite(snapshot, aSite({ siteId: 'site-1', timezone: 'Europe/Vienna' }));
      expect(early()?.site?.timezone).toBe('Europe/Vienna');
      upsertQualification(snapshot, {
        qualificationId: 'q-laser',
        machineTypeId: 'cutter',
        prerequisiteIds: [],
      });
      expect(early()?.qualifications).toEqual([]);
      setMachineState(snapshot, 'early', MachineState.Maintenance);
      expect(early()?.site).toBe(snapshot.sites.get('site-1'));

      removeSite(snapshot, 'site-1');
      expect(early()?.site).toBeUndefined();
    });
  });

  describe('cards', () => {
    it('blocks by replacing the entry, leaving entries handed out earlier untouched', () => {
      const snapshot = aSnapshot();
      const before = snapshot.cards.get('uid-1');
      expect(setCardBlocked(snapshot, 'uid-1', true)).toBe(true);
      expect([before?.blocked, snapshot.cards.get('uid-1')?.blocked]).toEqual([false, true]);
    });

    it('reports unknown cards instead of inventing them', () => {
      const snapshot = aSnapshot();
      expect(setCardBlocked(snapshot, 'nope', true)).toBe(false);
      expect(snapshot.cards.has('nope')).toBe(false);
    });

    it('copies the input, so later changes to it do not leak in', () => {
      const snapshot = createEmptySnapshot();
      const input = { ...aCard() };
      upsertCard(snapshot, input);
      input.blocked = true;
      expect(snapshot.cards.get('uid-1')?.blocked).toBe(false);
    });

    it('removes a card', () => {
      const snapshot = aSnapshot();
      expect([removeCard(snapshot, 'uid-1'), removeCard(snapshot, 'uid-1')]).toEqual([true, false]);
    });
  });

  describe('members', () => {
    it('parses the birth date once', () => {
      const snapshot = createEmptySnapshot();
      upsertMember(snapshot, aMember({ birthDate: '2010-06-10' }));
      expect(snapshot.members.get('member-1')?.birthYmd).toBe(20100610);
    });

    it('rejects a malformed birth date at load time', () => {
      expect(() => upsertMember(createEmptySnapshot(), aMember({ birthDate: '10.06.2010' }))).toThrow(
        RangeError,
      );
    });

    it('removes a member with their cards and grants, and nobody else’s', () => {
      const snapshot = aSnapshot();
      upsertCard(snapshot, aCard({ uidHash: 'uid-1b', cardId: 'card-1b' }));
      expect(removeMember(snapshot, 'member-1')).toBe(true);
      expect([...snapshot.cards.keys()]).toEqual(['uid-2']);
      expect([...snapshot.grants.keys()]).toEqual(['member-2']);
      expect([...snapshot.members.keys()]).toEqual(['member-2']);
    });
  });

  describe('qualifications and grants', () => {
    it('indexes qualifications by machine type and moves them when the type changes', () => {
      const snapshot = aSnapshot();
      upsertQualification(snapshot, {
        qualificationId: 'q-laser-pro',
        machineTypeId: 'laser',
        prerequisiteIds: [],
      });
      expect(snapshot.qualificationsByMachineType.get('laser')).toEqual(['q-laser', 'q-laser-pro']);
      upsertQualification(snapshot, {
        qualificationId: 'q-laser',
        machineTypeId: 'cutter',
        prerequisiteIds: [],
      });
      expect(snapshot.qualificationsByMachineType.get('laser')).toEqual(['q-laser-pro']);
      expect(snapshot.qualificationsByMachineType.get('cutter')).toEqual(['q-laser']);
    });

    it('removing a qualification drops its index entry and every grant of it', () => {
      const snapshot = aSnapshot();
      expect(removeQualification(snapshot, 'q-laser')).toBe(true);
      expect(snapshot.qualificationsByMachineType.has('laser')).toBe(false);
      expect([...snapshot.grants.values()].some((held) => held.has('q-laser'))).toBe(false);
      expect(removeQualification(snapshot, 'q-laser')).toBe(false);
      setGrant(snapshot, 'member-1', 'q-never-loaded', independent);
      expect(removeQualification(snapshot, 'q-never-loaded')).toBe(false);
      expect(snapshot.grants.get('member-1')?.has('q-never-loaded')).toBe(false);
    });

    it('sets, removes and replaces grants', () => {
      const snapshot = createEmptySnapshot();
      setGrant(snapshot, 'm', 'q1', independent);
      setGrant(snapshot, 'm', 'q2', { level: QualificationLevel.Supervised, expiresAt: 5 });
      expect(removeGrant(snapshot, 'm', 'q1')).toBe(true);
      expect(snapshot.grants.get('m')?.get('q2')).toEqual({
        level: QualificationLevel.Supervised,
        expiresAt: 5,
      });
      expect(removeGrant(snapshot, 'm', 'q2')).toBe(true);
      expect(removeGrant(snapshot, 'm', 'q2')).toBe(false);
      replaceGrants(snapshot, 'm', new Map([['q3', independent]]));
      expect([...(snapshot.grants.get('m')?.keys() ?? [])]).toEqual(['q3']);
      replaceGrants(snapshot, 'm', new Map());
      expect(snapshot.grants.get('m')?.size).toBe(0);
    });
  });

  describe('machines', () => {
    it('changes state by replacing the entry', () => {
      const snapshot = aSnapshot();
      expect(setMachineState(snapshot, 'laser-1', MachineState.Maintenance)).toBe(true);
      expect(snapshot.machines.get('laser-1')?.state).toBe(MachineState.Maintenance);
      expect(setMachineState(snapshot, 'nope', MachineState.Maintenance)).toBe(false);
    });

    it('removing a machine drops its session bookkeeping', () => {
      const snapshot = aSnapshot();
      startSession(snapshot, 'laser-1', running);
      expect(removeMachine(snapshot, 'laser-1')).toBe(true);
      expect(snapshot.activeSessions.has('laser-1')).toBe(false);
      upsertMachine(snapshot, aMachine());
      expect(snapshot.machines.has('laser-1')).toBe(true);
    });
  });

  describe('sites', () => {
    it('keeps the recorded staff presence when an upsert does not say', () => {
      const snapshot = aSnapshot();
      setStaffPresent(snapshot, 'site-1', 'staff-2', true);
      upsertSite(snapshot, { siteId: 'site-1', timezone: 'Europe/Berlin', openingHours: [] });
      expect([...(snapshot.sites.get('site-1')?.staffPresent ?? [])]).toEqual(['staff-1', 'staff-2']);
      upsertSite(snapshot, aSite({ staffPresent: [] }));
      expect(snapshot.sites.get('site-1')?.staffPresent.size).toBe(0);
    });

    it('keeps the time-zone memo when the zone stays, and renews it when the zone changes', () => {
      const snapshot = aSnapshot();
      const clock = snapshot.sites.get('site-1')?.clock;
      upsertSite(snapshot, aSite({ openingHours: [] }));
      expect(snapshot.sites.get('site-1')?.clock).toBe(clock);
      upsertSite(snapshot, aSite({ timezone: 'Europe/Lisbon' }));
      expect(snapshot.sites.get('site-1')?.clock.timeZone).toBe('Europe/Lisbon');
    });

    it('rejects an unknown zone or a malformed window and keeps the previous entry', () => {
      const snapshot = aSnapshot();
      const before = snapshot.sites.get('site-1');
      expect(() => upsertSite(snapshot, aSite({ timezone: 'Berlin' }))).toThrow(RangeError);
      expect(() =>
        upsertSite(snapshot, aSite({ openingHours: [{ weekday: 1, opens: '9', closes: '17:00' }] })),
      ).toThrow(RangeError);
      expect(snapshot.sites.get('site-1')).toBe(before);
    });

    it('records presence only at known sites', () => {
      const snapshot = aSnapshot();
      expect(setStaffPresent(snapshot, 'nope', 'staff-1', true)).toBe(false);
      expect(setStaffPresent(snapshot, 'site-1', 'staff-1', false)).toBe(true);
      expect(snapshot.sites.get('site-1')?.staffPresent.size).toBe(0);
      expect(removeSite(snapshot, 'site-1')).toBe(true);
    });
  });

  describe('sessions', () => {
    it('ends only the session named, so a late end after a takeover keeps the successor', () => {
      const snapshot = aSnapshot();
      startSession(snapshot, 'laser-1', running);
      startSession(snapshot, 'laser-1', { ...running, sessionId: 's2', memberId: 'member-2' });
      expect(endSession(snapshot, 'laser-1', 's1')).toBe(false);
      expect(snapshot.activeSessions.get('laser-1')?.sessionId).toBe('s2');
      expect(endSession(snapshot, 'laser-1', 's2')).toBe(true);
      expect(snapshot.activeSessions.has('laser-1')).toBe(false);
    });
  });
});
