import type { CardTechnology } from '@werkbank/contracts';
import type { PortHealth } from '../serial/port-supervisor';

/** One card presented at a reader, after ghost filtering and debouncing. */
export interface Tap {
  /** Canonical: uppercase hex without separators (`008EC793`, `047BCB51962280`). */
  uid: string;
  at: Date;
  machineId: string;
  /** The configured serial path of the reader that saw it. */
  readerPath: string;
  tech: CardTechnology | null;
}

export type TapListener = (tap: Tap) => void;

/** Counters of what a reader refused; the health heartbeat reports them (none of it is fatal). */
export type RejectCounts = Record<string, number>;

export interface ReaderHealth {
  kind: 'rdm6300' | 'pn532' | 'line';
  machineId: string;
  port: PortHealth;
  taps: number;
  rejects: RejectCounts;
}

export interface CardReader {
  readonly machineId: string;
  onTap(listener: TapListener): void;
  start(): void;
  stop(): Promise<void>;
  health(): ReaderHealth;
}

/** Small helper: one listener list, errors of one listener do not stop the others. */
export class TapListeners {
  private readonly listeners: TapListener[] = [];

  add(listener: TapListener): void {
    this.listeners.push(listener);
  }

  emit(tap: Tap, onError: (error: unknown) => void): void {
    for (const listener of this.listeners) {
      try {
        listener(tap);
      } catch (error) {
        onError(error);
      }
    }
  }
}

export function countReject(rejects: RejectCounts, reason: string): void {
  rejects[reason] = (rejects[reason] ?? 0) + 1;
}
