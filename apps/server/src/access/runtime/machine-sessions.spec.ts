import { SessionEndReason } from '@werkbank/contracts';
import { RELAY_REPORT_GRACE_MS } from './machine-sessions';
import { machine, type RuntimeHarness, runtimeHarness, settle, TRAINED_UID } from './testing/runtime-harness';

const MINUTE = 60_000;

async function started() {
  const h = await runtimeHarness({ COOL_DOWN_MINUTES: 5 });
  h.tapAt('laser-reader', TRAINED_UID);
  const session = h.sessions.get('laser-1')?.liveSession;
  if (!session) throw new Error('no session started');
  return { h, sessionId: session.sessionId };
}

const ends = (h: RuntimeHarness) => h.recorded().filter((e) => e.t === 'session_end');

describe('MachineSessions (fake bus and clock)', () => {
  it('ends a session at its maximum duration on the tick after the deadline, not before', async () => {
    const { h, sessionId } = await started();
    h.sessions.tick(h.clock.advance(119 * MINUTE));
    expect(ends(h)).toEqual([]);
    h.sessions.tick(h.clock.advance(MINUTE));
    expect(ends(h)).toEqual([
      expect.objectContaining({ id: sessionId, endReason: SessionEndReason.MaxDuration }),
    ]);
    expect(h.relayCommands()).toEqual(['ON', 'OFF']);
  });

  it('ends an idle session after idleMinutes below the idle power; a load resets the idle clock', async () => {
    const { h } = await started();
    h.sessions.onPower('laser-1', 5, h.clock.t);
    h.sessions.tick(h.clock.advance(9 * MINUTE));
    h.sessions.onPower('laser-1', 400, h.clock.advance(1000)); // working again
    h.sessions.onPower('laser-1', 5, h.clock.advance(1000));
    h.sessions.tick(h.clock.advance(9 * MINUTE));
    expect(ends(h)).toEqual([]);
    h.sessions.tick(h.clock.advance(2 * MINUTE));
    expect(ends(h)).toEqual([expect.objectContaining({ endReason: SessionEndReason.IdlePower })]);
    expect(h.relayCommands()).toEqual(['ON', 'OFF']);
  });

  it('never cuts power under a print: tap-out waits for the job, then the cool-down, then switches off', async () => {
    const { h } = await started();
    const report = { kind: 'printer' as const, progress: 10, remainingMinutes: 30, jobName: 'part.gcode' };
    h.sessions.onPrinterReport('laser-1', { ...report, state: 'printing' }, h.clock.advance(1000));
    h.clock.advance(10_000);
    h.tapAt('laser-reader', TRAINED_UID); // tap-out while printing
    h.sessions.tick(h.clock.advance(200 * MINUTE)); // past the maximum too: printing keeps it on
    expect(h.relayCommands()).toEqual(['ON']);
    expect(h.board.view(h.sessions.get('laser-1')!)).toMatchObject({
      waitingForPrint: true,
      print: { jobName: 'part.gcode' },
    });
    h.sessions.onPrinterReport(
      'laser-1',
      { ...report, progress: 100, state: 'finished', jobName: null },
      h.clock.t,
    );
    h.sessions.tick(h.clock.advance(4 * MINUTE));
    expect(h.relayCommands()).toEqual(['ON']);
    h.sessions.tick(h.clock.advance(MINUTE));
    expect(h.relayCommands()).toEqual(['ON', 'OFF']);
    expect(ends(h)).toHaveLength(1);
    expect(h.printStates.isPrinting('laser-1')).toBe(false);
  });

  it('a relay report inside the grace window after our command is re-checked once the window is over', async () => {
    const { h } = await started();
    h.relayReports(false); // stale retained state, 0 ms after our ON
    expect(ends(h)).toEqual([]);
    h.sessions.tick(h.clock.advance(RELAY_REPORT_GRACE_MS - 1));
    expect(
      h.published().filter((m) => m.topic === 'cmnd/laser-relay/POWER' && m.payload === ''),
    ).toHaveLength(0);
    h.sessions.tick(h.clock.advance(1));
    // disagreed with ON: ask the relay (an empty POWER command)
    expect(
      h.published().filter((m) => m.topic === 'cmnd/laser-relay/POWER' && m.payload === ''),
    ).toHaveLength(1);
    h.clock.advance(100);
    h.relayReports(false); // the answer, after the window: the relay really is off
    expect(ends(h)).toEqual([expect.objectContaining({ endReason: SessionEndReason.Reconciled })]);
  });

  it('a relay switched on by hand without a session is switched off again', async () => {
    const h = await runtimeHarness();
    h.relayReports(true);
    expect(h.relayCommands()).toEqual(['OFF']);
  });

  it('staff force-off ends the session; under a print only when told to cut', async () => {
    const { h } = await started();
    h.sessions.onPrinterReport(
      'laser-1',
      { kind: 'printer', state: 'printing', progress: 5, remainingMinutes: 60, jobName: 'x' },
      h.clock.t,
    );
    expect(h.sessions.forceOff('laser-1', false)).toMatchObject({ relayOn: true, waitingForPrint: true });
    expect(h.relayCommands()).toEqual(['ON']);
    expect(h.sessions.forceOff('laser-1', true)).toMatchObject({ relayOn: false, session: null });
    expect(ends(h)).toEqual([expect.objectContaining({ endReason: SessionEndReason.ForceOff })]);
    expect(() => h.sessions.forceOff('no-such-machine', false)).toThrow('Machine');
  });

  it('addresses machines by id: events for an unknown machine change nothing', async () => {
    const h = await runtimeHarness();
    expect(h.sessions.feed('other', { type: 'tick', at: h.clock.t })).toBe(false);
    h.sessions.onPower('other', 5, h.clock.t);
    h.sessions.onRelayReport('other', true, h.clock.t);
    expect(h.published()).toEqual([]);
    h.board.goLive();
    h.sessions.onDeviceAvailability('laser-1');
    await settle();
    expect(h.sink.machines.map((m) => m.machineId)).toEqual(['laser-1']);
  });

  it('a changed machine keeps its running session; a removed one forgets its print flag', async () => {
    const { h, sessionId } = await started();
    h.sessions.onPrinterReport(
      'laser-1',
      { kind: 'printer', state: 'printing', progress: 1, remainingMinutes: 9, jobName: 'y' },
      h.clock.t,
    );
    h.sessions.upsert(machine({ name: 'Laser (renamed)', idleMinutes: 30 }));
    expect(h.sessions.get('laser-1')).toMatchObject({ name: 'Laser (renamed)', liveSession: { sessionId } });
    h.sessions.remove('laser-1');
    expect(h.sessions.get('laser-1')).toBeUndefined();
    expect(h.printStates.isPrinting('laser-1')).toBe(false);
  });
});
