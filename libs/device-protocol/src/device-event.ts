import type { CardTechnology, DenyReason, SessionEndReason } from '@werkbank/contracts';
import type { HealthMessage } from './werkbank/werkbank-bridge.codec';

/**
 * Internal events the server consumes. Every adapter maps its vendor format onto these; nothing vendor-specific
 * travels further than the adapter.
 */

export interface CardEvent {
  kind: 'card';
  /** Canonical: uppercase hex, no separators (see uid.util.ts). */
  uid: string;
  technology: CardTechnology | null;
  /** Idempotency key when the device sends one (own protocol); vendor readers send none. */
  msgId: string | null;
  /** ISO 8601 with a zone offset, the device's clock; null when the device has none or sends local time only. */
  at: string | null;
  /**
   * The device's clock as local wall time without a zone (`YYYY-MM-DDTHH:mm:ss`, Tasmota's default `Time`),
   * when `at` is null: the server reads it in the lab's TIMEZONE. Absent when the device sent none.
   */
  localAt?: string;
  /** The machine the reader is at, from a bridge that serves several (own protocol; absent: the device's). */
  machineId?: string;
}

export interface RelayEvent {
  kind: 'relay';
  on: boolean;
}

export interface PowerEvent {
  kind: 'power';
  watts: number;
}

export interface AvailabilityEvent {
  kind: 'availability';
  online: boolean;
}

export type PrinterState = 'idle' | 'preparing' | 'printing' | 'paused' | 'finished' | 'failed' | 'unknown';

export const PRINTER_STATES: readonly PrinterState[] = [
  'idle',
  'preparing',
  'printing',
  'paused',
  'finished',
  'failed',
  'unknown',
];

export interface PrinterEvent {
  kind: 'printer';
  state: PrinterState;
  /** 0..100 */
  progress: number | null;
  remainingMinutes: number | null;
  jobName: string | null;
}

/** Fields every usage event of the own protocol carries (bridge-queued, replayed after an outage). */
interface UsageEventBase {
  kind: 'usage';
  /** Unique per event (the bridge makes a ULID/UUID): the server stores it and ignores redeliveries. */
  msgId: string;
  /** Per-device counter, strictly increasing across restarts of the bridge: orders replayed events. */
  seq: number;
  /** When it happened at the bridge: ISO 8601 with a zone offset. */
  at: string;
  /** The machine it happened at; set by bridges that serve several machines (absent: the device's machine). */
  machineId?: string;
}

/** The bridge switched a machine on for a card while deciding locally (server unreachable). */
export interface UsageSessionStarted extends UsageEventBase {
  type: 'session_started';
  /** Bridge-made session id; the server keeps it as the session's external id. */
  sessionId: string;
  uid: string;
  /** Version of the signed allowlist the decision was based on. */
  allowlistVersion: number | null;
}

export interface UsageSessionEnded extends UsageEventBase {
  type: 'session_ended';
  sessionId: string;
  endReason: SessionEndReason;
}

/** A tap the bridge refused while deciding locally. */
export interface UsageAccessDenied extends UsageEventBase {
  type: 'access_denied';
  uid: string;
  reason: DenyReason;
  allowlistVersion: number | null;
}

export type UsageEvent = UsageSessionStarted | UsageSessionEnded | UsageAccessDenied;
export type UsageEventType = UsageEvent['type'];

/** A device answered a command with an error (e.g. a Shelly RPC error reply). */
export interface CommandFailedEvent {
  kind: 'command-failed';
  code: string | null;
  message: string;
}

/** A bridge's heartbeat (own protocol, `health`): its queue, allowlist and serial ports. */
export interface HealthEvent {
  kind: 'health';
  health: HealthMessage;
}

export type DeviceEvent =
  | CardEvent
  | RelayEvent
  | PowerEvent
  | AvailabilityEvent
  | PrinterEvent
  | UsageEvent
  | CommandFailedEvent
  | HealthEvent;

export type DeviceEventKind = DeviceEvent['kind'];

export type DecodeResult = { ok: true; events: DeviceEvent[] } | { ok: false; error: string };

/** A message to publish. Commands are never retained: a retained command would replay on every reconnect. */
export interface Outbound {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: false;
}

/** A retained publication (only the own protocol's allowlist). An empty payload clears the retained message. */
export interface RetainedOutbound {
  topic: string;
  payload: string;
  qos: 1;
  retain: true;
}

export function decoded(...events: DeviceEvent[]): DecodeResult {
  return { ok: true, events };
}

export function rejected(error: string): DecodeResult {
  return { ok: false, error };
}
