import { DenyReason } from '@werkbank/contracts';
import fc from 'fast-check';
import { aRequest, aSnapshot, HOUR, MINUTE, WED_10_BERLIN } from '../testing/access.factory';
import { decide, DEFAULT_NO_SHOW_GRACE_MS, openThroughout, trainingDenialFor } from './decide';
import {
  BookingInput,
  claimBooking,
  dueNoShows,
  endedBookings,
  PolicySnapshot,
  removeBooking,
  removeMachine,
  setGrant,
  startSession,
  upsertBooking,
  upsertMachine,
} from './policy-snapshot';
import { QualificationLevel } from '@werkbank/contracts';

const NOW = WED_10_BERLIN; // 10:00 in Berlin; the site is open 09:00–21:00 and the laser's limit is 120 min

const booking = (overrides: Partial<BookingInput> = {}): BookingInput => ({
  bookingId: 'b-2',
  machineId: 'laser-1',
  memberId: 'member-2',
  startsAt: NOW - 5 * MINUTE,
  endsAt: NOW + HOUR,
  claimedAt: null,
  ...overrides,
});

function snapshotWith(...bookings: Partial<BookingInput>[]): PolicySnapshot {
  const snapshot = aSnapshot();
  for (const b of bookings) upsertBooking(snapshot, booking(b));
  return snapshot;
}

