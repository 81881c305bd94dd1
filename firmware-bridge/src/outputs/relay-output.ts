/**
 * A load the bridge switches for one machine: a channel of a USB relay board, or a relay reached over MQTT.
 * `state` is what the output last confirmed (read back where the hardware can, else what was sent
 * successfully); null until the first switch or read.
 */
export interface RelayOutput {
  readonly machineId: string;
  readonly kind: 'lcus' | 'mqtt';
  readonly state: boolean | null;
  /** Resolves once switched (and read back where supported); rejects with a RelayError otherwise. */
  set(on: boolean): Promise<void>;
  health(): RelayHealth;
}

export interface RelayHealth {
  kind: 'lcus' | 'mqtt';
  machineId: string;
  target: string;
  state: boolean | null;
  lastError: string | null;
  switches: number;
  failures: number;
}

export type RelayErrorCode =
  'PORT_DOWN' | 'WRITE_FAILED' | 'READBACK_MISMATCH' | 'READBACK_TIMEOUT' | 'NOT_CONNECTED';

export class RelayError extends Error {
  constructor(
    readonly code: RelayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}
