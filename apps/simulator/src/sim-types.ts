import type { SimProtocol } from './devices-file';

/** Who an event is about. */
export interface DeviceRef {
  deviceId: string;
  address: string;
  name: string;
  protocol: SimProtocol;
}

/** The last access result a reader was told to show (Tasmota: the raw command; own protocol: decoded JSON). */
export interface Feedback {
  /** When the simulator received it (ISO 8601, UTC). */
  at: string;
  topic: string;
  payload: string;
  /** Tasmota command name (`Buzzer`, `Power2`…); null for JSON feedback. */
  command: string | null;
  /** Interpreted with the device's options (feedbackAllowed/feedbackDenied); null when it cannot be told. */
  result: 'allowed' | 'denied' | null;
  reason: string | null;
  text: string | null;
}

export interface RelayState {
  on: boolean;
  /** What the meter reports now. */
  watts: number;
  /** A simulated print job runs (raises the draw). */
  printing: boolean;
  /** Metered energy since the simulator started, Wh. */
  energyWh: number;
}

/** Bambu `print.gcode_state` values. */
export type BambuGcodeState = 'IDLE' | 'PREPARE' | 'RUNNING' | 'PAUSE' | 'FINISH' | 'FAILED';

export interface PrinterSnapshot {
  gcodeState: BambuGcodeState;
  percent: number;
  remainingMinutes: number;
  jobName: string;
}

export interface TapResult extends DeviceRef {
  uid: string;
  topic: string;
  payload: string;
}

export type OfflineReason = 'stopped' | 'crashed' | 'connection-lost';
export type RelaySource = 'command' | 'pulse-time' | 'print' | 'control';

export type SimEvent =
  | (DeviceRef & { type: 'online' })
  | (DeviceRef & { type: 'offline'; reason: OfflineReason })
  | (DeviceRef & { type: 'tap'; uid: string; topic: string; payload: string })
  | (DeviceRef & { type: 'feedback'; feedback: Feedback })
  | (DeviceRef & { type: 'relay'; on: boolean; watts: number; source: RelaySource })
  | (DeviceRef & { type: 'printer'; gcodeState: BambuGcodeState; percent: number });

export type SimEventType = SimEvent['type'];

/** A caller error (unknown device, wrong kind of device, device offline, unreadable card). */
export class SimulatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorError';
  }
}
