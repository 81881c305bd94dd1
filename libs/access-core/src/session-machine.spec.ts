import { SessionEndReason } from '@werkbank/contracts';
import { aRequest, aSnapshot, WED_10_BERLIN } from '../testing/access.factory';
import { decide } from './decide';
import {
  applySessionCommands,
  initialSessionState,
  nextDeadline,
  restoredSessionState,
  RunningSession,
  SessionCommand,
  SessionConfig,
  SessionEvent,
  sessionReducer,
  SessionState,
} from './session-machine';

const MIN = 60_000;
const T = 1_000 * MIN;
const config: SessionConfig = { idlePowerWatts: 5, idleMinutes: 10, coolDownMinutes: 5 };

const S1: RunningSession = { sessionId: 's1', memberId: 'm1', startedAt: T, endsAt: T + 120 * MIN };
const IDLE = initialSessionState();
const IDLE_PRINTING: SessionState = { phase: 'idle', printing: true };
const ACTIVE: SessionState = { phase: 'active', session: S1, printing: false, lowPowerSince: null };
const ACTIVE_PRINTING: SessionState = { ...ACTIVE, printing: true };
const ACTIVE_LOW: SessionState = { ...ACTIVE, lowPowerSince: T + 10 * MIN };
const WAITING: SessionState = {
  phase: 'ending',
  session: S1,
  printing: true,
  reason: SessionEndReason.TapOut,
  cutAt: null,
};
const COOLING: SessionState = {
  phase: 'ending',
  session: S1,
  printing: false,
  reason: SessionEndReason.PrintFinished,
  cutAt: T + 60 * MIN,
};
const ENDED: SessionState = {
  phase: 'ended',
  printing: false,
  last: { sessionId: 's0', reason: SessionEndReason.TapOut, at: T },
};

const at = T + 30 * MIN;
const ended = (reason: SessionEndReason, when = at, printing = false): SessionState => ({
  phase: 'ended',
  printing,
  last: { sessionId: 's1', reason, at: when },
});
const off: SessionCommand = { type: 'relay', on: false };
const on: SessionCommand = { type: 'relay', on: true };
const endCmd = (reason: SessionEndReason, when = at, sessionId = 's1'): SessionCommand => ({
  type: 'session_ended',
  sessionId,
  reason,
  at: when,
});
const startCmd = (sessionId: string, memberId: string, when = at): SessionCommand => ({
  type: 'session_started',
  sessionId,
  memberId,
  at: when,
  endsAt: when + 60 * MIN,
});
const active = (sessionId: string, memberId: string, printing = false, when = at): SessionState => ({
  phase: 'active',
  session: { sessionId, memberId, startedAt: when, endsAt: when + 60 * MIN },
  printing,
  lowPowerSince: null,
});

const started: SessionEvent = { type: 'started', sessionId: 's2', memberId: 'm2', at, endsAt: at + 60 * MIN };
const takeover: SessionEvent = {
  type: 'takeover',
  newSessionId: 's2',
  memberId: 'm2',
  at,
  endsAt: at + 60 * MIN,
};

interface Row {
  name: string;
  from: SessionState;
  event: SessionEvent;
  state: SessionState;
  commands: SessionCommand[];
  config?: Partial<SessionConfig>;
}

