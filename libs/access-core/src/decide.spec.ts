import { DenyReason, MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  aMachine,
  aMember,
  aRequest,
  aSite,
  aSnapshot,
  DAY,
  HOUR,
  MINUTE,
  WED_10_BERLIN,
  weekdays,
} from '../testing/access.factory';
import { AccessDecision, AccessRequest, decide, DEFAULT_MAX_DURATION_MS } from './decide';
import {
  PolicySnapshot,
  removeBooking,
  removeGrant,
  removeMember,
  setCardBlocked,
  setGrant,
  setMachineState,
  setStaffPresent,
  startSession,
  upsertBooking,
  upsertCard,
  upsertMachine,
  upsertMember,
  upsertQualification,
  upsertSite,
} from './policy-snapshot';

interface Row {
  name: string;
  arrange?: (snapshot: PolicySnapshot) => void;
  request?: Partial<AccessRequest>;
  now?: number;
  expected: Partial<AccessDecision>;
}

const denied = (reason: DenyReason, memberId: string | null = 'member-1') => ({
  outcome: 'denied' as const,
  reason,
  memberId,
  memberKey: memberId === null ? null : memberId.replace('member', 'key'),
});

const session = (memberId: string, sessionId = 's-running') => ({
  sessionId,
  memberId,
  startedAt: WED_10_BERLIN - HOUR,
  endsAt: WED_10_BERLIN + HOUR,
});

function run(row: Row): AccessDecision {
  const snapshot = aSnapshot();
  row.arrange?.(snapshot);
  return decide(snapshot, aRequest(row.request), row.now ?? WED_10_BERLIN);
}

