import {
  PN532_WAKEUP,
  Pn532Command,
  parseInListPassiveTarget106A,
  pn532Requests,
} from '@werkbank/device-protocol';
import type { Logger } from 'pino';
import type { Pn532ReaderConfig } from '../config/bridge-config';
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
import { DEFAULT_PN532_TIMING, Pn532Exchange, type Pn532Timing } from './pn532-exchange';

export type Pn532Phase = 'waiting-for-port' | 'handshake' | 'polling' | 'recovering' | 'stopped';

/** Failed handshakes in a row before the port itself is reopened (a USB-UART can wedge too). */
const HANDSHAKES_BEFORE_REOPEN = 3;

/**
 * PN532 in HSU mode: on every (re)open wake the chip (55 55 00 00 00), SAMConfiguration (normal mode),
 * RFConfiguration (few activation retries, so a poll answers at once), then poll InListPassiveTarget
 * (1 target, 106 kbps type A) every `pollIntervalMs` and InRelease the card after each read. A failed
 * command starts the handshake again; repeated failures reopen the port.
 */
export class Pn532Reader implements CardReader {
  private readonly exchange: Pn532Exchange;
  private readonly debouncer = new HeldCardDebouncer(1000);
  private readonly listeners = new TapListeners();
  private readonly rejects: RejectCounts = {};
  private phase: Pn532Phase = 'stopped';
  /** Bumped on every (re)open and stop: a loop started for an older port ends itself. */
  private generation = 0;
  private taps = 0;
  private failedHandshakes = 0;
  private firmware: string | null = null;
  private readonly log: Logger;

  constructor(
    private readonly config: Pn532ReaderConfig,
    private readonly port: PortSupervisor,
    logger: Logger,
    timing: Pn532Timing = DEFAULT_PN532_TIMING,
    private readonly now: () => number = Date.now,
  ) {
    this.log = logger.child({ reader: 'pn532', port: config.path, machineId: config.machineId });
    this.exchange = new Pn532Exchange((bytes) => port.write(bytes), timing);
    port.onData((chunk) => this.exchange.receive(chunk));
    port.onOpen(() => this.begin());
    port.onLost(() => {
      this.generation += 1;
      this.phase = 'waiting-for-port';
      this.exchange.reset();
    });
  }

  get machineId(): string {
    return this.config.machineId;
  }

  get currentPhase(): Pn532Phase {
    return this.phase;
  }

  onTap(listener: TapListener): void {
    this.listeners.add(listener);
  }

  start(): void {
    this.phase = 'waiting-for-port';
    this.port.start();
  }

  async stop(): Promise<void> {
    this.generation += 1;
    this.phase = 'stopped';
    this.exchange.reset();
    await this.port.stop();
  }

  health(): ReaderHealth & { phase: Pn532Phase; firmware: string | null } {
    return {
      kind: 'pn532',
      machineId: this.machineId,
      port: this.port.health(),
      taps: this.taps,
      rejects: { ...this.rejects, badFrame: this.exchange.badFrames, stray: this.exchange.strays },
      phase: this.phase,
      firmware: this.firmware,
    };
  }

  private begin(): void {
    this.generation += 1;
    this.exchange.reset();
    this.debouncer.reset();
    void this.run(this.generation);
  }

  private async run(generation: number): Promise<void> {
    const alive = () => generation === this.generation;
    while (alive()) {
      this.phase = 'handshake';
      const error = await this.handshake();
      if (!alive()) return;
      if (error !== null) {
        this.failedHandshakes += 1;
        countReject(this.rejects, 'handshakeFailed');
        this.log.warn({ error, attempt: this.failedHandshakes }, 'PN532 handshake failed');
        if (this.failedHandshakes >= HANDSHAKES_BEFORE_REOPEN) {
          this.failedHandshakes = 0;
          this.port.reopen(`PN532 did not answer ${HANDSHAKES_BEFORE_REOPEN} handshakes: ${error}`);
          return;
        }
        this.phase = 'recovering';
        await delay(this.config.pollIntervalMs * 2);
        continue;
      }
      this.failedHandshakes = 0;
      this.phase = 'polling';
      this.log.info({ firmware: this.firmware }, 'PN532 ready, polling');
      const pollError = await this.poll(alive);
      if (!alive()) return;
      countReject(this.rejects, 'commandFailed');
      this.log.warn({ error: pollError }, 'PN532 command failed, waking the chip again');
      this.phase = 'recovering';
      await delay(this.config.pollIntervalMs);
    }
  }

  /** null when the chip is ready for polling, else what went wrong. */
  private async handshake(): Promise<string | null> {
    const sam = await this.exchange.command(
      pn532Requests.samConfiguration(),
      Pn532Command.SamConfiguration,
      PN532_WAKEUP,
    );
    if (!sam.ok) return `SAMConfiguration: ${sam.error}`;
    const version = await this.exchange.command(
      pn532Requests.getFirmwareVersion(),
      Pn532Command.GetFirmwareVersion,
    );
    if (!version.ok) return `GetFirmwareVersion: ${version.error}`;
    const [ic, ver, rev] = version.params;
    this.firmware = ic === undefined ? null : `IC 0x${hex(ic)} v${ver ?? '?'}.${rev ?? '?'}`;
    const rf = await this.exchange.command(
      pn532Requests.rfConfigurationMaxRetries(),
      Pn532Command.RfConfiguration,
    );
    if (!rf.ok) return `RFConfiguration: ${rf.error}`;
    return null;
  }

  /** Polls until a command fails (returns why) or the generation ends. */
  private async poll(alive: () => boolean): Promise<string> {
    while (alive()) {
      const list = await this.exchange.command(
        pn532Requests.inListPassiveTarget106A(),
        Pn532Command.InListPassiveTarget,
      );
      if (!alive()) return 'stopped';
      if (!list.ok) return `InListPassiveTarget: ${list.error}`;
      const targets = parseInListPassiveTarget106A(list.params);
      if (!targets.ok) {
        countReject(this.rejects, 'badTarget');
        this.log.debug({ error: targets.error }, 'unusable InListPassiveTarget answer');
      } else if (targets.value.length > 0) {
        const target = targets.value[0] as (typeof targets.value)[number];
        this.seen(target.uid, target.technology);
        const release = await this.exchange.command(
          pn532Requests.inRelease(target.tg),
          Pn532Command.InRelease,
        );
        if (!alive()) return 'stopped';
        if (!release.ok) return `InRelease: ${release.error}`;
      }
      await delay(this.config.pollIntervalMs);
    }
    return 'stopped';
  }

  private seen(uid: string, tech: ReaderHealthTech): void {
    const nowMs = this.now();
    if (!this.debouncer.accept(uid, nowMs)) {
      countReject(this.rejects, 'held');
      return;
    }
    this.taps += 1;
    const tap = { uid, at: new Date(nowMs), machineId: this.machineId, readerPath: this.config.path, tech };
    this.log.debug({ uid }, 'card read');
    this.listeners.emit(tap, (error) => this.log.error({ err: error }, 'tap listener failed'));
  }
}

type ReaderHealthTech = Parameters<TapListener>[0]['tech'];

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function hex(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}
