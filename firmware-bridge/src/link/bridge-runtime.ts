import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  decodeActuatorCommand,
  decodeFeedbackPayload,
  decodeUsageAck,
  encodeCardMessage,
  encodeHealthMessage,
  type WerkbankChannel,
} from '@werkbank/device-protocol';
import { SessionEndReason } from '@werkbank/contracts';
import type { AllowlistStore } from '../offline/allowlist-store';
import type { OfflineDecider, OfflineResult } from '../offline/offline-decider';
import type { UsageQueue } from '../offline/usage-queue';
import type { BridgeTap, PortStates, ReaderFeedback, RelaySwitch, TapHandler } from '../ports';
import type { BrokerLink } from './mqtt-link';
import { UsageReplay, type UsageReplayOptions } from './usage-replay';

/**
 * The bridge's decisions, online first: a tap goes to the server as `evt/card` and the bridge waits up to
 * `serverTimeoutMs` (default 300 ms) for the server's answer (`cmd/actuator` or `cmd/feedback`). Without an
 * answer in time, or with the broker unreachable, the tap is decided locally (OfflineDecider): its usage
 * records are on disk before the relay moves, and go to the server as soon as it is reachable (UsageReplay).
 *
 * Server commands are executed as they come, also after an offline decision (the server is authoritative): a
 * late `on` for a machine the bridge started offline ends the offline session as taken over; a late `off`
 * ends it as forced off.
 */

export interface BridgeRuntimeOptions {
  bridgeId: string;
  version: string;
  link: BrokerLink;
  store: AllowlistStore;
  queue: UsageQueue;
  decider: OfflineDecider;
  relays: ReadonlyMap<string, RelaySwitch>;
  feedback?: ReaderFeedback;
  ports?: PortStates;
  logger: Logger;
  serverTimeoutMs?: number;
  healthIntervalMs?: number;
  /** Actuator commands older than this are dropped (late QoS 1 redelivery). */
  maxCommandAgeMs?: number;
  replay?: UsageReplayOptions;
  now?: () => number;
}

interface PendingTap {
  tap: BridgeTap;
  msgId: string;
  answered: () => void;
}

const FEEDBACK_FOLLOWS_MS = 1000;
/** How long after a timed-out tap the server's late denial still undoes the offline "allowed". */
const LATE_DENIAL_MS = 10_000;

export type TapResolution =
  | { by: 'server' }
  | ({ by: 'offline'; why: 'broker_down' | 'server_timeout' } & Pick<
      OfflineResult,
      'outcome' | 'reason' | 'relay'
    >);

export class BridgeRuntime implements TapHandler {
  private readonly pending: PendingTap[] = [];
  /** The machine the server just switched for a waiting tap (its feedback follows). */
  private switchedFor: { machineId: string; at: number } | null = null;
  /** Taps the server did not answer in time and the list admitted: its denial may still come. */
  private readonly admittedLate: { machineId: string; at: number }[] = [];
  private readonly replay: UsageReplay;
  private readonly now: () => number;
  private readonly startedAt: number;
  private timers: NodeJS.Timeout[] = [];
  readonly counts = { taps: 0, online: 0, offline: 0, staleCommands: 0, badCommands: 0, lateAnswers: 0 };
  /** The last taps and how they were decided (newest last), for tests and debugging. */
  readonly recent: TapResolution[] = [];

  constructor(private readonly options: BridgeRuntimeOptions) {
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.replay = new UsageReplay(options.queue, options.link, options.logger, this.now, options.replay);
    options.link.onMessage((channel, payload) => this.onMessage(channel, payload));
    options.link.onConnect(() => {
      this.replay.restart();
      this.publishHealth();
    });
  }

