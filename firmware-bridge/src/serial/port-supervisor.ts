import { promises as fs } from 'node:fs';
import type { Logger } from 'pino';
import { adviseOpenError } from '../config/serial-advice';
import { openSerialPort, type SerialLink, type SerialOpener } from './serial-link';

export type PortState = 'opening' | 'open' | 'reopening' | 'failed' | 'stopped';

/** What the health heartbeat reports per port. */
export interface PortHealth {
  path: string;
  state: PortState;
  lastError: string | null;
  lastErrorAt: string | null;
  /** Successful opens since start; more than 1 means the port was reopened. */
  opens: number;
  /** Failed open attempts in a row (0 once open). */
  failures: number;
  lastDataAt: string | null;
}

export interface PortSupervisorOptions {
  path: string;
  baudRate: number;
  logger: Logger;
  /** A device that answers polls: no byte for this long means it hangs → reopen. null = not watched. */
  silenceTimeoutMs?: number | null;
  /** How often the device node is checked for having vanished or been replaced (unplug/replug). */
  identityCheckMs?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** After this many failed opens in a row the state is `failed` (it keeps retrying at the longest delay). */
  failedAfter?: number;
  opener?: SerialOpener;
  now?: () => number;
}

interface NodeIdentity {
  linkIno: number;
  rdev: number;
  ino: number;
}

/**
 * Owns one serial port for the life of the process: opens it, notices when it dies (error, close, hang-up,
 * the device node vanishing or being replaced, or a polled device falling silent) and reopens it with
 * exponential backoff. Nothing here throws into the caller; every failure ends up in `health()` and the log.
 */
export class PortSupervisor {
  private link: SerialLink | null = null;
  private state: PortState = 'stopped';
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private lastDataAt: number | null = null;
  private openedAt = 0;
  private opens = 0;
  private failures = 0;
  private identity: NodeIdentity | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private lastIdentityCheck = 0;
  private checkingIdentity = false;
  private readonly dataListeners: Array<(chunk: Buffer) => void> = [];
  private readonly openListeners: Array<() => void> = [];
  private readonly lostListeners: Array<(reason: string) => void> = [];
  private readonly opener: SerialOpener;
  private readonly now: () => number;
  private readonly identityCheckMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly failedAfter: number;
  private readonly log: Logger;

  constructor(private readonly options: PortSupervisorOptions) {
    this.opener = options.opener ?? openSerialPort;
    this.now = options.now ?? Date.now;
    this.identityCheckMs = options.identityCheckMs ?? 2000;
    this.backoffInitialMs = options.backoffInitialMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 30_000;
    this.failedAfter = options.failedAfter ?? 5;
    this.log = options.logger.child({ port: options.path });
  }

  get path(): string {
    return this.options.path;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListeners.push(listener);
  }

  /** After every successful (re)open: readers reset their parsers, the PN532 wakes its chip again. */
  onOpen(listener: () => void): void {
    this.openListeners.push(listener);
  }