describe('decide', () => {
  it('allows the baseline scenario with the machine limit as max duration', () => {
    expect(run({ name: 'baseline', expected: {} })).toEqual({
      outcome: 'allowed',
      memberId: 'member-1',
      memberKey: 'key-1',
      level: QualificationLevel.Independent,
      maxDurationMs: 120 * MINUTE,
      endsAt: WED_10_BERLIN + 120 * MINUTE,
      takeoverOfSessionId: null,
      bookingId: null,
      cappedByBooking: false,
    });
  });

  const rows: Row[] = [
    // 1–2: identity
    {
      name: 'unknown machine',
      request: { machineId: 'nope' },
      expected: denied(DenyReason.UnknownMachine, null),
    },
    {
      name: 'machine whose site is not in the snapshot',
      arrange: (s) => upsertMachine(s, aMachine({ siteId: 'elsewhere' })),
      expected: denied(DenyReason.UnknownMachine, null),
    },
    { name: 'unknown card', request: { uidHash: 'nope' }, expected: denied(DenyReason.UnknownCard, null) },
    {
      name: 'card whose member is missing',
      arrange: (s) =>
        upsertCard(s, { uidHash: 'uid-9', cardId: 'card-9', memberId: 'ghost', blocked: false }),
      request: { uidHash: 'uid-9' },
      expected: denied(DenyReason.UnknownCard, null),
    },
    {
      name: 'card of a removed member',
      arrange: (s) => removeMember(s, 'member-1'),
      expected: denied(DenyReason.UnknownCard, null),
    },
    // 3–5: card and membership
    {
      name: 'blocked card',
      arrange: (s) => setCardBlocked(s, 'uid-1', true),
      expected: denied(DenyReason.CardBlocked),
    },
    {
      name: 'suspended member',
      arrange: (s) => upsertMember(s, aMember({ status: MemberStatus.Suspended })),
      expected: denied(DenyReason.MemberSuspended),
    },
    {
      name: 'guest before the pass starts',
      arrange: (s) =>
        upsertMember(
          s,
          aMember({ status: MemberStatus.Guest, guestValidFrom: WED_10_BERLIN + 1, guestValidUntil: null }),
        ),
      expected: denied(DenyReason.GuestPassExpired),
    },
    {
      name: 'guest after the pass ended',
      arrange: (s) =>
        upsertMember(
          s,
          aMember({ status: MemberStatus.Guest, guestValidFrom: null, guestValidUntil: WED_10_BERLIN - 1 }),
        ),
      expected: denied(DenyReason.GuestPassExpired),
    },
    {
      name: 'guest on the first millisecond of the pass',
      arrange: (s) =>
        upsertMember(
          s,
          aMember({
            status: MemberStatus.Guest,
            guestValidFrom: WED_10_BERLIN,
            guestValidUntil: WED_10_BERLIN + DAY,
          }),
        ),
      expected: { outcome: 'allowed' },
    },
    {
      name: 'guest on the last millisecond of the pass',
      arrange: (s) =>
        upsertMember(
          s,
          aMember({ status: MemberStatus.Guest, guestValidFrom: 0, guestValidUntil: WED_10_BERLIN }),
        ),
      expected: { outcome: 'allowed' },
    },
    {
      name: 'pass dates of a non-guest are ignored',
      arrange: (s) => upsertMember(s, aMember({ guestValidUntil: WED_10_BERLIN - DAY })),
      expected: { outcome: 'allowed' },
    },
    // 6: tap-out
    {
      name: 'holder of the running session taps out',
      arrange: (s) => startSession(s, 'laser-1', session('member-1')),
      expected: { outcome: 'tap_out', sessionId: 's-running', memberId: 'member-1', memberKey: 'key-1' },
    },
    {
      name: 'holder taps out with another of their cards',
      arrange: (s) => {
        startSession(s, 'laser-1', session('member-1'));
        upsertCard(s, { uidHash: 'uid-1b', cardId: 'card-1b', memberId: 'member-1', blocked: false });
      },
      request: { uidHash: 'uid-1b' },
      expected: { outcome: 'tap_out', sessionId: 's-running' },
    },
    {
      name: 'holder taps out although the machine went out of service and the lab closed',
      arrange: (s) => {
        startSession(s, 'laser-1', session('member-1'));
        setMachineState(s, 'laser-1', MachineState.OutOfService);
      },
      now: Date.UTC(2026, 5, 10, 22, 0),
      expected: { outcome: 'tap_out' },
    },
    // 7: machine state
    {
      name: 'machine out of service',
      arrange: (s) => setMachineState(s, 'laser-1', MachineState.OutOfService),
      expected: denied(DenyReason.MachineOutOfService),
    },
    {
      name: 'machine in maintenance',
      arrange: (s) => setMachineState(s, 'laser-1', MachineState.Maintenance),
      expected: denied(DenyReason.MachineInMaintenance),
    },
    // 8: minors and age
    {
      name: 'minor without guardian consent, even on a machine without age limit',
      arrange: (s) => upsertMember(s, aMember({ isMinor: true, birthDate: '2012-01-01' })),
      expected: denied(DenyReason.GuardianConsentMissing),
    },
    {
      name: 'minor with consent on a machine without age limit',
      arrange: (s) =>
        upsertMember(s, aMember({ isMinor: true, guardianConsent: true, birthDate: '2012-01-01' })),
      expected: { outcome: 'allowed' },
    },
    {
      name: 'minor below the minimum age',
      arrange: (s) => {
        upsertMachine(s, aMachine({ minimumAge: 16 }));
        upsertMember(s, aMember({ isMinor: true, guardianConsent: true, birthDate: '2010-06-11' }));
      },
      expected: denied(DenyReason.BelowMinimumAge),
    },
    {
      name: 'minor on the birthday that reaches the minimum age',
      arrange: (s) => {
        upsertMachine(s, aMachine({ minimumAge: 16 }));
        upsertMember(s, aMember({ isMinor: true, guardianConsent: true, birthDate: '2010-06-10' }));
      },
      expected: { outcome: 'allowed' },
    },
    {
      name: 'birthday counted in the site zone: 00:30 in Berlin is still the day before in UTC',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: [] }));
        upsertMachine(s, aMachine({ minimumAge: 16 }));
        upsertMember(s, aMember({ isMinor: true, guardianConsent: true, birthDate: '2010-06-10' }));
      },
      now: Date.UTC(2026, 5, 9, 22, 30),
      expected: { outcome: 'allowed' },
    },
    {
      name: 'same instant in a UTC site: not yet 16',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: [], timezone: 'UTC' }));
        upsertMachine(s, aMachine({ minimumAge: 16 }));
        upsertMember(s, aMember({ isMinor: true, guardianConsent: true, birthDate: '2010-06-10' }));
      },
      now: Date.UTC(2026, 5, 9, 22, 30),
      expected: denied(DenyReason.BelowMinimumAge),
    },
    {
      name: 'minor without birth date on an age-limited machine',
      arrange: (s) => {
        upsertMachine(s, aMachine({ minimumAge: 12 }));
        upsertMember(s, aMember({ isMinor: true, guardianConsent: true, birthDate: null }));
      },
      expected: denied(DenyReason.BelowMinimumAge),
    },
    {
      name: 'adult without birth date, limit 18',
      arrange: (s) => upsertMachine(s, aMachine({ minimumAge: 18 })),
      expected: { outcome: 'allowed' },
    },
    {
      name: 'adult without birth date, limit above 18',
      arrange: (s) => upsertMachine(s, aMachine({ minimumAge: 21 })),
      expected: denied(DenyReason.BelowMinimumAge),
    },
    {
      name: 'adult with birth date, limit above 18, old enough',
      arrange: (s) => {
        upsertMachine(s, aMachine({ minimumAge: 21 }));
        upsertMember(s, aMember({ birthDate: '2005-06-10' }));
      },
      expected: { outcome: 'allowed' },
    },
    {
      name: 'adult with birth date, limit above 18, too young',
      arrange: (s) => {
        upsertMachine(s, aMachine({ minimumAge: 21 }));
        upsertMember(s, aMember({ birthDate: '2005-06-11' }));
      },
      expected: denied(DenyReason.BelowMinimumAge),
    },
    // 9: opening hours
    {
      name: 'before opening',
      now: Date.UTC(2026, 5, 10, 6, 59),
      expected: denied(DenyReason.OutsideOpeningHours),
    },
    {
      name: 'at opening',
      now: Date.UTC(2026, 5, 10, 7, 0),
      expected: { outcome: 'allowed', maxDurationMs: 120 * MINUTE },
    },
    {
      name: 'last minute before closing: the window bounds the session',
      now: Date.UTC(2026, 5, 10, 18, 59, 30),
      expected: { outcome: 'allowed', maxDurationMs: 30_000, endsAt: Date.UTC(2026, 5, 10, 19, 0) },
    },
    {
      name: 'at closing',
      now: Date.UTC(2026, 5, 10, 19, 0),
      expected: denied(DenyReason.OutsideOpeningHours),
    },
    {
      name: 'closed on Sunday',
      now: Date.UTC(2026, 5, 14, 10, 0),
      expected: denied(DenyReason.OutsideOpeningHours),
    },
    {
      name: 'Monday 00:30 in Berlin is Sunday in UTC',
      arrange: (s) =>
        upsertSite(s, aSite({ openingHours: [{ weekday: 1, opens: '00:00', closes: '01:00' }] })),
      now: Date.UTC(2026, 5, 14, 22, 30),
      expected: { outcome: 'allowed', maxDurationMs: 30 * MINUTE },
    },
    {
      name: 'window across midnight, before midnight',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: [{ weekday: 5, opens: '22:00', closes: '02:00' }] }));
        upsertMachine(s, aMachine({ maxSessionMinutes: null }));
      },
      now: Date.UTC(2026, 5, 12, 21, 0), // Friday 23:00
      expected: { outcome: 'allowed', maxDurationMs: 3 * HOUR },
    },
    {
      name: 'window across midnight, after midnight (Saturday morning belongs to Friday)',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: [{ weekday: 5, opens: '22:00', closes: '02:00' }] }));
        upsertMachine(s, aMachine({ maxSessionMinutes: null }));
      },
      now: Date.UTC(2026, 5, 12, 23, 0), // Saturday 01:00
      expected: { outcome: 'allowed', maxDurationMs: HOUR },
    },
    {
      name: 'adjacent windows merge: Wednesday 18–24 and Thursday 00–06 run to 06:00',
      arrange: (s) => {
        upsertSite(
          s,
          aSite({
            openingHours: [
              { weekday: 3, opens: '18:00', closes: '24:00' },
              { weekday: 4, opens: '00:00', closes: '06:00' },
            ],
          }),
        );
        upsertMachine(s, aMachine({ maxSessionMinutes: null }));
      },
      now: Date.UTC(2026, 5, 10, 16, 0),
      expected: { outcome: 'allowed', maxDurationMs: 12 * HOUR },
    },
    {
      name: 'Sunday-night window wraps into Monday',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: [{ weekday: 7, opens: '23:00', closes: '01:00' }] }));
        upsertMachine(s, aMachine({ maxSessionMinutes: null }));
      },
      now: Date.UTC(2026, 5, 14, 21, 30), // Sunday 23:30
      expected: { outcome: 'allowed', maxDurationMs: 90 * MINUTE },
    },
    {
      name: 'no opening hours and no machine limit: the default cap',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: [] }));
        upsertMachine(s, aMachine({ maxSessionMinutes: null }));
      },
      expected: { outcome: 'allowed', maxDurationMs: DEFAULT_MAX_DURATION_MS },
    },
    {
      name: 'open around the clock counts as no restriction',
      arrange: (s) => {
        upsertSite(s, aSite({ openingHours: weekdays('00:00', '24:00', [1, 2, 3, 4, 5, 6, 7]) }));
        upsertMachine(s, aMachine({ maxSessionMinutes: null }));
      },
      expected: { outcome: 'allowed', maxDurationMs: DEFAULT_MAX_DURATION_MS },
    },
    {
      name: 'opening window shorter than the machine limit',
      now: Date.UTC(2026, 5, 10, 18, 15),
      expected: { outcome: 'allowed', maxDurationMs: 45 * MINUTE },
    },
    // 10: training
    {
      name: 'no grant for the machine type',
      arrange: (s) => removeGrant(s, 'member-1', 'q-laser'),
      expected: denied(DenyReason.NotTrained),
    },
    {
      name: 'a grant for another machine type does not count',
      arrange: (s) => upsertMachine(s, aMachine({ machineTypeId: 'lathe' })),
      expected: { outcome: 'allowed', level: null },
    },
    {
      name: 'the only grant expired',
      arrange: (s) =>
        setGrant(s, 'member-1', 'q-laser', {
          level: QualificationLevel.Independent,
          expiresAt: WED_10_BERLIN - 1,
        }),
      expected: denied(DenyReason.TrainingExpired),
    },
    {
      name: 'a grant expiring exactly now is expired',
      arrange: (s) =>
        setGrant(s, 'member-1', 'q-laser', {
          level: QualificationLevel.Independent,
          expiresAt: WED_10_BERLIN,
        }),
      expected: denied(DenyReason.TrainingExpired),
    },
    {
      name: 'a grant expiring a millisecond later is valid',
      arrange: (s) =>
        setGrant(s, 'member-1', 'q-laser', {
          level: QualificationLevel.Independent,
          expiresAt: WED_10_BERLIN + 1,
        }),
      expected: { outcome: 'allowed' },
    },
    {
      name: 'prerequisite missing',
      arrange: (s) => removeGrant(s, 'member-1', 'q-safety'),
      expected: denied(DenyReason.PrerequisiteMissing),
    },
    {
      name: 'prerequisite expired',
      arrange: (s) =>
        setGrant(s, 'member-1', 'q-safety', {
          level: QualificationLevel.Independent,
          expiresAt: WED_10_BERLIN,
        }),
      expected: denied(DenyReason.PrerequisiteMissing),
    },
    {
      name: 'a valid grant lacking its prerequisite outranks an expired one',
      arrange: (s) => {
        upsertQualification(s, {
          qualificationId: 'q-laser-old',
          machineTypeId: 'laser',
          prerequisiteIds: [],
        });
        setGrant(s, 'member-1', 'q-laser-old', { level: QualificationLevel.Trainer, expiresAt: 0 });
        removeGrant(s, 'member-1', 'q-safety');
      },
      expected: denied(DenyReason.PrerequisiteMissing),
    },
    {
      name: 'any one of the type qualifications suffices; the best valid level wins',
      arrange: (s) => {
        upsertQualification(s, {
          qualificationId: 'q-laser-pro',
          machineTypeId: 'laser',
          prerequisiteIds: [],
        });
        setGrant(s, 'member-1', 'q-laser', { level: QualificationLevel.Supervised, expiresAt: null });
        setGrant(s, 'member-1', 'q-laser-pro', { level: QualificationLevel.Trainer, expiresAt: null });
      },
      expected: { outcome: 'allowed', level: QualificationLevel.Trainer },
    },
    {
      name: 'a higher level whose prerequisite is missing is skipped for a lower valid one',
      arrange: (s) => {
        upsertQualification(s, {
          qualificationId: 'q-laser-pro',
          machineTypeId: 'laser',
          prerequisiteIds: ['q-x'],
        });
        setGrant(s, 'member-1', 'q-laser-pro', { level: QualificationLevel.Trainer, expiresAt: null });
      },
      expected: { outcome: 'allowed', level: QualificationLevel.Independent },
    },
    {
      name: 'a machine type without qualifications needs no training',
      arrange: (s) => upsertMachine(s, aMachine({ machineTypeId: 'sewing' })),
      expected: { outcome: 'allowed', level: null },
    },
    // 11: supervision
    {
      name: 'supervised level without staff present',
      arrange: (s) => {
        setGrant(s, 'member-1', 'q-laser', { level: QualificationLevel.Supervised, expiresAt: null });
        setStaffPresent(s, 'site-1', 'staff-1', false);
      },
      expected: denied(DenyReason.LevelTooLow),
    },
    {
      name: 'supervised level with staff present',
      arrange: (s) =>
        setGrant(s, 'member-1', 'q-laser', { level: QualificationLevel.Supervised, expiresAt: null }),
      expected: { outcome: 'allowed', level: QualificationLevel.Supervised },
    },
    {
      name: 'machine needs supervision, nobody present',
      arrange: (s) => {
        upsertMachine(s, aMachine({ needsSupervision: true }));
        setStaffPresent(s, 'site-1', 'staff-1', false);
      },
      expected: denied(DenyReason.SupervisionRequired),
    },
    {
      name: 'machine needs supervision, the only staff present is the user',
      arrange: (s) => {
        upsertMachine(s, aMachine({ needsSupervision: true }));
        setStaffPresent(s, 'site-1', 'staff-1', false);
        setStaffPresent(s, 'site-1', 'member-1', true);
      },
      expected: denied(DenyReason.SupervisionRequired),
    },
    {
      name: 'staff at another site do not supervise this one',
      arrange: (s) => {
        upsertMachine(s, aMachine({ needsSupervision: true }));
        setStaffPresent(s, 'site-1', 'staff-1', false);
        upsertSite(s, aSite({ siteId: 'site-2', staffPresent: ['staff-2'] }));
      },
      expected: denied(DenyReason.SupervisionRequired),
    },
    {
      name: 'machine needs supervision, staff present',
      arrange: (s) => upsertMachine(s, aMachine({ needsSupervision: true })),
      expected: { outcome: 'allowed' },
    },
    // 12: running sessions
    {
      name: 'another member holds the machine',
      arrange: (s) => startSession(s, 'laser-1', session('member-2')),
      expected: denied(DenyReason.MachineInUse),
    },
    {
      name: 'another member holds the machine, takeover allowed',
      arrange: (s) => {
        upsertMachine(s, aMachine({ allowTakeover: true }));
        startSession(s, 'laser-1', session('member-2'));
      },
      expected: { outcome: 'allowed', takeoverOfSessionId: 's-running', memberId: 'member-1' },
    },
    {
      name: 'a session on another machine does not matter',
      arrange: (s) => startSession(s, 'other-machine', session('member-2')),
      expected: { outcome: 'allowed', takeoverOfSessionId: null },
    },
  ];

  it.each(rows)('$name', (row) => {
    expect(run(row)).toMatchObject(row.expected);
  });

  it('takes the default cap from the options', () => {
    const snapshot = aSnapshot();
    upsertSite(snapshot, aSite({ openingHours: [] }));
    upsertMachine(snapshot, aMachine({ maxSessionMinutes: null }));
    const decision = decide(snapshot, aRequest(), WED_10_BERLIN, { defaultMaxDurationMs: 30 * MINUTE });
    expect(decision).toMatchObject({
      maxDurationMs: 30 * MINUTE,
      endsAt: WED_10_BERLIN + 30 * MINUTE,
    });
  });

  it('does not change the snapshot it reads', () => {
    const snapshot = aSnapshot();
    const before = JSON.stringify([...snapshot.members, ...snapshot.cards, ...snapshot.activeSessions]);
    decide(snapshot, aRequest(), WED_10_BERLIN);
    expect(JSON.stringify([...snapshot.members, ...snapshot.cards, ...snapshot.activeSessions])).toBe(before);
  });
});

