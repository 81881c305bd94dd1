import type { Logger } from 'pino';
import { encodeUsageMessage } from '@werkbank/device-protocol';
import type { UsageQueue } from '../offline/usage-queue';
import type { BrokerLink } from './mqtt-link';

/**
 * Sends the queued `evt/usage` records in seq order (QoS 1) whenever the broker is there, at most `window`
 * unacknowledged at a time, and drops each only when the server's `cmd/ack` names it. A record sent but not
 * acknowledged within `resendAfterMs` (server down behind a live broker, ack lost) is sent again; the server
 * stores each msgId once, so a resend is harmless.
 */
export interface UsageReplayOptions {
  window?: number;
  resendAfterMs?: number;
}

export class UsageReplay {
  /** msgId → when it was last sent, for this connection. */
  private readonly inflight = new Map<string, number>();
  private readonly window: number;
  private readonly resendAfterMs: number;
  readonly counts = { sent: 0, resent: 0, acknowledged: 0, unknownAcks: 0 };

  constructor(
    private readonly queue: UsageQueue,
    private readonly link: BrokerLink,
    private readonly logger: Logger,
    private readonly now: () => number,
    options: UsageReplayOptions = {},
  ) {
    this.window = options.window ?? 200;
    this.resendAfterMs = options.resendAfterMs ?? 10_000;
  }

  /** A new connection: whatever was in flight on the old one is sent again. */
  restart(): void {
    this.inflight.clear();
    this.pump();
  }

  acknowledged(msgIds: readonly string[]): void {
    const dropped = this.queue.ack(msgIds);
    for (const msgId of msgIds) this.inflight.delete(msgId);
    this.counts.acknowledged += dropped;
    this.counts.unknownAcks += msgIds.length - dropped;
    this.pump();
  }

  /** Periodic: resends records whose ack is overdue. */
  tick(): void {
    const due = this.now() - this.resendAfterMs;
    let overdue = 0;
    for (const [msgId, sentAt] of this.inflight) {
      if (sentAt > due) continue;
      this.inflight.delete(msgId);
      overdue += 1;
    }
    if (overdue > 0) {
      this.counts.resent += overdue;
      this.logger.info({ overdue }, 'usage records not acknowledged in time: sending again');
    }
    this.pump();
  }

  /** Sends the oldest records not in flight until the window is full. */
  pump(): void {
    if (!this.link.connected) return;
    for (const record of this.queue.entries()) {
      if (this.inflight.size >= this.window) break;
      if (this.inflight.has(record.msgId)) continue;
      this.inflight.set(record.msgId, this.now());
      this.counts.sent += 1;
      this.link.publish('evt/usage', encodeUsageMessage(record), 1).catch((error: unknown) => {
        // Not sent (connection dropped): free the slot; the next connect or tick sends it again.
        this.inflight.delete(record.msgId);
        this.logger.debug({ err: error, msgId: record.msgId }, 'usage record not published');
      });
    }
  }
}
