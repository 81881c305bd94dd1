import { runtimeHarness, settle, TRAINED_UID } from './testing/runtime-harness';

describe('DeviceInbox', () => {
  it('counts what it cannot route or decode, logs it, and carries on', async () => {
    const h = await runtimeHarness();
    h.bus.deliver('nobody/listens/here', '{}');
    h.bus.deliver('tele/laser-reader/SENSOR', '{"RDM6300":{"UID":"XYZ"}}');
    h.bus.deliver('tele/laser-reader/SENSOR', '\u0000\u00ff not json');
    expect(h.counters).toMatchObject({ messages: 3, unroutable: 1, malformed: 2, taps: 0 });
    h.tapAt('laser-reader', TRAINED_UID);
    expect(h.counters.allowed).toBe(1);
  });

  it('an event that throws in a part is contained: the next message is handled', async () => {
    const h = await runtimeHarness();
    const original = h.taps.onCard.bind(h.taps);
    let calls = 0;
    h.taps.onCard = (...args) => {
      calls += 1;
      if (calls === 1) throw new Error('boom');
      original(...args);
    };
    expect(() => h.tapAt('laser-reader', TRAINED_UID)).not.toThrow();
    h.clock.advance(5000);
    h.tapAt('laser-reader', TRAINED_UID);
    expect(h.counters.allowed).toBe(1);
  });

  it('availability goes to the board; a relay coming online is asked for its state', async () => {
    const h = await runtimeHarness();
    h.board.goLive();
    h.bus.deliver('tele/laser-relay/LWT', 'Online');
    h.bus.deliver('tele/laser-relay/LWT', 'Online'); // no change, no news
    await settle();
    expect(h.sink.devices).toEqual([expect.objectContaining({ deviceId: 'laser-relay', online: true })]);
    expect(
      h.published().filter((m) => m.topic === 'cmnd/laser-relay/POWER' && m.payload === ''),
    ).toHaveLength(1);
    expect(h.sink.machines.map((m) => m.online)).toEqual([false]); // the reader is still offline
    h.bus.deliver('tele/laser-reader/LWT', 'Online');
    await settle();
    expect(h.sink.machines.map((m) => m.online)).toEqual([false, true]);
  });

  it('relay reports reach the machine of the relay', async () => {
    const h = await runtimeHarness();
    h.tapAt('laser-reader', TRAINED_UID);
    h.clock.advance(10_000);
    h.bus.deliver('stat/laser-relay/POWER', 'OFF');
    expect(h.recorded().some((e) => e.t === 'session_end')).toBe(true);
  });
});