const rows: Row[] = [
  // idle
  {
    name: 'idle + started → active, recorded before power on',
    from: IDLE,
    event: started,
    state: active('s2', 'm2'),
    commands: [startCmd('s2', 'm2'), on],
  },
  {
    name: 'idle + takeover → starts like a tap-on',
    from: IDLE,
    event: takeover,
    state: active('s2', 'm2'),
    commands: [startCmd('s2', 'm2'), on],
  },
  { name: 'idle + tap_out → nothing', from: IDLE, event: { type: 'tap_out', at }, state: IDLE, commands: [] },
  {
    name: 'idle + power → nothing',
    from: IDLE,
    event: { type: 'power', watts: 0, at },
    state: IDLE,
    commands: [],
  },
  {
    name: 'idle + print → tracks the printer',
    from: IDLE,
    event: { type: 'print', printing: true, at },
    state: IDLE_PRINTING,
    commands: [],
  },
  { name: 'idle + tick → nothing', from: IDLE, event: { type: 'tick', at }, state: IDLE, commands: [] },
  {
    name: 'idle + force_off → relay off',
    from: IDLE,
    event: { type: 'force_off', at },
    state: IDLE,
    commands: [off],
  },
  {
    name: 'idle printing + force_off → keeps power',
    from: IDLE_PRINTING,
    event: { type: 'force_off', at },
    state: IDLE_PRINTING,
    commands: [],
  },
  {
    name: 'idle printing + force_off cutUnderPrint → relay off',
    from: IDLE_PRINTING,
    event: { type: 'force_off', at, cutUnderPrint: true },
    state: IDLE_PRINTING,
    commands: [off],
  },
  {
    name: 'idle + relay on → switched off (power without session)',
    from: IDLE,
    event: { type: 'relay_reported', on: true, at },
    state: IDLE,
    commands: [off],
  },
  {
    name: 'idle printing + relay on → keeps power',
    from: IDLE_PRINTING,
    event: { type: 'relay_reported', on: true, at },
    state: IDLE_PRINTING,
    commands: [],
  },
  {
    name: 'idle + relay off → nothing',
    from: IDLE,
    event: { type: 'relay_reported', on: false, at },
    state: IDLE,
    commands: [],
  },
  // active
  {
    name: 'active + started again (redelivery) → nothing',
    from: ACTIVE,
    event: { ...started, sessionId: 's1' },
    state: ACTIVE,
    commands: [],
  },
  {
    name: 'active + started of another session → replaces it like a takeover',
    from: ACTIVE,
    event: started,
    state: active('s2', 'm2'),
    commands: [startCmd('s2', 'm2'), endCmd(SessionEndReason.Takeover)],
  },
  {
    name: 'active + tap_out → ended, power off first',
    from: ACTIVE,
    event: { type: 'tap_out', at },
    state: ended(SessionEndReason.TapOut),
    commands: [off, endCmd(SessionEndReason.TapOut)],
  },
  {
    name: 'active printing + tap_out → ending, power stays',
    from: ACTIVE_PRINTING,
    event: { type: 'tap_out', at },
    state: { ...WAITING, reason: SessionEndReason.TapOut },
    commands: [],
  },
  {
    name: 'active + low power → idle timer starts',
    from: ACTIVE,
    event: { type: 'power', watts: 2, at },
    state: { ...ACTIVE, lowPowerSince: at },
    commands: [],
  },
  {
    name: 'active + low power again → timer keeps its start',
    from: ACTIVE_LOW,
    event: { type: 'power', watts: 1, at: T + 15 * MIN },
    state: ACTIVE_LOW,
    commands: [],
  },
  {
    name: 'active + low power for idleMinutes → ended IdlePower',
    from: ACTIVE_LOW,
    event: { type: 'power', watts: 1, at: T + 20 * MIN },
    state: ended(SessionEndReason.IdlePower, T + 20 * MIN),
    commands: [off, endCmd(SessionEndReason.IdlePower, T + 20 * MIN)],
  },
  {
    name: 'active + power at the threshold → counts as use',
    from: ACTIVE_LOW,
    event: { type: 'power', watts: 5, at: T + 15 * MIN },
    state: ACTIVE,
    commands: [],
  },
  {
    name: 'active + non-numeric power → ignored',
    from: ACTIVE_LOW,
    event: { type: 'power', watts: Number.NaN, at: T + 15 * MIN },
    state: ACTIVE_LOW,
    commands: [],
  },
  {
    name: 'active printing + low power for long → no idle end under a print',
    from: { ...ACTIVE_PRINTING, lowPowerSince: T },
    event: { type: 'power', watts: 0, at },
    state: { ...ACTIVE_PRINTING, lowPowerSince: T },
    commands: [],
  },
  {
    name: 'active + print starts → printing, idle timer cleared',
    from: ACTIVE_LOW,
    event: { type: 'print', printing: true, at: T + 12 * MIN },
    state: { ...ACTIVE_PRINTING, lowPowerSince: null },
    commands: [],
  },
  {
    name: 'active printing + print finished → ending, cool-down',
    from: ACTIVE_PRINTING,
    event: { type: 'print', printing: false, finished: true, at },
    state: { ...COOLING, cutAt: at + 5 * MIN },
    commands: [],
  },
  {
    name: 'active printing + print finished, no cool-down → ended PrintFinished',
    from: ACTIVE_PRINTING,
    event: { type: 'print', printing: false, finished: true, at },
    state: ended(SessionEndReason.PrintFinished),
    commands: [off, endCmd(SessionEndReason.PrintFinished)],
    config: { coolDownMinutes: 0 },
  },
  {
    name: 'active printing + print cancelled → stays active',
    from: ACTIVE_PRINTING,
    event: { type: 'print', printing: false, at },
    state: ACTIVE,
    commands: [],
  },
  {
    name: 'active + tick before the limit → nothing',
    from: ACTIVE,
    event: { type: 'tick', at },
    state: ACTIVE,
    commands: [],
  },
  {
    name: 'active + tick at the limit → ended MaxDuration',
    from: ACTIVE,
    event: { type: 'tick', at: T + 120 * MIN },
    state: ended(SessionEndReason.MaxDuration, T + 120 * MIN),
    commands: [off, endCmd(SessionEndReason.MaxDuration, T + 120 * MIN)],
  },
  {
    name: 'active printing + tick at the limit → ending, power stays',
    from: ACTIVE_PRINTING,
    event: { type: 'tick', at: T + 120 * MIN },
    state: { ...WAITING, reason: SessionEndReason.MaxDuration },
    commands: [],
  },
  {
    name: 'active without a limit + late tick → nothing',
    from: { ...ACTIVE, session: { ...S1, endsAt: null } },
    event: { type: 'tick', at: T + 9999 * MIN },
    state: { ...ACTIVE, session: { ...S1, endsAt: null } },
    commands: [],
  },
  {
    name: 'active + tick after idleMinutes of low power → ended IdlePower',
    from: ACTIVE_LOW,
    event: { type: 'tick', at: T + 20 * MIN },
    state: ended(SessionEndReason.IdlePower, T + 20 * MIN),
    commands: [off, endCmd(SessionEndReason.IdlePower, T + 20 * MIN)],
  },
  {
    name: 'active + tick just before idleMinutes → nothing',
    from: ACTIVE_LOW,
    event: { type: 'tick', at: T + 20 * MIN - 1 },
    state: ACTIVE_LOW,
    commands: [],
  },
  {
    name: 'active + late tap_out after the limit → the limit ended it first',
    from: ACTIVE,
    event: { type: 'tap_out', at: T + 130 * MIN },
    state: ended(SessionEndReason.MaxDuration, T + 130 * MIN),
    commands: [off, endCmd(SessionEndReason.MaxDuration, T + 130 * MIN)],
  },
  {
    name: 'active + force_off → ended ForceOff',
    from: ACTIVE,
    event: { type: 'force_off', at },
    state: ended(SessionEndReason.ForceOff),
    commands: [off, endCmd(SessionEndReason.ForceOff)],
  },
  {
    name: 'active printing + force_off → ending ForceOff, power stays',
    from: ACTIVE_PRINTING,
    event: { type: 'force_off', at },
    state: { ...WAITING, reason: SessionEndReason.ForceOff },
    commands: [],
  },
  {
    name: 'active printing + force_off cutUnderPrint → cut now',
    from: ACTIVE_PRINTING,
    event: { type: 'force_off', at, cutUnderPrint: true },
    state: ended(SessionEndReason.ForceOff, at, true),
    commands: [off, endCmd(SessionEndReason.ForceOff)],
  },
  {
    name: 'active + takeover → successor recorded first, power stays',
    from: ACTIVE_PRINTING,
    event: takeover,
    state: active('s2', 'm2', true),
    commands: [startCmd('s2', 'm2'), endCmd(SessionEndReason.Takeover)],
  },
  {
    name: 'active + relay reported off → ended Reconciled, no command to the relay',
    from: ACTIVE,
    event: { type: 'relay_reported', on: false, at },
    state: ended(SessionEndReason.Reconciled),
    commands: [endCmd(SessionEndReason.Reconciled)],
  },
  {
    name: 'active + relay off reported from before the session → ignored',
    from: ACTIVE,
    event: { type: 'relay_reported', on: false, at: T - 1 },
    state: ACTIVE,
    commands: [],
  },
  {
    name: 'active + relay reported on → nothing',
    from: ACTIVE,
    event: { type: 'relay_reported', on: true, at },
    state: ACTIVE,
    commands: [],
  },
  {
    name: 'active + a print reported only after the limit passed → ending, power stays under it',
    from: ACTIVE,
    event: { type: 'print', printing: true, at: T + 130 * MIN },
    state: { ...WAITING, reason: SessionEndReason.MaxDuration },
    commands: [],
  },
  {
    name: 'cooling + a new print reported only after cutAt → the member carries on, power stays',
    from: COOLING,
    event: { type: 'print', printing: true, at: T + 61 * MIN },
    state: ACTIVE_PRINTING,
    commands: [],
  },
  // ending, waiting for the print
  {
    name: 'waiting + print finished → cool-down',
    from: WAITING,
    event: { type: 'print', printing: false, finished: true, at },
    state: { ...WAITING, printing: false, cutAt: at + 5 * MIN },
    commands: [],
  },
  {
    name: 'waiting + print cancelled → cool-down too',
    from: WAITING,
    event: { type: 'print', printing: false, at },
    state: { ...WAITING, printing: false, cutAt: at + 5 * MIN },
    commands: [],
  },
  {
    name: 'waiting + print finished, no cool-down → ended with the original reason',
    from: WAITING,
    event: { type: 'print', printing: false, finished: true, at },
    state: ended(SessionEndReason.TapOut),
    commands: [off, endCmd(SessionEndReason.TapOut)],
    config: { coolDownMinutes: 0 },
  },
  {
    name: 'waiting + tick long after the limit → power stays under the print',
    from: WAITING,
    event: { type: 'tick', at: T + 9999 * MIN },
    state: WAITING,
    commands: [],
  },
  {
    name: 'waiting + tap_out → nothing',
    from: WAITING,
    event: { type: 'tap_out', at },
    state: WAITING,
    commands: [],
  },
  {
    name: 'waiting + low power → nothing',
    from: WAITING,
    event: { type: 'power', watts: 0, at },
    state: WAITING,
    commands: [],
  },
  {
    name: 'waiting + force_off → reason becomes ForceOff, power stays',
    from: WAITING,
    event: { type: 'force_off', at },
    state: { ...WAITING, reason: SessionEndReason.ForceOff },
    commands: [],
  },
  {
    name: 'waiting + force_off cutUnderPrint → cut now',
    from: WAITING,
    event: { type: 'force_off', at, cutUnderPrint: true },
    state: ended(SessionEndReason.ForceOff, at, true),
    commands: [off, endCmd(SessionEndReason.ForceOff)],
  },
  {
    name: 'waiting + takeover → successor inherits the running print',
    from: WAITING,
    event: takeover,
    state: active('s2', 'm2', true),
    commands: [startCmd('s2', 'm2'), endCmd(SessionEndReason.Takeover)],
  },
  {
    name: 'waiting + relay reported off → ended Reconciled',
    from: WAITING,
    event: { type: 'relay_reported', on: false, at },
    state: ended(SessionEndReason.Reconciled, at, true),
    commands: [endCmd(SessionEndReason.Reconciled)],
  },
  // ending, cooling down
  {
    name: 'cooling + tick before cutAt → nothing',
    from: COOLING,
    event: { type: 'tick', at: T + 60 * MIN - 1 },
    state: COOLING,
    commands: [],
  },
  {
    name: 'cooling + tick at cutAt → ended PrintFinished',
    from: COOLING,
    event: { type: 'tick', at: T + 60 * MIN },
    state: ended(SessionEndReason.PrintFinished, T + 60 * MIN),
    commands: [off, endCmd(SessionEndReason.PrintFinished, T + 60 * MIN)],
  },
  {
    name: 'cooling + another print finished report → keeps the first cutAt',
    from: COOLING,
    event: { type: 'print', printing: false, finished: true, at: T + 59 * MIN },
    state: COOLING,
    commands: [],
  },
  {
    name: 'cooling after a finished print + new print → the member carries on',
    from: COOLING,
    event: { type: 'print', printing: true, at },
    state: ACTIVE_PRINTING,
    commands: [],
  },
  {
    name: 'cooling after a tap-out + new print → waits for that print',
    from: { ...COOLING, reason: SessionEndReason.TapOut },
    event: { type: 'print', printing: true, at },
    state: WAITING,
    commands: [],
  },
  {
    name: 'cooling + tap_out → nothing, the cool-down runs on',
    from: COOLING,
    event: { type: 'tap_out', at },
    state: COOLING,
    commands: [],
  },
  {
    name: 'cooling + force_off → cut now',
    from: COOLING,
    event: { type: 'force_off', at },
    state: ended(SessionEndReason.ForceOff),
    commands: [off, endCmd(SessionEndReason.ForceOff)],
  },
  {
    name: 'cooling + any event after cutAt → ended at that event',
    from: COOLING,
    event: { type: 'power', watts: 40, at: T + 61 * MIN },
    state: ended(SessionEndReason.PrintFinished, T + 61 * MIN),
    commands: [off, endCmd(SessionEndReason.PrintFinished, T + 61 * MIN)],
  },
  // ended
  {
    name: 'ended + started → active',
    from: ENDED,
    event: started,
    state: active('s2', 'm2'),
    commands: [startCmd('s2', 'm2'), on],
  },
  {
    name: 'ended + tap_out → nothing',
    from: ENDED,
    event: { type: 'tap_out', at },
    state: ENDED,
    commands: [],
  },
  { name: 'ended + tick → nothing', from: ENDED, event: { type: 'tick', at }, state: ENDED, commands: [] },
  {
    name: 'ended + relay reported on → switched off',
    from: ENDED,
    event: { type: 'relay_reported', on: true, at },
    state: ENDED,
    commands: [off],
  },
];

