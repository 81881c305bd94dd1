import type { AccessOutcome, DenyReason, SessionEndReason } from './access';
import type { MachineState } from './domain.enums';

/** A card tap as the live board shows it. Members appear by pseudonym unless the viewer's role may see names. */
export interface TapEvent {
  id: string;
  at: string;
  deviceId: string;
  machineId: string | null;
  siteId: string | null;
  outcome: AccessOutcome;
  reason: DenyReason | null;
  memberKey: string | null;
  memberName?: string | null;
  cardSuffix: string;
  sessionId: string | null;
  /** Milliseconds from receiving the tap to publishing the relay command (0 for denials). */
  decisionMs: number;
}

export interface MachineLiveState {
  machineId: string;
  siteId: string;
  name: string;
  state: MachineState;
  relayOn: boolean | null;
  powerW: number | null;
  online: boolean;
  session: LiveSession | null;
  /** What the machine's printer reported last; null without a printer report (or without a printer). */
  print: LivePrint | null;
  /**
   * Power stays on only for a print: the session was ended during a print (tap-out, maximum duration, staff)
   * or a print outlived its session. The relay goes off once the print is done, after the cool-down.
   */
  waitingForPrint: boolean;
}

export interface LivePrint {
  /** Printing, paused or preparing: the power must stay on. */
  printing: boolean;
  /** 0..1; null when the printer does not say. */
  progress: number | null;
  remainingMinutes: number | null;
  jobName: string | null;
}

export interface LiveSession {
  sessionId: string;
  machineId: string;
  memberKey: string;
  memberName?: string | null;
  startedAt: string;
  endsAt: string | null;
}

export interface SessionEndedEvent {
  sessionId: string;
  machineId: string;
  endedAt: string;
  reason: SessionEndReason;
}

export interface DeviceAvailabilityEvent {
  deviceId: string;
  online: boolean;
  at: string;
}

export interface EnrollmentEvent {
  deviceId: string;
  /** Normalised UID (uppercase hex) of the unknown card: shown once so staff can assign it. */
  uid: string;
  technology: string | null;
  at: string;
}

export interface ServerToClientEvents {
  tap: (event: TapEvent) => void;
  machine: (state: MachineLiveState) => void;
  'session.started': (session: LiveSession) => void;
  'session.ended': (event: SessionEndedEvent) => void;
  device: (event: DeviceAvailabilityEvent) => void;
  'enrollment.card': (event: EnrollmentEvent) => void;
}

export interface ClientToServerEvents {
  /** Join a site's room; the ack returns the current machine states of the site. */
  'site.watch': (siteId: string, ack: (states: MachineLiveState[]) => void) => void;
  /** Report the next unknown card tapped at this reader to this client (staff only). */
  'enrollment.start': (deviceId: string, ack: (result: { ok: boolean; error?: string }) => void) => void;
  'enrollment.stop': (deviceId: string) => void;
}
