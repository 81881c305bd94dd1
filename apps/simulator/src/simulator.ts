import { EventEmitter } from 'node:events';
import { ControlChannel } from './control';
import { loadDevicesFile, type SimDeviceConfig, type SimulatorConfig } from './devices-file';
import { isActivePrintState } from './devices/bambu-printer.device';
import { createVirtualDevice } from './devices/device-factory';
import type { DeviceContext, DeviceKinds, VirtualDevice } from './devices/virtual-device';
import { createStreamLogger, type SimLogger } from './logger';
import {
  SimulatorError,
  type DeviceRef,
  type Feedback,
  type PrinterSnapshot,
  type RelayState,
  type SimEvent,
  type TapResult,
} from './sim-types';

export interface SimulatorOptions {
  /** Telemetry period; default SIM_TELE_PERIOD_S (seconds, may be fractional) or 10 s. */
  telePeriodMs?: number;
  /** Overrides the file's brokerUrl (e.g. when the simulator runs on another host). */
  brokerUrl?: string;
  /** Default: one line per event on stdout. Use `silentLogger` in tests. */
  logger?: SimLogger;
  /** Clock (timestamps in payloads, stale-command checks). */
  now?: () => Date;
  /** Delay between reconnect attempts, default 2 s. */
  reconnectPeriodMs?: number;
  /** Connect the control user (default: when the config has `control`). */
  control?: boolean;
}

export interface StartOptions {
  /** Reject (and disconnect everything) when not all devices are online in time; default: wait forever. */
  timeoutMs?: number;
}

export interface DeviceSnapshot extends DeviceRef {
  role: string | null;
  kinds: DeviceKinds;
  online: boolean;
  relay: RelayState | null;
  printer: PrinterSnapshot | null;
  lastFeedback: Feedback | null;
}

type Kind = keyof DeviceKinds;

export const DEFAULT_TELE_PERIOD_MS = 10_000;

export function telePeriodFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['SIM_TELE_PERIOD_S'];
  const seconds = raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isFinite(seconds) && seconds > 0
    ? Math.max(50, Math.round(seconds * 1000))
    : DEFAULT_TELE_PERIOD_MS;
}

/**
 * Virtual devices that speak the real vendor protocols over MQTT, each with its own credentials and last will.
 * Run it as a program (main.ts) or in-process from tests:
 *
 *   const sim = Simulator.fromFile('data/demo-devices.json', { logger: silentLogger });
 *   await sim.start({ timeoutMs: 5000 });
 *   await sim.tap('wb-reader-1', '008EC793');
 *   const feedback = await sim.nextFeedback('wb-reader-1');
 *   await sim.stop();
 *
 * Devices are found by deviceId or by address; where a reader and a relay share one Tasmota topic, the method
 * picks the one that fits (tap → reader, relayState → relay).
 */
export class Simulator {
  private readonly devices = new Map<string, VirtualDevice>();
  private readonly emitter = new EventEmitter();
  private control: ControlChannel | null = null;
  private started = false;
  private readonly logger: SimLogger;
  private readonly now: () => Date;
  private readonly telePeriodMs: number;
  private readonly reconnectPeriodMs: number;

  constructor(
    private currentConfig: SimulatorConfig,
    private readonly options: SimulatorOptions = {},
  ) {
    this.logger = options.logger ?? createStreamLogger();
    this.now = options.now ?? (() => new Date());
    this.telePeriodMs = options.telePeriodMs ?? telePeriodFromEnv();
    this.reconnectPeriodMs = options.reconnectPeriodMs ?? 2000;
    this.emitter.setMaxListeners(0);
    this.build(currentConfig);
  }

  /** Loads the devices file; devices it cannot run are logged and skipped. Throws DevicesFileError. */
  static fromFile(path: string, options: SimulatorOptions = {}): Simulator {
    const { config, skipped } = loadDevicesFile(path);
    const simulator = new Simulator(config, options);
    for (const s of skipped) {
      simulator.logger.log('warn', 'simulator', 'device skipped', {
        index: s.index,
        deviceId: s.deviceId ?? undefined,
        name: s.name ?? undefined,
        problems: s.problems.join('; '),
      });
    }
    return simulator;
  }

  get config(): SimulatorConfig {
    return this.currentConfig;
  }

  get brokerUrl(): string {
    return this.options.brokerUrl ?? this.currentConfig.brokerUrl;
  }

  private context(): DeviceContext {
    return {
      brokerUrl: this.brokerUrl,
      telePeriodMs: this.telePeriodMs,
      reconnectPeriodMs: this.reconnectPeriodMs,
      werkbankPrefix: this.currentConfig.werkbankPrefix,
      now: this.now,
      logger: this.logger,
      emit: (event) => this.dispatch(event),
    };
  }

