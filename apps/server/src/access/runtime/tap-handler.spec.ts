import type { CardEvent } from '@werkbank/device-protocol';
import { DenyReason, SessionEndReason } from '@werkbank/contracts';
import { runtimeHarness, settle, STAFF_UID, TRAINED_UID, UNTRAINED_UID } from './testing/runtime-harness';

describe('TapHandler (through the device inbox, fake bus and clock)', () => {
  it('an allowed tap is journaled and synced before the relay switches, then answered at the reader', async () => {
    const h = await runtimeHarness();
    h.tapAt('laser-reader', TRAINED_UID);
    const kinds = h.steps.map((s) =>
      s.kind === 'record'
        ? `record:${s.entry.t}`
        : s.kind === 'publish'
          ? `publish:${s.message.topic}`
          : 'sync',
    );
    expect(kinds).toEqual([
      'record:access',
      'record:session_start',
      'sync',
      'publish:cmnd/laser-relay/POWER',
      'sync',
      'publish:cmnd/laser-reader/Buzzer',
    ]);
    expect(h.relayCommands()).toEqual(['ON']);
    const [access, start] = h.recorded();
    expect(access).toMatchObject({
      t: 'access',
      row: { outcome: 'allowed', memberKey: 'key-1', machineId: 'laser-1' },
    });
    expect(start).toMatchObject({ t: 'session_start', row: { memberKey: 'key-1', machineId: 'laser-1' } });
    expect(h.counters).toMatchObject({ messages: 1, taps: 1, allowed: 1, denied: 0 });
    await settle();
    expect(h.sink.taps).toHaveLength(1);
    expect(h.sink.taps[0]).toMatchObject({
      event: { outcome: 'allowed', memberKey: 'key-1' },
      memberName: 'Member 1',
    });
    expect(h.sink.started).toHaveLength(1);
  });

  it('a member without the training is denied with the reason; nothing switches', async () => {
    const h = await runtimeHarness();
    h.tapAt('laser-reader', UNTRAINED_UID);
    expect(h.relayCommands()).toEqual([]);
    expect(h.recorded()).toEqual([
      expect.objectContaining({
        t: 'access',
        row: expect.objectContaining({ outcome: 'denied', reason: DenyReason.NotTrained }),
      }),
    ]);
    expect(h.counters).toMatchObject({ taps: 1, allowed: 0, denied: 1 });
    await settle();
    expect(h.sink.taps[0].event).toMatchObject({ outcome: 'denied', reason: DenyReason.NotTrained });
  });

  it('the same card held on the reader counts once inside the debounce window, again after it', async () => {
    const h = await runtimeHarness({ TAP_DEBOUNCE_MS: 2000 });
    h.tapAt('laser-reader', UNTRAINED_UID);
    h.clock.advance(500);
    h.tapAt('laser-reader', UNTRAINED_UID);
    expect(h.counters).toMatchObject({ taps: 1, duplicates: 1 });
    h.clock.advance(2500);
    h.tapAt('laser-reader', UNTRAINED_UID);
    expect(h.counters).toMatchObject({ taps: 2, duplicates: 1 });
  });

  it('tap-out ends the session and switches off; the journal says why', async () => {
    const h = await runtimeHarness({ TAP_DEBOUNCE_MS: 1000 });
    h.tapAt('laser-reader', TRAINED_UID);
    h.clock.advance(60_000);
    h.tapAt('laser-reader', TRAINED_UID);
    expect(h.relayCommands()).toEqual(['ON', 'OFF']);
    const end = h.recorded().find((e) => e.t === 'session_end');
    expect(end).toMatchObject({ endReason: SessionEndReason.TapOut });
    expect(h.sessions.get('laser-1')?.liveSession).toBeNull();
  });

  it('someone else tapping during a session is denied as in use', async () => {
    const h = await runtimeHarness();
    h.tapAt('laser-reader', TRAINED_UID);
    h.clock.advance(5000);
    h.tapAt('laser-reader', STAFF_UID);
    const denied = h.recorded().filter((e) => e.t === 'access' && e.row.outcome === 'denied');
    expect(denied).toEqual([
      expect.objectContaining({
        row: expect.objectContaining({ reason: DenyReason.MachineInUse, memberKey: 'key-3' }),
      }),
    ]);
    expect(h.relayCommands()).toEqual(['ON']);
  });

  it('an unknown card at a reader goes to the staff socket waiting there, once, and is denied', async () => {
    const h = await runtimeHarness();
    h.enrollment.start('laser-reader', 'socket-1');
    h.tapAt('laser-reader', 'DEADBEEF');
    h.clock.advance(5000);
    h.tapAt('laser-reader', 'CAFEF00D');
    await settle();
    expect(h.sink.enrollments).toEqual([{ socketId: 'socket-1', uid: 'DEADBEEF' }]);
    expect(h.counters.denied).toBe(2);
    expect(() => h.enrollment.start('laser-relay', 'socket-1')).toThrow('not a registered reader');
  });

  it('an enrollment that timed out hands nothing over', async () => {
    const h = await runtimeHarness();
    h.enrollment.start('laser-reader', 'socket-1', 1000);
    h.clock.advance(2000);
    h.tapAt('laser-reader', 'DEADBEEF');
    await settle();
    expect(h.sink.enrollments).toEqual([]);
  });

  it('own-protocol taps: a message id seen before (also before a restart) and a stale tap are refused', async () => {
    const h = await runtimeHarness({ TAP_MAX_AGE_S: 120 });
    const card: CardEvent = { kind: 'card', uid: UNTRAINED_UID, technology: null, msgId: 'm-1', at: null };
    h.activity.tapIds = [{ deviceId: 'laser-reader', msgId: 'm-0', at: new Date(h.clock.t - 10_000) }];
    await h.admission.restore(h.clock.t);
    const reader = h.directory.get('laser-reader');
    if (!reader) throw new Error('reader not registered');
    h.taps.onCard(reader, { ...card, msgId: 'm-0' }, h.clock.t);
    h.taps.onCard(reader, card, h.clock.t);
    h.taps.onCard(reader, card, h.clock.t + 10);
    h.taps.onCard(
      reader,
      { ...card, msgId: 'm-2', at: new Date(h.clock.t - 600_000).toISOString() },
      h.clock.t,
    );
    expect(h.counters).toMatchObject({ taps: 1, replayed: 2, stale: 1 });
  });
});