describe('sessionReducer transitions', () => {
  it.each(rows)('$name', (row) => {
    const result = sessionReducer(row.from, row.event, { ...config, ...row.config });
    expect(result).toEqual({ state: row.state, commands: row.commands });
  });

  it('never mutates the state it is given', () => {
    const from = structuredClone(ACTIVE_PRINTING);
    sessionReducer(from, { type: 'print', printing: false, finished: true, at }, config);
    expect(from).toEqual(ACTIVE_PRINTING);
  });
});

describe('states after a restart', () => {
  it('start from what the printer last reported, so a restart never cuts under a print', () => {
    expect(initialSessionState(true)).toEqual(IDLE_PRINTING);
    expect(restoredSessionState(S1, true)).toEqual(ACTIVE_PRINTING);
    const tapOut = sessionReducer(restoredSessionState(S1, true), { type: 'tap_out', at: T + MIN }, config);
    expect(tapOut.state).toEqual({ ...WAITING, reason: SessionEndReason.TapOut });
    expect(tapOut.commands.some((c) => c.type === 'relay')).toBe(false);
    const pastDeadline = sessionReducer(
      restoredSessionState(S1, true),
      { type: 'tick', at: T + 500 * MIN },
      config,
    );
    expect(pastDeadline.commands.some((c) => c.type === 'relay')).toBe(false);
  });
});

