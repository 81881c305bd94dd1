import {
  PN532_ACK,
  PN532_CHIP_TO_HOST,
  PN532_NACK,
  Pn532StreamParser,
  type Pn532Item,
} from '@werkbank/device-protocol';

export interface Pn532Timing {
  /** The chip ACKs within a millisecond or two; a slow USB-UART adds a few. */
  ackTimeoutMs: number;
  /** SAMConfiguration and a poll with few retries answer within tens of ms. */
  responseTimeoutMs: number;
  /** Resends after a NACK from the chip or a corrupt response. */
  maxRetries: number;
}

export const DEFAULT_PN532_TIMING: Pn532Timing = {
  ackTimeoutMs: 100,
  responseTimeoutMs: 1000,
  maxRetries: 2,
};

export type Pn532Result = { ok: true; params: Uint8Array } | { ok: false; error: string };

/**
 * One command at a time over HSU: write the frame, wait for the ACK (resend on NACK), wait for the response
 * whose command byte is request+1 (ask for a resend with NACK when its checksum is bad), and on a timeout abort
 * the command with an ACK so the chip is ready for the next one. Bytes come in through `receive()`.
 */
export class Pn532Exchange {
  private readonly parser = new Pn532StreamParser();
  private queue: Pn532Item[] = [];
  private waiting: ((item: Pn532Item | null) => void) | null = null;
  private waitTimer: NodeJS.Timeout | null = null;
  /** Items that answered no command in progress (late answers after a timeout, noise). */
  strays = 0;
  badFrames = 0;
  /** Bumped by reset(): a command from before it ends without touching the new port. */
  private epoch = 0;

  constructor(
    private readonly write: (bytes: Uint8Array) => Promise<boolean>,
    private readonly timing: Pn532Timing = DEFAULT_PN532_TIMING,
  ) {}

  receive(chunk: Uint8Array): void {
    for (const item of this.parser.push(chunk)) {
      if (item.type === 'error') this.badFrames += 1;
      if (this.waiting !== null) this.deliver(item);
      else this.queue.push(item);
    }
  }

  /** After a reopen or an abort: forget half frames and answers meant for an earlier command. */
  reset(): void {
    this.epoch += 1;
    this.parser.reset();
    this.queue = [];
    this.cancelWait();
  }

  async command(frame: Uint8Array, command: number, preamble: readonly number[] = []): Promise<Pn532Result> {
    const epoch = this.epoch;
    const cancelled: Pn532Result = { ok: false, error: 'cancelled: the port was reset' };
    this.queue = [];
    const bytes = preamble.length > 0 ? Uint8Array.from([...preamble, ...frame]) : frame;
    let acked = false;
    for (let attempt = 0; attempt <= this.timing.maxRetries && !acked; attempt++) {
      if (!(await this.write(bytes))) return { ok: false, error: 'port is not open' };
      const first = await this.next(this.timing.ackTimeoutMs);
      if (epoch !== this.epoch) return cancelled;
      if (first === null) return this.abort(`no ACK within ${this.timing.ackTimeoutMs} ms`);
      if (first.type === 'ack') acked = true;
      else if (first.type === 'frame' && this.isResponse(first, command))
        return { ok: true, params: first.params };
      // NACK, a corrupt ACK or a stray frame: send the command again.
    }
    if (!acked) return this.abort(`no ACK after ${this.timing.maxRetries + 1} attempts (NACK or noise)`);
    let resends = 0;
    const deadline = Date.now() + this.timing.responseTimeoutMs;
    for (;;) {
      const item = await this.next(Math.max(1, deadline - Date.now()));
      if (epoch !== this.epoch) return cancelled;
      if (item === null) return this.abort(`no response within ${this.timing.responseTimeoutMs} ms`);
      switch (item.type) {
        case 'frame':
          if (this.isResponse(item, command)) return { ok: true, params: item.params };
          this.strays += 1;
          break;
        case 'error':
          if (resends >= this.timing.maxRetries) return this.abort(`corrupt response: ${item.error}`);
          resends += 1;
          // A host NACK asks the chip to send its last response again.
          if (!(await this.write(Uint8Array.from(PN532_NACK))))
            return { ok: false, error: 'port is not open' };
          break;
        case 'application-error':
          return { ok: false, error: 'the chip answered with an application error frame' };
        case 'ack':
        case 'nack':
          this.strays += 1;
          break;
      }
    }
  }

  private isResponse(item: Extract<Pn532Item, { type: 'frame' }>, command: number): boolean {
    return item.tfi === PN532_CHIP_TO_HOST && item.command === command + 1;
  }

  /** An ACK from the host cancels the command in progress (PN532 user manual, 6.2.1.3). */
  private async abort(error: string): Promise<Pn532Result> {
    await this.write(Uint8Array.from(PN532_ACK));
    this.queue = [];
    return { ok: false, error };
  }

  private next(timeoutMs: number): Promise<Pn532Item | null> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.waitTimer = setTimeout(() => this.deliver(null), timeoutMs);
    });
  }

  /** Hands `item` to the waiting command (null = its timeout or a reset). */
  private deliver(item: Pn532Item | null): void {
    const waiting = this.waiting;
    if (this.waitTimer !== null) clearTimeout(this.waitTimer);
    this.waitTimer = null;
    this.waiting = null;
    waiting?.(item);
  }

  private cancelWait(): void {
    this.deliver(null);
  }
}
