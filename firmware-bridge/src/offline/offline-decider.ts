import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  claimBooking,
  decide,
  DEFAULT_MAX_DURATION_MS,
  endSession,
  startSession,
  type AccessDecision,
  type PolicySnapshot,
} from '@werkbank/access-core';
import { DENY_REASON_TEXT, DenyReason, SessionEndReason } from '@werkbank/contracts';
import type { UsageMessage } from '@werkbank/device-protocol';
import type { BridgeTap } from '../ports';
import type { AllowlistStore } from './allowlist-store';
import type { OpenSession, OpenSessions } from './open-sessions';
import type { UsageDraft, UsageQueue } from './usage-queue';

/**
 * Decides a tap locally, with the same decide() as the server, on the snapshot built from the signed list and
 * the bridge's own open sessions. Every outcome goes to the durable queue before the caller switches anything.
 *
 * Once the list has expired (or before the first one), a machine fails closed (default): nobody starts, but a
 * running session can still be tapped out (switching off is always safe). A machine configured fail-open
 * then admits any card, one session at a time, logged as such; the server sees those sessions in the replay.
 */

export type OfflinePolicy = 'failClosed' | 'failOpen';

export interface OfflineDeciderOptions {
  bridgeId: string;
  store: AllowlistStore;
  sessions: OpenSessions;
  queue: UsageQueue;
  /** The installation's bridge card key: offlineHash = HMAC-SHA256(key, canonical UID), hex. */
  bridgeCardKey: Buffer;
  /** Per machine; machines not listed fail closed. */
  policies: ReadonlyMap<string, OfflinePolicy>;
  logger: Logger;
}

export interface OfflineResult {
  /** What to do with the machine's relay: switch on, off, or leave it. */
  relay: 'on' | 'off' | 'unchanged';
  outcome: AccessDecision['outcome'];
  reason: DenyReason | null;
  /** Why it was decided as it was: the list, or the expired-list policy. */
  basis: 'allowlist' | 'fail_open' | 'fail_closed';
  feedbackText: string;
  /** Queued (durable) records, in seq order. */
  records: UsageMessage[];
}

export class OfflineDecider {
  readonly counts = { allowed: 0, denied: 0, tapOut: 0, failOpen: 0, maxDuration: 0 };
  private snapshot: PolicySnapshot | null = null;

  constructor(private readonly options: OfflineDeciderOptions) {
    options.store.onChange((snapshot) => this.adopt(snapshot));
    const current = options.store.snapshot;
    if (current !== null) this.adopt(current);
  }

  offlineHash(uid: string): string {
    return createHmac('sha256', this.options.bridgeCardKey).update(uid, 'ascii').digest('hex');
  }

  /** The member key the list has for a card, or null (used to remember online sessions for offline tap-out). */
  memberKeyOf(uid: string): string | null {
    return this.snapshot?.cards.get(this.offlineHash(uid))?.memberId ?? null;
  }

  decide(tap: BridgeTap, now: number): OfflineResult {
    const { store, policies } = this.options;
    if (this.snapshot !== null && store.isUsable(now)) return this.fromList(tap, now, this.snapshot);
    const running = this.options.sessions.get(tap.machineId);
    if (running !== undefined && running.uid === tap.uid)
      return this.tapOut(tap, running, now, 'fail_closed');
    if (policies.get(tap.machineId) === 'failOpen') return this.failOpen(tap, now, running);
    return this.denied(tap, DenyReason.NoValidAllowlist, now, 'fail_closed');
  }

  /** Ends sessions that reached their maximum; returns them so the caller switches their relays off. */
  expireSessions(now: number): Array<{ machineId: string; record: UsageMessage }> {
    const ended: Array<{ machineId: string; record: UsageMessage }> = [];
    for (const session of this.options.sessions.all()) {
      if (session.endsAt === null || session.endsAt > now) continue;
      const record = this.end(session, SessionEndReason.MaxDuration, now);
      this.counts.maxDuration += 1;
      ended.push({ machineId: session.machineId, record });
    }
    return ended;
  }

  openSession(machineId: string): OpenSession | undefined {
    return this.options.sessions.get(machineId);
  }

  /** Ends the machine's session for `endReason` (queued); null when none runs. */
  endSession(machineId: string, endReason: SessionEndReason, now: number): UsageMessage | null {
    const session = this.options.sessions.get(machineId);
    return session === undefined ? null : this.end(session, endReason, now);
  }

  /** Records a session the server started (cmd/actuator on), so it can be tapped out while offline. */
  rememberServerSession(machineId: string, sessionId: string, uid: string | null, now: number): void {
    const memberKey = uid === null ? null : this.memberKeyOf(uid);
    this.open({ machineId, sessionId, memberKey, uid, startedAt: now, endsAt: null, offline: false });
  }