  onLost(listener: (reason: string) => void): void {
    this.lostListeners.push(listener);
  }

  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'opening';
    this.watchTimer = setInterval(() => this.watch(), Math.min(1000, this.identityCheckMs));
    this.watchTimer.unref();
    void this.connect();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    if (this.watchTimer !== null) clearInterval(this.watchTimer);
    this.retryTimer = this.watchTimer = null;
    const link = this.link;
    this.link = null;
    if (link !== null) await link.close().catch(() => undefined);
  }

  /** Writes when open; false (never a throw) when the port is down or the write failed. */
  async write(data: Uint8Array): Promise<boolean> {
    const link = this.link;
    if (link === null || this.state !== 'open') return false;
    try {
      await link.write(data);
      return true;
    } catch (error) {
      this.drop(`write failed: ${(error as Error).message}`);
      return false;
    }
  }

  /** A reader that found the device confused (e.g. a PN532 that stopped answering) asks for a reopen. */
  reopen(reason: string): void {
    if (this.state === 'open') this.drop(reason);
  }

  health(): PortHealth {
    return {
      path: this.options.path,
      state: this.state,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt === null ? null : new Date(this.lastErrorAt).toISOString(),
      opens: this.opens,
      failures: this.failures,
      lastDataAt: this.lastDataAt === null ? null : new Date(this.lastDataAt).toISOString(),
    };
  }

  private async connect(): Promise<void> {
    if (this.state === 'stopped') return;
    let link: SerialLink;
    try {
      link = await this.opener(this.options.path, this.options.baudRate);
    } catch (error) {
      this.failures += 1;
      this.recordError(adviseOpenError(this.options.path, (error as Error).message));
      this.state = this.failures >= this.failedAfter ? 'failed' : 'reopening';
      const level = this.failures === 1 || this.failures === this.failedAfter ? 'error' : 'debug';
      this.log[level]({ err: this.lastError, failures: this.failures }, 'serial port could not be opened');
      this.scheduleRetry();
      return;
    }
    if (this.stopped()) {
      // stop() ran while the port was opening.
      await link.close().catch(() => undefined);
      return;
    }
    this.link = link;
    this.identity = await this.readIdentity();
    this.state = 'open';
    this.openedAt = this.now();
    this.lastIdentityCheck = this.openedAt;
    this.opens += 1;
    this.failures = 0;
    link.onData((chunk) => {
      if (this.link !== link) return;
      this.lastDataAt = this.now();
      for (const listener of this.dataListeners) this.safely(() => listener(chunk));
    });
    link.onLost((reason) => {
      if (this.link === link) this.drop(reason);
    });
    this.log.info({ opens: this.opens }, this.opens === 1 ? 'serial port open' : 'serial port reopened');
    for (const listener of this.openListeners) this.safely(listener);
  }

  private stopped(): boolean {
    return this.state === 'stopped';
  }

  private drop(reason: string): void {
    if (this.state !== 'open') return;
    const link = this.link;
    this.link = null;
    this.identity = null;
    this.recordError(reason);
    this.state = 'reopening';
    this.log.warn({ reason }, 'serial port lost, reopening');
    if (link !== null) void link.close().catch(() => undefined);
    for (const listener of this.lostListeners) this.safely(() => listener(reason));
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.state === 'stopped' || this.retryTimer !== null) return;
    const attempt = Math.max(0, this.failures - 1);
    const delay = Math.min(this.backoffMaxMs, this.backoffInitialMs * 2 ** Math.min(attempt, 20));
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private watch(): void {
    if (this.state !== 'open') return;
    const now = this.now();
    const silence = this.options.silenceTimeoutMs ?? null;
    if (silence !== null && now - Math.max(this.lastDataAt ?? 0, this.openedAt) > silence) {
      this.drop(`no bytes for ${silence} ms from a device that answers polls`);
      return;
    }
    if (now - this.lastIdentityCheck >= this.identityCheckMs && !this.checkingIdentity) {
      this.lastIdentityCheck = now;
      this.checkingIdentity = true;
      void this.checkIdentity().finally(() => {
        this.checkingIdentity = false;
      });
    }
  }

  /** A replugged USB device (or a recreated pty) gets a new node; the old file descriptor is then dead. */
  private async checkIdentity(): Promise<void> {
    const before = this.identity;
    const current = await this.readIdentity();
    if (this.state !== 'open' || before === null) return;
    if (current === null) this.drop(`${this.options.path} vanished (unplugged?)`);
    else if (current.linkIno !== before.linkIno || current.rdev !== before.rdev || current.ino !== before.ino)
      this.drop(`${this.options.path} was replaced by a new device node (replugged?)`);
  }

  private async readIdentity(): Promise<NodeIdentity | null> {
    try {
      const [link, node] = await Promise.all([fs.lstat(this.options.path), fs.stat(this.options.path)]);
      return { linkIno: link.ino, rdev: node.rdev, ino: node.ino };
    } catch {
      return null;
    }
  }

  private recordError(message: string): void {
    this.lastError = message;
    this.lastErrorAt = this.now();
  }

  private safely(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log.error({ err: error }, 'serial listener failed');
    }
  }
}