  start(): void {
    this.options.link.start();
    const every = (ms: number, run: () => void) => {
      const timer = setInterval(run, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.healthIntervalMs ?? 20_000, () => this.publishHealth());
    every(1000, () => {
      this.replay.tick();
      this.expireSessions();
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.options.link.stop();
  }

  get queueLength(): number {
    return this.options.queue.length;
  }

  get replayCounts(): UsageReplay['counts'] {
    return this.replay.counts;
  }

  async handleTap(tap: BridgeTap): Promise<void> {
    this.counts.taps += 1;
    const link = this.options.link;
    if (!link.connected) return this.decideOffline(tap, 'broker_down');
    const msgId = randomUUID();
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.serverTimeoutMs ?? 300);
      this.pending.push({ tap, msgId, answered: () => (clearTimeout(timer), resolve(true)) });
    });
    const card = { uid: tap.uid, tech: tap.tech, at: tap.at.toISOString(), msgId, machineId: tap.machineId };
    link.publish('evt/card', encodeCardMessage(card), 1).catch(() => undefined);
    const byServer = await answered;
    this.dropPending(msgId);
    if (byServer) {
      this.counts.online += 1;
      this.remember({ by: 'server' });
      return;
    }
    const why = link.connected ? 'server_timeout' : 'broker_down';
    await this.decideOffline(tap, why);
    if (why === 'server_timeout' && this.options.decider.openSession(tap.machineId)?.offline)
      this.admittedLate.push({ machineId: tap.machineId, at: this.now() });
  }

  private async decideOffline(tap: BridgeTap, why: 'broker_down' | 'server_timeout'): Promise<void> {
    this.counts.offline += 1;
    // Durable before anything moves: the records are fsync'd inside decide().
    const result = this.options.decider.decide(tap, this.now());
    this.remember({
      by: 'offline',
      why,
      outcome: result.outcome,
      reason: result.reason,
      relay: result.relay,
    });
    this.options.logger.info(
      {
        machineId: tap.machineId,
        // The card's last four digits, as the server shows them: a raw UID in the journal would be a clone.
        card: tap.uid.slice(-4),
        why,
        outcome: result.outcome,
        reason: result.reason,
        basis: result.basis,
      },
      'tap decided offline',
    );
    if (result.relay !== 'unchanged') await this.switchRelay(tap.machineId, result.relay === 'on');
    await this.show(tap.machineId, result.outcome === 'denied' ? 'denied' : 'allowed', result.feedbackText);
    this.replay.pump();
  }

  private onMessage(channel: WerkbankChannel, payload: Buffer): void {
    switch (channel) {
      case 'allowlist':
      case 'allowlist/delta':
        this.options.store.accept(channel, payload, this.now());
        return;
      case 'cmd/ack': {
        const ack = decodeUsageAck(payload);
        if (!ack.ok) return this.badCommand(channel, ack.error);
        this.replay.acknowledged(ack.value.msgIds);
        return;
      }
      case 'cmd/actuator':
        void this.onActuator(payload);
        return;
      case 'cmd/feedback': {
        const feedback = decodeFeedbackPayload(payload);
        if (!feedback.ok) return this.badCommand(channel, feedback.error);
        const late = this.pending.length === 0 && this.switchedFor === null ? this.lateAdmission() : null;
        if (late !== null && feedback.value.result === 'denied') {
          void this.undoLateAdmission(late, feedback.value.text);
          return;
        }
        const machineId = this.feedbackTarget();
        if (machineId !== null) void this.show(machineId, feedback.value.result, feedback.value.text);
        return;
      }
      default:
        // cmd/query asks for `state`; a bridge with several relays reports them in the health heartbeat.
        this.publishHealth();
    }
  }

  private async onActuator(payload: Buffer): Promise<void> {
    const command = decodeActuatorCommand(payload);
    if (!command.ok) return this.badCommand('cmd/actuator', command.error);
    const { on, sessionId, issuedAt, machineId: named } = command.value;
    if (issuedAt !== null && this.now() - Date.parse(issuedAt) > (this.options.maxCommandAgeMs ?? 10_000)) {
      this.counts.staleCommands += 1;
      this.options.logger.warn({ issuedAt, machineId: named }, 'stale cmd/actuator dropped');
      return;
    }
    // Unnamed, with several relays, the command could be meant for any of them: never guess.
    if (named === undefined && this.options.relays.size > 1)
      return this.badCommand('cmd/actuator', 'no machineId, and this bridge switches several machines');
    const tap = this.answer(named ?? null);
    const machineId = named ?? tap?.machineId ?? this.soleMachine();
    if (machineId === null) return this.badCommand('cmd/actuator', 'no machineId and no tap to answer');
    // The server sends the feedback for this tap right after: it belongs to this machine, not to the next tap.
    if (tap !== null) this.switchedFor = { machineId, at: this.now() };
    this.supersedeOfflineSession(machineId, on, sessionId);
    if (on && sessionId !== null) {
      this.options.decider.rememberServerSession(machineId, sessionId, tap?.uid ?? null, this.now());
    } else if (!on) {
      this.options.decider.forgetSession(machineId, sessionId);
    }
    await this.switchRelay(machineId, on);
  }