  private build(config: SimulatorConfig): void {
    const ctx = this.context();
    for (const device of config.devices) this.devices.set(device.deviceId, createVirtualDevice(device, ctx));
    const wantControl = this.options.control ?? true;
    this.control =
      wantControl && config.control !== null
        ? new ControlChannel(
            config.control,
            this.brokerUrl,
            {
              tap: (target, uid) => this.tap(target, uid),
              print: (target, printing) => this.setPrinting(target, printing),
              setOnline: async (target, online, mode) => {
                const device = this.find(target);
                await this.setOnline(device.config.deviceId, online, mode);
                return device.config.address;
              },
            },
            this.logger,
            this.reconnectPeriodMs,
          )
        : null;
  }

  // ---- lifecycle ----

  /** Connects every device (and the control user). Resolves when all are online. */
  async start(options: StartOptions = {}): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.logger.log('info', 'simulator', 'starting', {
      broker: this.brokerUrl,
      devices: this.devices.size,
      telePeriodS: this.telePeriodMs / 1000,
      control: this.control?.topic ?? 'off',
    });
    const all = Promise.all([
      ...[...this.devices.values()].map((d) => d.start()),
      this.control?.start() ?? Promise.resolve(),
    ]);
    if (options.timeoutMs === undefined) {
      await all;
    } else {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
      });
      all.catch(() => undefined);
      const outcome = await Promise.race([all.then(() => 'ok' as const), timeout]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        const missing = [...this.devices.values()].filter((d) => !d.online).map((d) => d.config.address);
        if (this.control !== null && !this.control.online)
          missing.push(`control user (${this.control.topic})`);
        await this.stop();
        throw new SimulatorError(
          `not connected to ${this.brokerUrl} within ${options.timeoutMs} ms: ${missing.join(', ')}`,
        );
      }
    }
    this.logger.log('info', 'simulator', 'ready', { online: this.devices.size });
  }

  /** Graceful: every device publishes its offline message and disconnects (SIGTERM). */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.devices.values()].map((d) => d.stop('graceful')));
    await this.control?.stop();
    this.logger.log('info', 'simulator', 'stopped');
  }

  /**
   * Applies a new devices file while running: removed devices go offline, new ones connect, changed ones
   * reconnect. A new broker URL or control user restarts everything.
   */
  async reload(config: SimulatorConfig): Promise<{ added: string[]; removed: string[]; changed: string[] }> {
    const previous = this.currentConfig;
    this.currentConfig = config;
    const restartAll =
      previous.brokerUrl !== config.brokerUrl ||
      previous.werkbankPrefix !== config.werkbankPrefix ||
      JSON.stringify(previous.control) !== JSON.stringify(config.control);
    const before = new Map(previous.devices.map((d) => [d.deviceId, d]));
    const after = new Map(config.devices.map((d) => [d.deviceId, d]));
    const added = config.devices.filter((d) => !before.has(d.deviceId)).map((d) => d.deviceId);
    const removed = previous.devices.filter((d) => !after.has(d.deviceId)).map((d) => d.deviceId);
    const changed = config.devices
      .filter((d) => before.has(d.deviceId) && JSON.stringify(before.get(d.deviceId)) !== JSON.stringify(d))
      .map((d) => d.deviceId);
    const running = this.started;
    if (restartAll) {
      if (running) await this.stop();
      this.devices.clear();
      this.build(config);
      if (running) this.startInBackground();
      return { added, removed, changed };
    }
    const ctx = this.context();
    for (const id of [...removed, ...changed]) {
      const device = this.devices.get(id);
      this.devices.delete(id);
      if (device) await device.stop('graceful');
    }
    for (const id of [...added, ...changed]) {
      const device = createVirtualDevice(after.get(id) as SimDeviceConfig, ctx);
      this.devices.set(id, device);
      if (running) {
        device.start().catch(() => undefined);
      }
    }
    this.logger.log('info', 'simulator', 'reloaded', {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
    });
    return { added, removed, changed };
  }

  private startInBackground(): void {
    this.start().catch((error: unknown) =>
      this.logger.log('error', 'simulator', 'start failed', {
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }

  // ---- lookup ----

  private find(target: string, kind?: Kind): VirtualDevice {
    const byId = this.devices.get(target);
    if (byId) {
      if (kind !== undefined && !byId.kinds[kind])
        throw new SimulatorError(`${byId.describe()} is not a ${kind}`);
      return byId;
    }
    const matches = [...this.devices.values()].filter((d) => d.config.address === target);
    if (matches.length === 0) {
      const known = [...this.devices.values()].map((d) => d.config.address).join(', ');
      throw new SimulatorError(
        `no simulated device with address or deviceId "${target}" (known: ${known || 'none'})`,
      );
    }
    if (kind === undefined) return matches[0] as VirtualDevice;
    const fitting = matches.find((d) => d.kinds[kind]);
    if (!fitting) throw new SimulatorError(`${(matches[0] as VirtualDevice).describe()} is not a ${kind}`);
    return fitting;
  }

  /** The first reader in file order: what a tap without a target goes to. */
  defaultReader(): DeviceRef | null {
    return [...this.devices.values()].find((d) => d.kinds.reader)?.ref ?? null;
  }

  // ---- actions ----

  /** A card is presented at a reader: it publishes the read in its protocol. */
  async tap(target: string | null, uid: string): Promise<TapResult> {
    let device: VirtualDevice;
    if (target === null) {
      const reader = this.defaultReader();
      if (reader === null) throw new SimulatorError('there is no simulated reader');
      device = this.find(reader.deviceId);
    } else {
      device = this.find(target, 'reader');
    }
    return device.tap(uid);
  }

  /**
   * Starts (true) or ends (false) a simulated print job on a relay (raises its draw) or a printer (job state).
   * A printer's options.relay links the two. Returns the addresses affected.
   */
  setPrinting(target: string, printing: boolean): string[] {
    const device = this.find(target);
    if (printing && device.kinds.relay && device.relayState()?.on === false) {
      throw new SimulatorError(
        `${device.describe()} is off: switch it on (tap a card) before starting a print`,
      );
    }
    const affected: string[] = [];
    if (device.setPrinting(printing)) affected.push(device.config.address);
    if (device.kinds.relay) {
      for (const printer of this.printersPoweredBy(device.config.address)) {
        printer.setPrinting(printing);
        affected.push(printer.config.address);
      }
    }
    if (affected.length === 0)
      throw new SimulatorError(`${device.describe()} has no load or printer to simulate`);
    return affected;
  }

  /** Takes a device off the broker (graceful = reboot, crash = power loss: the broker sends its will) or back. */
  async setOnline(target: string, online: boolean, mode: 'graceful' | 'crash' = 'graceful'): Promise<void> {
    const device = this.find(target);
    if (online) await device.start();
    else await device.stop(mode);
  }

  // ---- state for tests and demos ----

  lastFeedback(target: string): Feedback | null {
    return this.find(target, 'reader').lastFeedback();
  }

  relayState(target: string): RelayState | null {
    return this.find(target, 'relay').relayState();
  }

  printerState(target: string): PrinterSnapshot | null {
    return this.find(target, 'printer').printerState();
  }

  isOnline(target: string): boolean {
    return this.find(target).online;
  }

  list(): DeviceSnapshot[] {
    return [...this.devices.values()].map((d) => ({
      ...d.ref,
      role: d.config.role,
      kinds: { ...d.kinds },
      online: d.online,
      relay: d.relayState(),
      printer: d.printerState(),
      lastFeedback: d.lastFeedback(),
    }));
  }

  // ---- events ----

  on(listener: (event: SimEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Resolves with the first event matching `predicate` (events from now on), rejects after `timeoutMs`. */
  waitFor<E extends SimEvent = SimEvent>(
    predicate: (event: SimEvent) => event is E,
    timeoutMs?: number,
  ): Promise<E>;
  waitFor(predicate: (event: SimEvent) => boolean, timeoutMs?: number): Promise<SimEvent>;
  waitFor(predicate: (event: SimEvent) => boolean, timeoutMs = 5000): Promise<SimEvent> {
    return new Promise<SimEvent>((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SimulatorError(`no matching simulator event within ${timeoutMs} ms`));
      }, timeoutMs);
      const off = this.on((event) => {
        if (!predicate(event)) return;
        clearTimeout(timer);
        off();
        resolve(event);
      });
    });
  }

  /** The next feedback the reader receives (call it before triggering the tap). */
  async nextFeedback(target: string, timeoutMs = 5000): Promise<Feedback> {
    const reader = this.find(target, 'reader');
    const event = await this.waitFor(
      (e): e is Extract<SimEvent, { type: 'feedback' }> =>
        e.type === 'feedback' && e.deviceId === reader.config.deviceId,
      timeoutMs,
    );
    return event.feedback;
  }

  /** Waits until the relay's output is `on` (resolves at once when it already is). */
  async waitForRelay(target: string, on: boolean, timeoutMs = 5000): Promise<RelayState> {
    const relay = this.find(target, 'relay');
    const current = relay.relayState();
    if (current !== null && current.on === on) return current;
    await this.waitFor(
      (e) => e.type === 'relay' && e.deviceId === relay.config.deviceId && e.on === on,
      timeoutMs,
    );
    return relay.relayState() as RelayState;
  }

  private printersPoweredBy(relayAddress: string): VirtualDevice[] {
    return [...this.devices.values()].filter(
      (d) => d.kinds.printer && d.config.options['relay'] === relayAddress,
    );
  }

  private dispatch(event: SimEvent): void {
    // Printer ↔ relay: a running job raises the relay's draw; cutting the relay fails the job.
    if (event.type === 'printer') {
      const printer = this.devices.get(event.deviceId);
      const relayAddress = printer?.config.options['relay'];
      if (relayAddress !== undefined) {
        const relay = [...this.devices.values()].find(
          (d) => d.kinds.relay && d.config.address === relayAddress,
        );
        relay?.setPrinting(isActivePrintState(event.gcodeState));
      }
    }
    if (event.type === 'relay' && !event.on && event.source !== 'print') {
      for (const printer of this.printersPoweredBy(event.address)) printer.powerLost();
    }
    this.control?.publishDeviceEvent(event, this.now().toISOString());
    try {
      this.emitter.emit('event', event);
    } catch (error) {
      this.logger.log('error', 'simulator', 'event listener failed', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
