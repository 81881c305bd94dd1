import { normalizeUid } from '@werkbank/device-protocol';
import type { Logger } from 'pino';
import type { LineReaderConfig } from '../config/bridge-config';
import type { PortSupervisor } from '../serial/port-supervisor';
import {
  countReject,
  TapListeners,
  type CardReader,
  type ReaderHealth,
  type RejectCounts,
  type TapListener,
} from './card-reader';
import { HeldCardDebouncer } from './held-card-debouncer';

/** Longer lines are noise (or a runaway device) and are dropped; it also bounds the regex's input. */
export const MAX_LINE_LENGTH = 256;

/**
 * USB CDC readers that print one line per card (no standard: Parallax sends LF + 10 hex + CR, others print
 * decimal). The configured pattern picks the UID (named group `uid` or group 1), `uidFormat` normalises it.
 */
export class LineReader implements CardReader {
  private pending = '';
  private overlong = false;
  private readonly debouncer = new HeldCardDebouncer(1000);
  private readonly listeners = new TapListeners();
  private readonly rejects: RejectCounts = {};
  private taps = 0;
  private readonly log: Logger;

  constructor(
    private readonly config: LineReaderConfig,
    private readonly port: PortSupervisor,
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    this.log = logger.child({ reader: 'line', port: config.path, machineId: config.machineId });
    port.onData((chunk) => this.receive(chunk));
    port.onOpen(() => {
      this.pending = '';
      this.overlong = false;
    });
  }

  get machineId(): string {
    return this.config.machineId;
  }

  onTap(listener: TapListener): void {
    this.listeners.add(listener);
  }

  start(): void {
    this.port.start();
  }

  stop(): Promise<void> {
    return this.port.stop();
  }

  health(): ReaderHealth {
    return {
      kind: 'line',
      machineId: this.machineId,
      port: this.port.health(),
      taps: this.taps,
      rejects: { ...this.rejects },
    };
  }

  private receive(chunk: Buffer): void {
    // latin1 keeps one character per byte, so noise cannot form multi-byte sequences that hide a newline.
    const parts = (this.pending + chunk.toString('latin1')).split(/\r\n|\r|\n/);
    this.pending = parts.pop() ?? '';
    for (const line of parts) {
      if (this.overlong) {
        this.overlong = false; // the tail of a dropped line
        continue;
      }
      this.line(line);
    }
    if (this.pending.length > MAX_LINE_LENGTH) {
      countReject(this.rejects, 'lineTooLong');
      this.pending = '';
      this.overlong = true;
    }
  }

  private line(raw: string): void {
    // Parallax-style readers frame the id with STX/ETX or LF/CR; control bytes are never part of a UID.
    const line = Array.from(raw)
      .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
      .join('')
      .trim();
    if (line === '') return;
    if (line.length > MAX_LINE_LENGTH) {
      countReject(this.rejects, 'lineTooLong');
      return;
    }
    const match = this.config.pattern.exec(line);
    const captured = match?.groups?.uid ?? match?.[1];
    if (captured === undefined) {
      countReject(this.rejects, 'noMatch');
      this.log.debug({ line }, 'line does not match the pattern');
      return;
    }
    const normalized = normalizeUid(captured, this.config.uidFormat);
    if (!normalized.ok) {
      countReject(this.rejects, 'badUid');
      this.log.debug({ line, error: normalized.error }, 'line has no valid UID');
      return;
    }
    const nowMs = this.now();
    if (!this.debouncer.accept(normalized.uid, nowMs)) {
      countReject(this.rejects, 'held');
      return;
    }
    this.taps += 1;
    const tap = {
      uid: normalized.uid,
      at: new Date(nowMs),
      machineId: this.machineId,
      readerPath: this.config.path,
      tech: null,
    };
    this.listeners.emit(tap, (error) => this.log.error({ err: error }, 'tap listener failed'));
  }
}