  /** The server took charge of a machine the bridge had started offline: end that session in the record. */
  private supersedeOfflineSession(machineId: string, on: boolean, sessionId: string | null): void {
    const decider = this.options.decider;
    const running = decider.openSession(machineId);
    if (running === undefined || !running.offline || running.sessionId === sessionId) return;
    this.counts.lateAnswers += 1;
    decider.endSession(machineId, on ? SessionEndReason.Takeover : SessionEndReason.ForceOff, this.now());
    this.replay.pump();
  }

  /**
   * Where a `cmd/feedback` goes. The server follows an allowing `cmd/actuator` with feedback for the same tap;
   * a denial comes as feedback alone and answers the oldest waiting tap.
   */
  private feedbackTarget(): string | null {
    const switched = this.switchedFor;
    this.switchedFor = null;
    if (switched !== null && this.now() - switched.at < FEEDBACK_FOLLOWS_MS) return switched.machineId;
    return this.answer(null)?.machineId ?? this.soleMachine();
  }

  /** The oldest tap the list admitted while the server was slow, if its answer may still be on the way. */
  private lateAdmission(): string | null {
    while (this.admittedLate.length > 0 && this.now() - this.admittedLate[0].at > LATE_DENIAL_MS)
      this.admittedLate.shift();
    return this.admittedLate.shift()?.machineId ?? null;
  }

  /**
   * The server denied a tap the list had admitted after the timeout (a card blocked since the list was
   * signed): the server is right, so the offline session ends (force off) and the relay goes off.
   */
  private async undoLateAdmission(machineId: string, text: string): Promise<void> {
    const running = this.options.decider.openSession(machineId);
    if (running === undefined || !running.offline) return;
    this.counts.lateAnswers += 1;
    this.options.decider.endSession(machineId, SessionEndReason.ForceOff, this.now());
    this.options.logger.warn(
      { machineId },
      'the server denied a tap the offline list admitted: switched off',
    );
    await this.switchRelay(machineId, false);
    await this.show(machineId, 'denied', text);
    this.replay.pump();
  }

  /** The oldest tap waiting for the server (at `machineId` when given), marked answered. */
  private answer(machineId: string | null): PendingTap['tap'] | null {
    const index = this.pending.findIndex((p) => machineId === null || p.tap.machineId === machineId);
    if (index < 0) return null;
    const [entry] = this.pending.splice(index, 1);
    entry.answered();
    return entry.tap;
  }

  private dropPending(msgId: string): void {
    const index = this.pending.findIndex((p) => p.msgId === msgId);
    if (index >= 0) this.pending.splice(index, 1);
  }

  private soleMachine(): string | null {
    return this.options.relays.size === 1 ? [...this.options.relays.keys()][0] : null;
  }

  private async switchRelay(machineId: string, on: boolean): Promise<void> {
    const relay = this.options.relays.get(machineId);
    if (relay === undefined) {
      this.options.logger.error({ machineId }, 'no relay configured for this machine');
      return;
    }
    try {
      await relay.set(on);
    } catch (error) {
      this.options.logger.error({ err: error, machineId, on }, 'relay switch failed');
    }
  }

  private async show(machineId: string, result: 'allowed' | 'denied', text: string): Promise<void> {
    try {
      await this.options.feedback?.show(machineId, { result, text });
    } catch (error) {
      this.options.logger.warn({ err: error, machineId }, 'reader feedback failed');
    }
  }

  private expireSessions(): void {
    for (const { machineId } of this.options.decider.expireSessions(this.now())) {
      void this.switchRelay(machineId, false);
    }
  }

  private publishHealth(): void {
    if (!this.options.link.connected) return;
    const health = {
      at: new Date(this.now()).toISOString(),
      version: this.options.version,
      uptimeS: Math.floor((this.now() - this.startedAt) / 1000),
      queueLength: this.options.queue.length,
      allowlist: this.options.store.health(),
      ports: this.options.ports?.() ?? [],
    };
    this.options.link.publish('health', encodeHealthMessage(health), 0).catch(() => undefined);
  }

  private badCommand(channel: WerkbankChannel, error: string): void {
    this.counts.badCommands += 1;
    this.options.logger.warn({ channel, error }, 'malformed command ignored');
  }

  private remember(resolution: TapResolution): void {
    this.recent.push(resolution);
    if (this.recent.length > 100) this.recent.shift();
  }
}