describe('session scenarios', () => {
  function play(events: SessionEvent[], from = initialSessionState()) {
    let state = from;
    const commands: SessionCommand[] = [];
    for (const event of events) {
      const result = sessionReducer(state, event, config);
      state = result.state;
      commands.push(...result.commands);
    }
    return { state, commands };
  }

  it('a print outlives the tap-out, then cools down before power goes off', () => {
    const { state, commands } = play([
      { type: 'started', sessionId: 's1', memberId: 'm1', at: T, endsAt: T + 60 * MIN },
      { type: 'print', printing: true, at: T + MIN },
      { type: 'tap_out', at: T + 5 * MIN },
      { type: 'tick', at: T + 90 * MIN },
      { type: 'print', printing: false, finished: true, at: T + 100 * MIN },
      { type: 'tick', at: T + 104 * MIN },
      { type: 'tick', at: T + 105 * MIN },
    ]);
    expect(commands).toEqual([
      { type: 'session_started', sessionId: 's1', memberId: 'm1', at: T, endsAt: T + 60 * MIN },
      on,
      off,
      { type: 'session_ended', sessionId: 's1', reason: SessionEndReason.TapOut, at: T + 105 * MIN },
    ]);
    expect(state.phase).toBe('ended');
  });

  it('a restart finds an open session whose relay is off and closes it as Reconciled', () => {
    const { state, commands } = play(
      [{ type: 'relay_reported', on: false, at: T + 10 * MIN }],
      restoredSessionState({ sessionId: 's1', memberId: 'm1', startedAt: T, endsAt: null }),
    );
    expect(commands).toEqual([endCmd(SessionEndReason.Reconciled, T + 10 * MIN)]);
    expect(state).toEqual(ended(SessionEndReason.Reconciled, T + 10 * MIN));
  });

  it('mirrors starts and ends into the snapshot so the next tap sees them', () => {
    const snapshot = aSnapshot();
    const now = WED_10_BERLIN;
    const decision = decide(snapshot, aRequest(), now);
    if (decision.outcome !== 'allowed') throw new Error(`expected allowed, got ${decision.outcome}`);
    const start = sessionReducer(
      initialSessionState(),
      { type: 'started', sessionId: 'rt-1', memberId: decision.memberId, at: now, endsAt: decision.endsAt },
      config,
    );
    applySessionCommands(snapshot, 'laser-1', start.commands);
    expect(decide(snapshot, aRequest(), now + 1000)).toMatchObject({ outcome: 'tap_out', sessionId: 'rt-1' });
    expect(decide(snapshot, aRequest({ uidHash: 'uid-2' }), now + 1000)).toMatchObject({
      reason: 'MACHINE_IN_USE',
    });

    const stop = sessionReducer(start.state, { type: 'tap_out', at: now + 2000 }, config);
    applySessionCommands(snapshot, 'laser-1', stop.commands);
    expect(snapshot.activeSessions.has('laser-1')).toBe(false);
  });
});

describe('nextDeadline', () => {
  it.each<[string, SessionState, number | null]>([
    ['idle', IDLE, null],
    ['ended', ENDED, null],
    ['active: the session limit', ACTIVE, T + 120 * MIN],
    ['active, low power: the idle limit when earlier', ACTIVE_LOW, T + 20 * MIN],
    [
      'active printing, low power: only the session limit',
      { ...ACTIVE_PRINTING, lowPowerSince: T },
      T + 120 * MIN,
    ],
    ['active without any limit', { ...ACTIVE, session: { ...S1, endsAt: null } }, null],
    ['waiting for a print', WAITING, null],
    ['cooling down', COOLING, T + 60 * MIN],
  ])('%s', (_name, state, expected) => {
    expect(nextDeadline(state, config)).toBe(expected);
  });
});
