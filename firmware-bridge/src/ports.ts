import type { CardTechnology } from '@werkbank/contracts';
import type { HealthPort } from '@werkbank/device-protocol';

/**
 * What the link/offline runtime needs from the hardware side (readers/, outputs/), kept minimal so any reader
 * or output plugs in. The readers' `Tap` and the outputs' `RelayOutput` satisfy these structurally.
 */

/** One card presented at the reader of a machine (after ghost filtering and debouncing). */
export interface BridgeTap {
  /** Canonical UID: uppercase hex without separators. */
  readonly uid: string;
  readonly at: Date;
  readonly machineId: string;
  readonly tech: CardTechnology | null;
}

/** Receives taps; the runtime's `BridgeRuntime` implements it (same shape as the hardware's TapSink). */
export interface TapHandler {
  handleTap(tap: BridgeTap): Promise<void>;
}

/** The load of one machine. Resolves once switched; rejects when the hardware failed. */
export interface RelaySwitch {
  set(on: boolean): Promise<void>;
}

/** LED/buzzer/display at a machine's reader, where it has one. */
export interface ReaderFeedback {
  show(machineId: string, feedback: { result: 'allowed' | 'denied'; text: string }): Promise<void>;
}

/** The serial ports as the health heartbeat reports them. */
export type PortStates = () => HealthPort[];