describe('decide check order', () => {
  /**
   * Start with every check failing, then repair them one at a time in the documented order: each step must
   * report the next check, which proves it runs before all the checks still failing behind it.
   */
  it('reports the first failing check, in the documented order', () => {
    const snapshot = aSnapshot();
    const sunday = Date.UTC(2026, 5, 14, 10, 0); // site closed on Sundays
    let request: AccessRequest = { uidHash: 'nope', machineId: 'nope' };
    setCardBlocked(snapshot, 'uid-1', true);
    upsertMember(
      snapshot,
      aMember({ status: MemberStatus.Suspended, isMinor: true, birthDate: '2014-01-01' }),
    );
    startSession(snapshot, 'laser-1', session('member-1'));
    upsertMachine(
      snapshot,
      aMachine({ state: MachineState.OutOfService, minimumAge: 16, needsSupervision: true }),
    );
    removeGrant(snapshot, 'member-1', 'q-laser');
    upsertSite(snapshot, aSite({ staffPresent: [] }));
    upsertBooking(snapshot, {
      bookingId: 'b-other',
      machineId: 'laser-1',
      memberId: 'member-2',
      startsAt: sunday - HOUR,
      endsAt: sunday + HOUR,
      claimedAt: sunday - HOUR,
    });

    const repairs: [string, () => void][] = [
      [DenyReason.UnknownMachine, () => (request = { ...request, machineId: 'laser-1' })],
      [DenyReason.UnknownCard, () => (request = { ...request, uidHash: 'uid-1' })],
      [DenyReason.CardBlocked, () => setCardBlocked(snapshot, 'uid-1', false)],
      [
        DenyReason.MemberSuspended,
        () =>
          upsertMember(snapshot, {
            ...snapshot.members.get('member-1')!,
            status: MemberStatus.Guest,
            guestValidUntil: 0,
          }),
      ],
      [
        DenyReason.GuestPassExpired,
        () => upsertMember(snapshot, { ...snapshot.members.get('member-1')!, guestValidUntil: null }),
      ],
      ['tap_out', () => startSession(snapshot, 'laser-1', session('member-2'))],
      [DenyReason.MachineOutOfService, () => setMachineState(snapshot, 'laser-1', MachineState.Maintenance)],
      [DenyReason.MachineInMaintenance, () => setMachineState(snapshot, 'laser-1', MachineState.Available)],
      [
        DenyReason.GuardianConsentMissing,
        () => upsertMember(snapshot, { ...snapshot.members.get('member-1')!, guardianConsent: true }),
      ],
      [
        DenyReason.BelowMinimumAge,
        () => upsertMember(snapshot, { ...snapshot.members.get('member-1')!, birthDate: '2008-01-01' }),
      ],
      [
        DenyReason.OutsideOpeningHours,
        () => upsertSite(snapshot, { siteId: 'site-1', timezone: 'Europe/Berlin', openingHours: [] }),
      ],
      [
        DenyReason.NotTrained,
        () =>
          setGrant(snapshot, 'member-1', 'q-laser', {
            level: QualificationLevel.Supervised,
            expiresAt: sunday,
          }),
      ],
      [
        DenyReason.TrainingExpired,
        () => {
          setGrant(snapshot, 'member-1', 'q-laser', {
            level: QualificationLevel.Supervised,
            expiresAt: null,
          });
          removeGrant(snapshot, 'member-1', 'q-safety');
        },
      ],
      [
        DenyReason.PrerequisiteMissing,
        () =>
          setGrant(snapshot, 'member-1', 'q-safety', {
            level: QualificationLevel.Supervised,
            expiresAt: null,
          }),
      ],
      [
        DenyReason.LevelTooLow,
        () =>
          setGrant(snapshot, 'member-1', 'q-laser', {
            level: QualificationLevel.Independent,
            expiresAt: null,
          }),
      ],
      [DenyReason.SupervisionRequired, () => setStaffPresent(snapshot, 'site-1', 'staff-1', true)],
      [DenyReason.Reserved, () => removeBooking(snapshot, 'b-other')],
      [
        DenyReason.MachineInUse,
        () => upsertMachine(snapshot, { ...snapshot.machines.get('laser-1')!, allowTakeover: true }),
      ],
    ];

    const observed: string[] = [];
    for (const [, repair] of repairs) {
      const decision = decide(snapshot, request, sunday);
      observed.push(decision.outcome === 'denied' ? decision.reason : decision.outcome);
      repair();
    }
    const last = decide(snapshot, request, sunday);
    observed.push(last.outcome === 'allowed' ? `allowed:${String(last.takeoverOfSessionId)}` : last.outcome);

    expect(observed).toEqual([...repairs.map(([expected]) => expected), 'allowed:s-running']);
  });
});
