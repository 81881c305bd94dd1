import type { BridgeHealth } from './api/devices';
import type { AccessOutcome, DenyReason, SessionEndReason } from './access';
import type { LiveSession, MachineLiveState } from './api/access';

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

// MachineLiveState, LivePrint and LiveSession are schemas in api/access.ts (GET /api/live/machines too).

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
  /** A firmware bridge's last heartbeat (absent for other devices). */
  bridge?: BridgeHealth | null;
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