describe('decide with bookings', () => {
  it('denies another member during a held slot with RESERVED', () => {
    expect(decide(snapshotWith({}), aRequest(), NOW)).toMatchObject({
      outcome: 'denied',
      reason: DenyReason.Reserved,
      memberId: 'member-1',
    });
  });

  it('lets the holder in and names the booking the session claims', () => {
    const decision = decide(snapshotWith({}), aRequest({ uidHash: 'uid-2' }), NOW);
    expect(decision).toMatchObject({ outcome: 'allowed', memberId: 'member-2', bookingId: 'b-2' });
  });

  it('frees an unclaimed slot once the no-show grace has passed, and not a moment before', () => {
    const startsAt = NOW - DEFAULT_NO_SHOW_GRACE_MS;
    const snapshot = snapshotWith({ startsAt });
    expect(decide(snapshot, aRequest(), NOW - 1)).toMatchObject({ reason: DenyReason.Reserved });
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({ outcome: 'allowed', bookingId: null });
  });

  it('keeps a claimed slot held after the grace', () => {
    const snapshot = snapshotWith({ startsAt: NOW - HOUR, endsAt: NOW + HOUR });
    claimBooking(snapshot, 'b-2', NOW - 50 * MINUTE);
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({ reason: DenyReason.Reserved });
  });

  it('takes the grace from the options', () => {
    const snapshot = snapshotWith({ startsAt: NOW - 5 * MINUTE });
    expect(decide(snapshot, aRequest(), NOW, { noShowGraceMs: 5 * MINUTE })).toMatchObject({
      outcome: 'allowed',
    });
    expect(decide(snapshot, aRequest(), NOW, { noShowGraceMs: 6 * MINUTE })).toMatchObject({
      reason: DenyReason.Reserved,
    });
  });

  it('caps a session at the start of the next booking by someone else', () => {
    const snapshot = snapshotWith({ startsAt: NOW + 30 * MINUTE, endsAt: NOW + HOUR });
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({
      outcome: 'allowed',
      maxDurationMs: 30 * MINUTE,
      endsAt: NOW + 30 * MINUTE,
      cappedByBooking: true,
      bookingId: null,
    });
  });

  it('does not cap when the machine limit ends first', () => {
    const snapshot = snapshotWith({ startsAt: NOW + 3 * HOUR, endsAt: NOW + 4 * HOUR });
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({
      maxDurationMs: 120 * MINUTE,
      cappedByBooking: false,
    });
  });

  it("caps the holder's session at the next member's slot, not at their own later slot", () => {
    const snapshot = snapshotWith(
      { bookingId: 'own-now', memberId: 'member-1', startsAt: NOW - MINUTE, endsAt: NOW + 20 * MINUTE },
      { bookingId: 'own-next', memberId: 'member-1', startsAt: NOW + 20 * MINUTE, endsAt: NOW + 40 * MINUTE },
      { bookingId: 'theirs', memberId: 'member-2', startsAt: NOW + 50 * MINUTE, endsAt: NOW + HOUR },
    );
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({
      bookingId: 'own-now',
      endsAt: NOW + 50 * MINUTE,
      cappedByBooking: true,
    });
  });

  it('ignores bookings that ended and bookings on other machines', () => {
    const snapshot = snapshotWith(
      { bookingId: 'past', startsAt: NOW - 2 * HOUR, endsAt: NOW },
      { bookingId: 'elsewhere', machineId: 'other-machine' },
    );
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({ outcome: 'allowed', cappedByBooking: false });
  });

  it('lets the holder take over a session still running into their slot, even without takeover', () => {
    const snapshot = snapshotWith({ memberId: 'member-1' });
    startSession(snapshot, 'laser-1', {
      sessionId: 's-late',
      memberId: 'member-2',
      startedAt: NOW - HOUR,
      endsAt: null,
    });
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({
      outcome: 'allowed',
      takeoverOfSessionId: 's-late',
      bookingId: 'b-2',
    });
  });

  it('lets the holder of a running session tap out during another member’s slot', () => {
    const snapshot = snapshotWith({});
    startSession(snapshot, 'laser-1', {
      sessionId: 's-1',
      memberId: 'member-1',
      startedAt: NOW - HOUR,
      endsAt: null,
    });
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({ outcome: 'tap_out', sessionId: 's-1' });
  });

  it('reports a training problem before the reservation', () => {
    const snapshot = snapshotWith({});
    setGrant(snapshot, 'member-1', 'q-laser', { level: QualificationLevel.Independent, expiresAt: NOW - 1 });
    expect(decide(snapshot, aRequest(), NOW)).toMatchObject({ reason: DenyReason.TrainingExpired });
  });

  it('never lets a session of another member run into a held slot (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.integer({ min: -180, max: 600 }), fc.integer({ min: 1, max: 120 }), fc.boolean()),
          {
            maxLength: 8,
          },
        ),
        fc.integer({ min: 0, max: 600 }),
        (slots, tapMinute) => {
          const snapshot = aSnapshot();
          // Non-overlapping slots from the generated offsets and lengths.
          const sorted = [...slots].sort((a, b) => a[0] - b[0]);
          let free = -Infinity;
          sorted.forEach(([offset, length, mine], i) => {
            const startsAt = Math.max(NOW + offset * MINUTE, free);
            const endsAt = startsAt + length * MINUTE;
            free = endsAt;
            upsertBooking(
              snapshot,
              booking({
                bookingId: `b${i}`,
                memberId: mine ? 'member-1' : 'member-2',
                startsAt,
                endsAt,
                claimedAt: startsAt,
              }),
            );
          });
          const at = NOW + tapMinute * MINUTE;
          const decision = decide(snapshot, aRequest(), at);
          if (decision.outcome !== 'allowed') return;
          for (const b of snapshot.bookings.values()) {
            if (b.memberId === 'member-1') continue;
            expect(b.endsAt <= at || b.startsAt >= decision.endsAt).toBe(true);
          }
        },
      ),
    );
  });
});

