import { SessionEndReason } from '@werkbank/contracts';
import { UsageSessionEntity } from '@werkbank/persistence';
import { runtimeHarness, TRAINED_UID } from './testing/runtime-harness';

function openSession(fields: Partial<UsageSessionEntity>): UsageSessionEntity {
  return Object.assign(new UsageSessionEntity(), {
    id: 'session-1',
    machineId: 'laser-1',
    siteId: 'site-1',
    memberKey: 'key-1',
    endsAt: null,
    endedAt: null,
    ...fields,
  });
}

describe('SessionRestore (restart reconciliation)', () => {
  it('an open session runs again on its machine; the member taps out as usual', async () => {
    const h = await runtimeHarness({ TAP_DEBOUNCE_MS: 1000 });
    h.activity.open = [openSession({ startedAt: new Date(h.clock.t - 30 * 60_000) })];
    expect(await h.restore.restore()).toBe(1);
    expect(h.sessions.get('laser-1')?.liveSession).toMatchObject({
      sessionId: 'session-1',
      memberKey: 'key-1',
    });
    expect(h.recorded()).toEqual([]);
    h.tapAt('laser-reader', TRAINED_UID);
    expect(h.recorded().find((e) => e.t === 'session_end')).toMatchObject({
      id: 'session-1',
      endReason: SessionEndReason.TapOut,
    });
  });

  it('a restored session ends as reconciled when the relay reports off; it stays when the relay is on', async () => {
    const h = await runtimeHarness();
    h.activity.open = [openSession({ startedAt: new Date(h.clock.t - 60_000) })];
    await h.restore.restore();
    h.relayReports(true);
    expect(h.recorded()).toEqual([]);
    h.relayReports(false);
    expect(h.recorded()).toEqual([
      expect.objectContaining({ t: 'session_end', endReason: SessionEndReason.Reconciled }),
    ]);
    expect(h.relayCommands()).toEqual([]); // it reported off: nothing to switch
  });

  it('keeps the deadline it had: past its end time it ends on the next tick', async () => {
    const h = await runtimeHarness();
    h.activity.open = [
      openSession({ startedAt: new Date(h.clock.t - 3 * 3600_000), endsAt: new Date(h.clock.t - 60_000) }),
    ];
    await h.restore.restore();
    h.sessions.tick(h.clock.advance(1000));
    expect(h.recorded()).toEqual([expect.objectContaining({ endReason: SessionEndReason.MaxDuration })]);
  });

  it('closes, as reconciled, sessions whose machine or member is gone', async () => {
    const h = await runtimeHarness();
    const startedAt = new Date(h.clock.t - 60_000);
    h.activity.open = [
      openSession({ id: 'gone-machine', machineId: 'deleted', startedAt }),
      openSession({ id: 'gone-member', memberKey: 'erased', startedAt }),
    ];
    expect(await h.restore.restore()).toBe(0);
    expect(h.recorded()).toEqual([
      expect.objectContaining({
        t: 'session_end',
        id: 'gone-machine',
        endReason: SessionEndReason.Reconciled,
      }),
      expect.objectContaining({
        t: 'session_end',
        id: 'gone-member',
        endReason: SessionEndReason.Reconciled,
      }),
    ]);
  });
});
