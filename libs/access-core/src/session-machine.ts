import { SessionEndReason } from '@werkbank/contracts';
import { MINUTE_MS } from './calendar.util';
import { endSession, PolicySnapshot, startSession } from './policy-snapshot';

/**
 * The life of the sessions on one machine, as a pure reducer: the runtime keeps one state per machine, feeds it
 * events (taps, power and printer reports, timer ticks, staff actions, relay reports) and executes the commands
 * it returns, in order. Time comes only from the events' `at`.
 *
 * Safety rule: power is never cut under a running print. Whatever would end a session while a print runs
 * (tap-out, max duration, staff) moves it to `ending`; it ends once the print stops, after the cool-down.
 * Only force_off with cutUnderPrint cuts immediately.
 */

export interface SessionConfig {
  /** Power below this counts as idle. */
  readonly idlePowerWatts: number;
  /** Idle this long without interruption ends the session (IdlePower). */
  readonly idleMinutes: number;
  /** Power stays on this long after a print stops (fans cool the hot end). 0 = cut at once. */
  readonly coolDownMinutes: number;
}

export interface RunningSession {
  readonly sessionId: string;
  readonly memberId: string;
  readonly startedAt: number;
  /** Max duration reached at this instant; null = no limit. */
  readonly endsAt: number | null;
}

export interface EndedSession {
  readonly sessionId: string;
  readonly reason: SessionEndReason;
  readonly at: number;
}

/** `printing` tracks the printer in every phase: a print can outlive the session that started it. */
export type SessionState =
  | { readonly phase: 'idle'; readonly printing: boolean }
  | {
      readonly phase: 'active';
      readonly session: RunningSession;
      readonly printing: boolean;
      /** Start of the current uninterrupted run of low power readings; null while drawing power. */
      readonly lowPowerSince: number | null;
    }
  | {
      /** The session should end but power must stay on: a print runs, or it just stopped and cools down. */
      readonly phase: 'ending';
      readonly session: RunningSession;
      readonly printing: boolean;
      /** Why it ends; recorded when it finally does. */
      readonly reason: SessionEndReason;
      /** When power goes off; null while the print runs. */
      readonly cutAt: number | null;
    }
  | { readonly phase: 'ended'; readonly printing: boolean; readonly last: EndedSession };

export type SessionEvent =
  | {
      readonly type: 'started';
      readonly sessionId: string;
      readonly memberId: string;
      readonly at: number;
      readonly endsAt: number | null;
    }
  | { readonly type: 'tap_out'; readonly at: number }
  | { readonly type: 'power'; readonly watts: number; readonly at: number }
  /** Adapters report a paused print as printing: a pause must keep its power too. */
  | { readonly type: 'print'; readonly printing: boolean; readonly finished?: boolean; readonly at: number }
  | { readonly type: 'tick'; readonly at: number }
  | { readonly type: 'force_off'; readonly at: number; readonly cutUnderPrint?: boolean }
  /** endsAt comes from the allowing decision, as for `started`. */
  | {
      readonly type: 'takeover';
      readonly newSessionId: string;
      readonly memberId: string;
      readonly at: number;
      readonly endsAt: number | null;
    }
  /** The actuator's reported state, e.g. after a restart or a manual switch at the device. */
  | { readonly type: 'relay_reported'; readonly on: boolean; readonly at: number };

/**
 * Execute in order. A start is recorded before the relay goes on and the relay goes off before the end is
 * recorded, so a crash in between never leaves power on without an open session (restart reconciliation then
 * closes the open session with Reconciled when the relay reports off).
 */
export type SessionCommand =
  | { readonly type: 'relay'; readonly on: boolean }
  | {
      readonly type: 'session_started';
      readonly sessionId: string;
      readonly memberId: string;
      readonly at: number;
      readonly endsAt: number | null;
    }
  | {
      readonly type: 'session_ended';
      readonly sessionId: string;
      readonly reason: SessionEndReason;
      readonly at: number;
    };

export interface SessionTransition {
  readonly state: SessionState;
  readonly commands: readonly SessionCommand[];
}