  /** The server switched the machine off: its session is over, nothing to queue. */
  forgetSession(machineId: string, sessionId: string | null): void {
    const closed = this.options.sessions.close(machineId, sessionId ?? undefined);
    if (closed !== undefined && this.snapshot !== null)
      endSession(this.snapshot, machineId, closed.sessionId);
  }

  private fromList(tap: BridgeTap, now: number, snapshot: PolicySnapshot): OfflineResult {
    const decision = decide(snapshot, { uidHash: this.offlineHash(tap.uid), machineId: tap.machineId }, now);
    switch (decision.outcome) {
      case 'denied':
        return this.denied(tap, decision.reason, now, 'allowlist');
      case 'tap_out': {
        const running = this.options.sessions.get(tap.machineId) as OpenSession;
        return this.tapOut(tap, running, now, 'allowlist');
      }
      case 'allowed': {
        const records: UsageMessage[] = [];
        const previous = this.options.sessions.get(tap.machineId);
        if (decision.takeoverOfSessionId !== null && previous !== undefined) {
          records.push(this.end(previous, SessionEndReason.Takeover, now));
        }
        if (decision.bookingId !== null) claimBooking(snapshot, decision.bookingId, now);
        records.push(this.start(tap, decision.memberKey, decision.endsAt, now));
        this.counts.allowed += 1;
        return {
          relay: 'on',
          outcome: 'allowed',
          reason: null,
          basis: 'allowlist',
          feedbackText: 'OK',
          records,
        };
      }
    }
  }

  private failOpen(tap: BridgeTap, now: number, running: OpenSession | undefined): OfflineResult {
    if (running !== undefined) return this.denied(tap, DenyReason.MachineInUse, now, 'fail_open');
    this.options.logger.warn(
      { machineId: tap.machineId, card: tap.uid.slice(-4), expiresAt: this.options.store.expiresAt },
      'fail-open: admitting a card without a valid allowlist',
    );
    this.counts.failOpen += 1;
    this.counts.allowed += 1;
    const record = this.start(tap, null, now + DEFAULT_MAX_DURATION_MS, now);
    return {
      relay: 'on',
      outcome: 'allowed',
      reason: null,
      basis: 'fail_open',
      feedbackText: 'OK',
      records: [record],
    };
  }

  private denied(
    tap: BridgeTap,
    reason: DenyReason,
    now: number,
    basis: OfflineResult['basis'],
  ): OfflineResult {
    const record = this.queue({
      type: 'access_denied',
      at: new Date(now).toISOString(),
      machineId: tap.machineId,
      uid: tap.uid,
      reason,
      allowlistVersion: this.options.store.effectiveVersion,
    });
    this.counts.denied += 1;
    return {
      relay: 'unchanged',
      outcome: 'denied',
      reason,
      basis,
      feedbackText: DENY_REASON_TEXT[reason].en,
      records: [record],
    };
  }

  private tapOut(
    tap: BridgeTap,
    running: OpenSession,
    now: number,
    basis: OfflineResult['basis'],
  ): OfflineResult {
    const record = this.end(running, SessionEndReason.TapOut, now);
    this.counts.tapOut += 1;
    return { relay: 'off', outcome: 'tap_out', reason: null, basis, feedbackText: 'Bye', records: [record] };
  }

  private start(tap: BridgeTap, memberKey: string | null, endsAt: number, now: number): UsageMessage {
    const sessionId = randomUUID();
    const record = this.queue({
      type: 'session_started',
      at: new Date(now).toISOString(),
      machineId: tap.machineId,
      sessionId,
      uid: tap.uid,
      allowlistVersion: this.options.store.effectiveVersion,
    });
    this.open({
      machineId: tap.machineId,
      sessionId,
      memberKey,
      uid: tap.uid,
      startedAt: now,
      endsAt,
      offline: true,
    });
    return record;
  }

  private end(session: OpenSession, endReason: SessionEndReason, now: number): UsageMessage {
    const record = this.queue({
      type: 'session_ended',
      at: new Date(now).toISOString(),
      machineId: session.machineId,
      sessionId: session.sessionId,
      endReason,
    });
    this.forgetSession(session.machineId, session.sessionId);
    return record;
  }

  private open(session: OpenSession): void {
    this.options.sessions.open(session);
    if (this.snapshot === null) return;
    startSession(this.snapshot, session.machineId, {
      sessionId: session.sessionId,
      memberId: session.memberKey ?? `unlisted:${session.sessionId}`,
      startedAt: session.startedAt,
      endsAt: session.endsAt,
    });
  }

  private queue(draft: UsageDraft): UsageMessage {
    return this.options.queue.append(draft);
  }

  private adopt(snapshot: PolicySnapshot): void {
    this.options.sessions.applyTo(snapshot);
    this.snapshot = snapshot;
  }
}
