import fc from 'fast-check';
import {
  SessionCommand,
  SessionConfig,
  SessionEvent,
  sessionReducer,
  SessionState,
  initialSessionState,
} from './session-machine';

const MIN = 60_000;

/** Event templates without time or ids; the walk below assigns increasing times and fresh session ids. */
type Template =
  | { type: 'started' | 'takeover'; repeat: boolean; minutes: number | null }
  | { type: 'tap_out' | 'tick' }
  | { type: 'power'; watts: number }
  | { type: 'print'; printing: boolean; finished: boolean }
  | { type: 'force_off'; cutUnderPrint: boolean }
  | { type: 'relay_reported'; on: boolean; stale: boolean };

const template: fc.Arbitrary<Template> = fc.oneof(
  fc.record({
    type: fc.constantFrom('started' as const, 'takeover' as const),
    repeat: fc.boolean(),
    minutes: fc.option(fc.integer({ min: 1, max: 240 })),
  }),
  fc.record({ type: fc.constantFrom('tap_out' as const, 'tick' as const) }),
  fc.record({
    type: fc.constant('power' as const),
    watts: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2000 })),
  }),
  fc.record({ type: fc.constant('print' as const), printing: fc.boolean(), finished: fc.boolean() }),
  fc.record({ type: fc.constant('force_off' as const), cutUnderPrint: fc.boolean() }),
  fc.record({ type: fc.constant('relay_reported' as const), on: fc.boolean(), stale: fc.boolean() }),
);

const walk = fc.array(fc.tuple(template, fc.integer({ min: 0, max: 90 * MIN })), { maxLength: 60 });
const configArb: fc.Arbitrary<SessionConfig> = fc.record({
  idlePowerWatts: fc.integer({ min: 0, max: 50 }),
  idleMinutes: fc.integer({ min: 0, max: 30 }),
  coolDownMinutes: fc.integer({ min: 0, max: 15 }),
});

function toEvents(steps: [Template, number][]): SessionEvent[] {
  let at = 1_000_000 * MIN;
  let sessions = 0;
  const events: SessionEvent[] = [];
  for (const [t, dt] of steps) {
    at += dt;
    switch (t.type) {
      case 'started':
      case 'takeover': {
        if (!t.repeat || sessions === 0) sessions += 1;
        const sessionId = `s${sessions}`;
        const endsAt = t.minutes === null ? null : at + t.minutes * MIN;
        events.push(
          t.type === 'started'
            ? { type: 'started', sessionId, memberId: `m${sessions % 3}`, at, endsAt }
            : { type: 'takeover', newSessionId: sessionId, memberId: `m${sessions % 3}`, at, endsAt },
        );
        break;
      }
      case 'tap_out':
      case 'tick':
        events.push({ type: t.type, at });
        break;
      case 'power':
        events.push({ type: 'power', watts: t.watts, at });
        break;
      case 'print':
        events.push({ type: 'print', printing: t.printing, finished: t.finished, at });
        break;
      case 'force_off':
        events.push({ type: 'force_off', cutUnderPrint: t.cutUnderPrint, at });
        break;
      case 'relay_reported':
        events.push({ type: 'relay_reported', on: t.on, at: t.stale ? at - 200 * MIN : at });
        break;
    }
  }
  return events;
}

describe('sessionReducer properties', () => {
  it('(a) never commands the relay off while a print runs, unless force_off with cutUnderPrint', () => {
    fc.assert(
      fc.property(walk, configArb, (steps, config) => {
        let state: SessionState = initialSessionState();
        let printing = false; // model: the printer's last report
        for (const event of toEvents(steps)) {
          if (event.type === 'print') printing = event.printing;
          const { state: next, commands } = sessionReducer(state, event, config);
          const cuts = commands.some((c) => c.type === 'relay' && !c.on);
          const allowed = event.type === 'force_off' && event.cutUnderPrint === true;
          if (cuts && printing && !allowed) {
            throw new Error(
              `relay cut under a print by ${JSON.stringify(event)} from ${JSON.stringify(state)}`,
            );
          }
          expect(next.printing).toBe(printing);
          state = next;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('(b) ends every started session exactly once, and only started ones', () => {
    fc.assert(
      fc.property(walk, configArb, (steps, config) => {
        let state: SessionState = initialSessionState();
        const started = new Set<string>();
        const ended = new Set<string>();
        const apply = (event: SessionEvent) => {
          const result = sessionReducer(state, event, config);
          for (const command of result.commands) record(command);
          state = result.state;
          // The state agrees with the commands: exactly the open session is running.
          const open = [...started].filter((id) => !ended.has(id));
          if (state.phase === 'active' || state.phase === 'ending')
            expect(open).toEqual([state.session.sessionId]);
          else expect(open).toEqual([]);
        };
        const record = (command: SessionCommand) => {
          if (command.type === 'session_started') {
            expect(started.has(command.sessionId)).toBe(false);
            started.add(command.sessionId);
          } else if (command.type === 'session_ended') {
            expect(started.has(command.sessionId)).toBe(true);
            expect(ended.has(command.sessionId)).toBe(false);
            ended.add(command.sessionId);
          }
        };
        const events = toEvents(steps);
        events.forEach(apply);
        apply({ type: 'force_off', cutUnderPrint: true, at: (events.at(-1)?.at ?? 0) + 1 });
        expect([...ended].sort()).toEqual([...started].sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps power on for as long as a session is open', () => {
    fc.assert(
      fc.property(walk, configArb, (steps, config) => {
        let state: SessionState = initialSessionState();
        let relayOn = false; // model: the last relay command
        for (const event of toEvents(steps)) {
          const result = sessionReducer(state, event, config);
          for (const command of result.commands) if (command.type === 'relay') relayOn = command.on;
          state = result.state;
          // Reconciled is the one way a session ends without our command: the relay was found off.
          if (event.type === 'relay_reported' && !event.on && state.phase === 'ended') relayOn = false;
          if (state.phase === 'active' || state.phase === 'ending') expect(relayOn).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
