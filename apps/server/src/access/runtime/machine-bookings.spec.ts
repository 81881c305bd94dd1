import { upsertBooking } from '@werkbank/access-core';
import { DenyReason } from '@werkbank/contracts';
import { runtimeHarness, settle, STAFF_UID, TRAINED_UID } from './testing/runtime-harness';

const MINUTE = 60_000;

/** member-3 (card STAFF_UID, trained) books the laser; member-1 (TRAINED_UID) would like to use it. */
async function bookedLab(startOffsetMin: number, lengthMin = 60) {
  const h = await runtimeHarness({ BOOKING_NO_SHOW_GRACE_MIN: 15 });
  const now = h.clock.now().getTime();
  upsertBooking(h.state.snapshot, {
    bookingId: 'b-3',
    machineId: 'laser-1',
    memberId: 'member-3',
    startsAt: now + startOffsetMin * MINUTE,
    endsAt: now + (startOffsetMin + lengthMin) * MINUTE,
    claimedAt: null,
  });
  return h;
}

const lastAccess = (h: Awaited<ReturnType<typeof runtimeHarness>>) =>
  h
    .recorded()
    .filter((e) => e.t === 'access')
    .at(-1);

describe('MachineBookings (through the tap handler, fake bus and clock)', () => {
  it("denies another member during the holder's slot with RESERVED; nothing switches", async () => {
    const h = await bookedLab(0);
    h.tapAt('laser-reader', TRAINED_UID);
    expect(h.relayCommands()).toEqual([]);
    expect(lastAccess(h)).toMatchObject({ row: { outcome: 'denied', reason: DenyReason.Reserved } });
    await settle();
    expect(h.sink.taps[0].event).toMatchObject({ outcome: 'denied', reason: DenyReason.Reserved });
  });

  it('lets the holder in and records the claim once, so the slot is not released later', async () => {
    const h = await bookedLab(-2);
    h.tapAt('laser-reader', STAFF_UID);
    expect(h.relayCommands()).toEqual(['ON']);
    await settle();
    expect([...h.bookingRepository.claimed.keys()]).toEqual(['b-3']);
    expect(h.state.snapshot.bookings.get('b-3')?.claimedAt).not.toBeNull();
    h.bookings.tick(h.clock.advance(20 * MINUTE));
    await settle();
    expect(h.bookingRepository.released).toEqual([]);
    expect(h.state.snapshot.bookings.has('b-3')).toBe(true);
  });

  it('releases a no-show after the grace: the slot is free for the next tap', async () => {
    const h = await bookedLab(0);
    h.bookings.tick(h.clock.advance(15 * MINUTE - 1));
    expect(h.state.snapshot.bookings.has('b-3')).toBe(true);
    h.bookings.tick(h.clock.advance(1));
    await settle();
    expect(h.bookingRepository.released).toEqual(['b-3']);
    expect(h.counters.noShows).toBe(1);
    h.tapAt('laser-reader', TRAINED_UID);
    expect(lastAccess(h)).toMatchObject({ row: { outcome: 'allowed' } });
  });

  it('caps a session at the next booking and switches the relay off there', async () => {
    const h = await bookedLab(30);
    h.tapAt('laser-reader', TRAINED_UID);
    expect(h.relayCommands()).toEqual(['ON']);
    const start = h.recorded().find((e) => e.t === 'session_start');
    expect(start).toMatchObject({
      row: { endsAt: new Date(h.clock.now().getTime() + 30 * MINUTE).toISOString() },
    });
    h.sessions.tick(h.clock.advance(30 * MINUTE));
    expect(h.relayCommands()).toEqual(['ON', 'OFF']);
  });

  it('drops ended bookings from memory', async () => {
    const h = await bookedLab(-70, 60);
    h.bookings.tick(h.clock.now().getTime());
    expect(h.state.snapshot.bookings.size).toBe(0);
  });
});
