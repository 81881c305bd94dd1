import { upsertCard } from '@werkbank/access-core';
import { DenyReason } from '@werkbank/contracts';
import { DomainError } from '../../common/domain-error';
import { EVENT_DOORS_OPEN_MS } from './event-reader-taps';
import { type RuntimeHarness, runtimeHarness, TRAINED_UID, UNTRAINED_UID } from './testing/runtime-harness';

/** Until the reader's answer is out (a database round trip in the real runtime). */
const answered = async (h: RuntimeHarness, taps: number) => {
  for (let i = 0; i < 20 && h.sink.taps.length < taps; i += 1) await new Promise((r) => setImmediate(r));
  expect(h.sink.taps).toHaveLength(taps);
};
const lastTap = (h: RuntimeHarness) => h.sink.taps[h.sink.taps.length - 1].event;
const buzzer = (h: RuntimeHarness) =>
  h
    .published()
    .filter((m) => m.topic === 'cmnd/event-door/Buzzer')
    .map((m) => String(m.payload));

describe('EventReaderTaps', () => {
  it('ticks the member at the site event open now, with the doors opening before the start', async () => {
    const h = await runtimeHarness();
    h.eventDoor.open = [{ id: 'event-1' }, { id: 'event-2' }];
    h.tapAt('event-door', TRAINED_UID);
    await answered(h, 1);
    expect(h.eventDoor.queries).toEqual([
      { siteId: 'site-1', at: new Date(h.clock.t), leadMs: EVENT_DOORS_OPEN_MS },
    ]);
    // The earliest open event (the repository orders by start), one row for the member.
    expect(h.eventDoor.attended).toEqual([{ eventId: 'event-1', memberId: 'member-1' }]);
    expect(lastTap(h)).toMatchObject({ outcome: 'allowed', reason: null, machineId: null });
    expect(buzzer(h)).toEqual(['1']);
    // No visit and no machine session: attendance lives in the event.
    expect(h.recorded()).toEqual([]);
  });

  it('a machine training is not needed at the door', async () => {
    const h = await runtimeHarness();
    h.eventDoor.open = [{ id: 'event-1' }];
    h.tapAt('event-door', UNTRAINED_UID);
    await answered(h, 1);
    expect(h.eventDoor.attended).toEqual([{ eventId: 'event-1', memberId: 'member-2' }]);
  });

  it('no event open now: denied with NO_EVENT_NOW, nothing written', async () => {
    const h = await runtimeHarness();
    h.tapAt('event-door', TRAINED_UID);
    await answered(h, 1);
    expect(lastTap(h)).toMatchObject({ outcome: 'denied', reason: DenyReason.NoEventNow });
    expect(h.eventDoor.attended).toEqual([]);
    expect(buzzer(h)).toEqual(['3']);
  });

  it('a card that may not come in is denied with its reason before any lookup', async () => {
    const h = await runtimeHarness();
    h.eventDoor.open = [{ id: 'event-1' }];
    const uidHash = h.hasher.hash(TRAINED_UID);
    upsertCard(h.state.snapshot, { uidHash, cardId: 'card-1', memberId: 'member-1', blocked: true });
    h.tapAt('event-door', TRAINED_UID);
    h.tapAt('event-door', 'FFFFFFFF');
    await answered(h, 2);
    expect(h.sink.taps.map((t) => t.event.reason)).toEqual([DenyReason.CardBlocked, DenyReason.UnknownCard]);
    expect(h.eventDoor.queries).toEqual([]);
    expect(h.eventDoor.attended).toEqual([]);
  });

  it('the event was cancelled between lookup and write: answered as no event', async () => {
    const h = await runtimeHarness();
    h.eventDoor.open = [{ id: 'event-1' }];
    h.eventDoor.failure = DomainError.notFound('Event', 'event-1');
    h.tapAt('event-door', TRAINED_UID);
    await answered(h, 1);
    expect(lastTap(h)).toMatchObject({ outcome: 'denied', reason: DenyReason.NoEventNow });
  });

  it('a database failure is answered (see the desk) and does not escape the tap', async () => {
    const h = await runtimeHarness();
    h.eventDoor.open = [{ id: 'event-1' }];
    h.eventDoor.failure = new Error('SQLITE_BUSY');
    h.tapAt('event-door', TRAINED_UID);
    await answered(h, 1);
    expect(lastTap(h)).toMatchObject({ outcome: 'denied', reason: null });
    expect(buzzer(h)).toEqual(['3']);
  });
});
