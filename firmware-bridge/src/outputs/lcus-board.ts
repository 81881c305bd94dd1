import type { Logger } from 'pino';
import type { LcusOutputConfig } from '../config/bridge-config';
import type { PortSupervisor } from '../serial/port-supervisor';
import { buildLcusCommand, LCUS_STATUS_QUERY, parseLcusStatus } from './lcus.codec';
import { RelayError, type RelayHealth, type RelayOutput } from './relay-output';

export interface LcusBoardOptions {
  readback: boolean;
  /** How long the board may take to start its status answer. */
  readbackTimeoutMs?: number;
  /** The answer is complete once the line is quiet this long (boards differ in how many channels they report). */
  quietMs?: number;
}

/**
 * One LCUS board on one port, shared by the outputs of its channels. Commands are serialised: a status
 * answer must not interleave with the next switch. After a reopen (often a replug that reset the board)
 * the known states are cleared, since the relays may have dropped.
 */
export class LcusBoard {
  private chain: Promise<unknown> = Promise.resolve();
  private answer: number[] = [];
  private readonly states = new Map<number, boolean | null>();
  private readonly log: Logger;

  constructor(
    private readonly port: PortSupervisor,
    logger: Logger,
    private readonly options: LcusBoardOptions,
  ) {
    this.log = logger.child({ output: 'lcus', port: port.path });
    port.onData((chunk) => {
      for (const byte of chunk) if (this.answer.length < 256) this.answer.push(byte);
    });
    port.onOpen(() => {
      for (const channel of this.states.keys()) this.states.set(channel, null);
    });
  }

  get portSupervisor(): PortSupervisor {
    return this.port;
  }

  knownState(channel: number): boolean | null {
    return this.states.get(channel) ?? null;
  }

  output(config: LcusOutputConfig): LcusRelayOutput {
    this.states.set(config.channel, null);
    return new LcusRelayOutput(config, this);
  }

  start(): void {
    this.port.start();
  }

  stop(): Promise<void> {
    return this.port.stop();
  }

  /** Switches a channel; with readback, resolves with what the board reports for it afterwards. */
  switch(channel: number, on: boolean): Promise<boolean> {
    const run = this.chain.then(() => this.switchNow(channel, on));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async switchNow(channel: number, on: boolean): Promise<boolean> {
    if (!this.port.isOpen) throw new RelayError('PORT_DOWN', `${this.port.path} is not open`);
    if (!(await this.port.write(buildLcusCommand(channel, on))))
      throw new RelayError('WRITE_FAILED', `writing to ${this.port.path} failed`);
    if (!this.options.readback) {
      this.states.set(channel, on);
      return on;
    }
    const states = await this.readStates(channel);
    const actual = states[channel - 1] === true;
    this.states.set(channel, actual);
    if (actual !== on)
      throw new RelayError(
        'READBACK_MISMATCH',
        `relay ${channel} reads ${actual ? 'on' : 'off'} after switching it ${on ? 'on' : 'off'}`,
      );
    return actual;
  }

  private async readStates(channel: number): Promise<boolean[]> {
    this.answer = [];
    if (!(await this.port.write(Uint8Array.from([LCUS_STATUS_QUERY]))))
      throw new RelayError('WRITE_FAILED', `status query to ${this.port.path} failed`);
    const timeoutMs = this.options.readbackTimeoutMs ?? 500;
    const quietMs = this.options.quietMs ?? 40;
    const start = Date.now();
    let seen = 0;
    let quietSince = Date.now();
    for (;;) {
      await delay(5);
      if (this.answer.length !== seen) {
        seen = this.answer.length;
        quietSince = Date.now();
      }
      if (seen > 0 && Date.now() - quietSince >= quietMs) break;
      if (seen === 0 && Date.now() - start >= timeoutMs)
        throw new RelayError(
          'READBACK_TIMEOUT',
          `the board on ${this.port.path} did not answer the status query (set readback: false for boards without one)`,
        );
      if (Date.now() - start >= timeoutMs * 4) break;
    }
    const parsed = parseLcusStatus(Uint8Array.from(this.answer), channel);
    if (parsed.ok === true) return parsed.states;
    const why = parsed.ok === false ? parsed.error : 'incomplete answer';
    this.log.warn({ answer: Buffer.from(this.answer).toString('hex'), why }, 'unreadable LCUS status');
    throw new RelayError('READBACK_TIMEOUT', `unreadable status answer from ${this.port.path}: ${why}`);
  }
}

export class LcusRelayOutput implements RelayOutput {
  readonly kind = 'lcus' as const;
  private switches = 0;
  private failures = 0;
  private lastError: string | null = null;

  constructor(
    private readonly config: LcusOutputConfig,
    private readonly board: LcusBoard,
  ) {}

  get machineId(): string {
    return this.config.machineId;
  }

  get state(): boolean | null {
    return this.board.knownState(this.config.channel);
  }

  async set(on: boolean): Promise<void> {
    try {
      await this.board.switch(this.config.channel, on);
      this.switches += 1;
    } catch (error) {
      this.failures += 1;
      this.lastError = (error as Error).message;
      throw error;
    }
  }

  health(): RelayHealth {
    return {
      kind: 'lcus',
      machineId: this.machineId,
      target: `${this.config.path}#${this.config.channel}`,
      state: this.state,
      lastError: this.lastError,
      switches: this.switches,
      failures: this.failures,
    };
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