/** `printing`: what the printer last reported, e.g. before a restart (a print can outlive its session). */
export function initialSessionState(printing = false): SessionState {
  return { phase: 'idle', printing };
}

/**
 * State for a session found open in the database after a restart. Feed the actuator's relay_reported next:
 * a relay that is off closes the session as Reconciled.
 */
export function restoredSessionState(session: RunningSession, printing = false): SessionState {
  return { phase: 'active', session: { ...session }, printing, lowPowerSince: null };
}

export function sessionReducer(
  state: SessionState,
  event: SessionEvent,
  config: SessionConfig,
): SessionTransition {
  const commands: SessionCommand[] = [];
  // A print reported running is running now: no deadline may cut under it, however late the report comes.
  const known =
    event.type === 'print' && event.printing && !state.printing ? { ...state, printing: true } : state;
  // Deadlines first, so a late event cannot extend a session past its limit (ticks may be coarse or missed).
  const due = applyDeadlines(known, event.at, config, commands);
  return { state: handle(due, event, config, commands), commands };
}

/**
 * The next instant at which a tick can change the state, for the runtime's timer; null when only events can.
 */
export function nextDeadline(state: SessionState, config: SessionConfig): number | null {
  if (state.phase === 'ending') return state.cutAt;
  if (state.phase !== 'active') return null;
  let next = state.session.endsAt ?? Infinity;
  if (!state.printing && state.lowPowerSince !== null) {
    next = Math.min(next, state.lowPowerSince + config.idleMinutes * MINUTE_MS);
  }
  return next === Infinity ? null : next;
}

/** Mirrors the session commands into the snapshot's activeSessions, so decide() sees them at once. */
export function applySessionCommands(
  snapshot: PolicySnapshot,
  machineId: string,
  commands: readonly SessionCommand[],
): void {
  for (const command of commands) {
    if (command.type === 'session_started') {
      startSession(snapshot, machineId, {
        sessionId: command.sessionId,
        memberId: command.memberId,
        startedAt: command.at,
        endsAt: command.endsAt,
      });
    } else if (command.type === 'session_ended') {
      endSession(snapshot, machineId, command.sessionId);
    }
  }
}

function applyDeadlines(
  state: SessionState,
  at: number,
  config: SessionConfig,
  out: SessionCommand[],
): SessionState {
  if (state.phase === 'active') {
    const { session, printing, lowPowerSince } = state;
    if (session.endsAt !== null && at >= session.endsAt) {
      return printing
        ? ending(session, true, SessionEndReason.MaxDuration, null)
        : end(state, SessionEndReason.MaxDuration, at, true, out);
    }
    if (!printing && lowPowerSince !== null && at - lowPowerSince >= config.idleMinutes * MINUTE_MS) {
      return end(state, SessionEndReason.IdlePower, at, true, out);
    }
  } else if (state.phase === 'ending' && !state.printing && state.cutAt !== null && at >= state.cutAt) {
    return end(state, state.reason, at, true, out);
  }
  return state;
}

function handle(
  state: SessionState,
  event: SessionEvent,
  config: SessionConfig,
  out: SessionCommand[],
): SessionState {
  switch (event.type) {
    case 'started':
      if (isRedelivery(state, event.sessionId)) return state;
      // Another start while a session runs replaces it like a takeover rather than losing either.
      return begin(state, event.sessionId, event.memberId, event.at, event.endsAt, out);

    case 'takeover':
      if (isRedelivery(state, event.newSessionId)) return state;
      return begin(state, event.newSessionId, event.memberId, event.at, event.endsAt, out);

    case 'tap_out':
      if (state.phase !== 'active') return state; // already ending: the print or cool-down decides
      return state.printing
        ? ending(state.session, true, SessionEndReason.TapOut, null)
        : end(state, SessionEndReason.TapOut, event.at, true, out);

    case 'power': {
      if (state.phase !== 'active' || !Number.isFinite(event.watts)) return state;
      const low = event.watts < config.idlePowerWatts;
      const lowPowerSince = low ? (state.lowPowerSince ?? event.at) : null;
      const next = lowPowerSince === state.lowPowerSince ? state : { ...state, lowPowerSince };
      return applyDeadlines(next, event.at, config, out);
    }

    case 'print':
      return onPrint(state, event.printing, event.finished === true, event.at, config, out);

    case 'tick':
      return state;

    case 'force_off': {
      const cut = !state.printing || event.cutUnderPrint === true;
      if (state.phase === 'active' || state.phase === 'ending') {
        return cut
          ? end(state, SessionEndReason.ForceOff, event.at, true, out)
          : ending(state.session, true, SessionEndReason.ForceOff, null);
      }
      if (cut) out.push({ type: 'relay', on: false }); // staff make sure it is off, session or not
      return state;
    }

    case 'relay_reported':
      if (state.phase === 'active' || state.phase === 'ending') {
        // A report older than the session describes the relay before it was switched on for it.
        if (!event.on && event.at >= state.session.startedAt) {
          return end(state, SessionEndReason.Reconciled, event.at, false, out);
        }
        return state;
      }
      if (event.on && !state.printing) out.push({ type: 'relay', on: false }); // on without a session
      return state;
  }
}