describe('booking bookkeeping', () => {
  it('links bookings to the machine in start order and unlinks them on removal', () => {
    const snapshot = snapshotWith(
      { bookingId: 'late', startsAt: NOW + 2 * HOUR, endsAt: NOW + 3 * HOUR },
      { bookingId: 'early', startsAt: NOW, endsAt: NOW + HOUR },
    );
    expect(snapshot.machines.get('laser-1')!.bookings.map((b) => b.bookingId)).toEqual(['early', 'late']);
    expect(removeBooking(snapshot, 'early')).toBe(true);
    expect(removeBooking(snapshot, 'early')).toBe(false);
    expect(snapshot.machines.get('laser-1')!.bookings.map((b) => b.bookingId)).toEqual(['late']);
  });

  it('moves a booking to another machine on upsert', () => {
    const snapshot = snapshotWith({});
    upsertMachine(snapshot, { ...snapshot.machines.get('laser-1')!, machineId: 'laser-2' });
    upsertBooking(snapshot, booking({ machineId: 'laser-2' }));
    expect(snapshot.machines.get('laser-1')!.bookings).toEqual([]);
    expect(snapshot.machines.get('laser-2')!.bookings.map((b) => b.bookingId)).toEqual(['b-2']);
  });

  it('keeps bookings that arrive before their machine and links them when it comes', () => {
    const snapshot = aSnapshot();
    upsertBooking(snapshot, booking({ machineId: 'later' }));
    upsertMachine(snapshot, { ...snapshot.machines.get('laser-1')!, machineId: 'later' });
    expect(snapshot.machines.get('later')!.bookings).toHaveLength(1);
  });

  it('drops the bookings of a removed machine', () => {
    const snapshot = snapshotWith({});
    removeMachine(snapshot, 'laser-1');
    expect(snapshot.bookings.size).toBe(0);
  });

  it('refuses an empty or inverted slot', () => {
    expect(() => upsertBooking(aSnapshot(), booking({ endsAt: NOW - 5 * MINUTE }))).toThrow(RangeError);
  });

  it('finds no-shows after the grace, but not claimed bookings', () => {
    const snapshot = snapshotWith(
      { bookingId: 'missed', startsAt: NOW - 20 * MINUTE },
      { bookingId: 'claimed', machineId: 'other', startsAt: NOW - 20 * MINUTE, claimedAt: NOW - 19 * MINUTE },
      { bookingId: 'recent', machineId: 'third', startsAt: NOW - 10 * MINUTE },
    );
    expect(dueNoShows(snapshot, NOW, 15 * MINUTE).map((b) => b.bookingId)).toEqual(['missed']);
  });

  it('claims once: a second claim keeps the first time', () => {
    const snapshot = snapshotWith({});
    claimBooking(snapshot, 'b-2', NOW);
    claimBooking(snapshot, 'b-2', NOW + MINUTE);
    expect(snapshot.bookings.get('b-2')!.claimedAt).toBe(NOW);
    expect(claimBooking(snapshot, 'nope', NOW)).toBe(false);
  });

  it('lists ended bookings', () => {
    const snapshot = snapshotWith({ bookingId: 'done', startsAt: NOW - HOUR, endsAt: NOW });
    expect(endedBookings(snapshot, NOW).map((b) => b.bookingId)).toEqual(['done']);
    expect(endedBookings(snapshot, NOW - 1)).toEqual([]);
  });
});

describe('booking checks', () => {
  it('refuses a slot the member is not trained for, or whose training expires during it', () => {
    const snapshot = aSnapshot();
    expect(trainingDenialFor(snapshot, 'member-1', 'laser-1', NOW, NOW + HOUR)).toBeNull();
    setGrant(snapshot, 'member-1', 'q-laser', {
      level: QualificationLevel.Independent,
      expiresAt: NOW + 30 * MINUTE,
    });
    expect(trainingDenialFor(snapshot, 'member-1', 'laser-1', NOW, NOW + HOUR)).toBe(
      DenyReason.TrainingExpired,
    );
    expect(trainingDenialFor(snapshot, 'member-1', 'laser-1', NOW, NOW + 30 * MINUTE)).toBeNull();
    expect(trainingDenialFor(snapshot, 'nobody', 'laser-1', NOW, NOW + HOUR)).toBe(DenyReason.UnknownCard);
    expect(trainingDenialFor(snapshot, 'member-1', 'nope', NOW, NOW + HOUR)).toBe(DenyReason.UnknownMachine);
  });

  it('accepts a slot inside opening hours only', () => {
    const site = aSnapshot().sites.get('site-1')!; // Mon–Sat 09:00–21:00 Berlin (UTC+2 in June)
    expect(openThroughout(site, NOW, NOW + 11 * HOUR)).toBe(true); // 10:00–21:00
    expect(openThroughout(site, NOW, NOW + 11 * HOUR + 1)).toBe(false);
    expect(openThroughout(site, NOW - 2 * HOUR, NOW)).toBe(false); // from 08:00
    expect(openThroughout(site, Date.UTC(2026, 5, 14, 10), Date.UTC(2026, 5, 14, 11))).toBe(false); // Sunday
  });
});