/** A start of the running or just-ended session again. Session ids are unique (the runtime mints UUIDs). */
function isRedelivery(state: SessionState, sessionId: string): boolean {
  if (state.phase === 'active' || state.phase === 'ending') return state.session.sessionId === sessionId;
  return state.phase === 'ended' && state.last.sessionId === sessionId;
}

function onPrint(
  state: SessionState,
  printing: boolean,
  finished: boolean,
  at: number,
  config: SessionConfig,
  out: SessionCommand[],
): SessionState {
  const coolDownMs = config.coolDownMinutes * MINUTE_MS;
  switch (state.phase) {
    case 'idle':
    case 'ended':
      return state.printing === printing ? state : { ...state, printing };
    case 'active':
      if (printing) return { ...state, printing, lowPowerSince: null };
      if (!finished) return { ...state, printing }; // cancelled or failed: the member may start again
      if (coolDownMs <= 0) return end({ ...state, printing }, SessionEndReason.PrintFinished, at, true, out);
      return ending(state.session, false, SessionEndReason.PrintFinished, at + coolDownMs);
    case 'ending':
      if (printing) {
        // A new print during the cool-down after a finished one: the member carries on.
        if (state.reason === SessionEndReason.PrintFinished) {
          return { phase: 'active', session: state.session, printing: true, lowPowerSince: null };
        }
        return { ...state, printing: true, cutAt: null };
      }
      if (state.cutAt !== null) return state.printing ? { ...state, printing: false } : state;
      if (coolDownMs <= 0) return end({ ...state, printing: false }, state.reason, at, true, out);
      return { ...state, printing: false, cutAt: at + coolDownMs };
  }
}

function begin(
  state: SessionState,
  sessionId: string,
  memberId: string,
  at: number,
  endsAt: number | null,
  out: SessionCommand[],
): SessionState {
  const session: RunningSession = { sessionId, memberId, startedAt: at, endsAt };
  out.push({ type: 'session_started', sessionId, memberId, at, endsAt });
  if (state.phase === 'active' || state.phase === 'ending') {
    // Power stays on across a takeover; the successor is recorded before the predecessor is closed.
    out.push({
      type: 'session_ended',
      sessionId: state.session.sessionId,
      reason: SessionEndReason.Takeover,
      at,
    });
  } else {
    out.push({ type: 'relay', on: true });
  }
  return { phase: 'active', session, printing: state.printing, lowPowerSince: null };
}

function ending(
  session: RunningSession,
  printing: boolean,
  reason: SessionEndReason,
  cutAt: number | null,
): SessionState {
  return { phase: 'ending', session, printing, reason, cutAt };
}

function end(
  state: Extract<SessionState, { phase: 'active' | 'ending' }>,
  reason: SessionEndReason,
  at: number,
  cutRelay: boolean,
  out: SessionCommand[],
): SessionState {
  if (cutRelay) out.push({ type: 'relay', on: false });
  out.push({ type: 'session_ended', sessionId: state.session.sessionId, reason, at });
  return {
    phase: 'ended',
    printing: state.printing,
    last: { sessionId: state.session.sessionId, reason, at },
  };
}
