import { connect, type MqttClient } from 'mqtt';
import { familyOf } from '@werkbank/device-protocol';
import type { SimDeviceConfig } from '../devices-file';
import { brief, type SimLogger } from '../logger';
import {
  SimulatorError,
  type DeviceRef,
  type Feedback,
  type PrinterSnapshot,
  type RelayState,
  type SimEvent,
  type TapResult,
} from '../sim-types';

/** What every virtual device gets from the Simulator. */
export interface DeviceContext {
  brokerUrl: string;
  /** Period of telemetry (Tasmota TelePeriod, Shelly status updates, printer progress). */
  telePeriodMs: number;
  reconnectPeriodMs: number;
  werkbankPrefix: string;
  now: () => Date;
  logger: SimLogger;
  emit: (event: SimEvent) => void;
}

export interface Publication {
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

export interface DeviceKinds {
  reader: boolean;
  relay: boolean;
  printer: boolean;
}

/**
 * One virtual device = one MQTT connection with the device's own credentials and last will, like the real
 * firmware. Subclasses describe the family: will, command subscriptions, what to publish on connect, how to
 * answer commands. The base class owns the connection: reconnects like firmware does, republishes the birth
 * message on every reconnect, and publishes only while connected (a real device drops what it cannot send).
 */
export abstract class VirtualDevice {
  abstract readonly kinds: Readonly<DeviceKinds>;

  private client: MqttClient | null = null;
  private tickTimer: NodeJS.Timeout | null = null;
  private connected = false;
  private stopping = false;
  private lastError: string | null = null;
  private firstConnect: { resolve: () => void; reject: (error: Error) => void } | null = null;
  /** Last boot of the "firmware" (uptime in Tasmota STATE, Shelly uptime). */
  protected bootedAt: number;

  constructor(
    readonly config: SimDeviceConfig,
    protected readonly ctx: DeviceContext,
  ) {
    this.bootedAt = ctx.now().getTime();
  }

  get ref(): DeviceRef {
    const { deviceId, address, name, protocol } = this.config;
    return { deviceId, address, name, protocol };
  }

  get online(): boolean {
    return this.connected;
  }

  /** The client id the real firmware uses (override per family). */
  protected abstract clientId(): string;
  /** Last will: published by the broker when the connection is lost without DISCONNECT; null = none. */
  protected abstract will(): Publication | null;
  /** Published before a graceful disconnect (MQTT 3.1.1 drops the will on DISCONNECT); null = nothing. */
  protected offlineMessage(): Publication | null {
    return this.will();
  }
  protected abstract commandTopics(): string[];
  /** Birth and initial state, on every (re)connect. */
  protected abstract onConnected(): Promise<void>;
  protected abstract onCommand(topic: string, payload: string): Promise<void>;
  /** Periodic telemetry while connected. */
  protected async onTick(): Promise<void> {}

  // ---- capabilities (overridden by the families that have them) ----

  tap(_uid: string): Promise<TapResult> {
    return Promise.reject(new SimulatorError(`${this.describe()} is not a card reader`));
  }

  lastFeedback(): Feedback | null {
    return null;
  }

  relayState(): RelayState | null {
    return null;
  }

  printerState(): PrinterSnapshot | null {
    return null;
  }

  /** Simulated print job: false when this device has nothing to print or power. */
  setPrinting(_printing: boolean): boolean {
    return false;
  }

  /** The relay powering this printer switched off (printers fail their running job). */
  powerLost(): void {}

  // ---- connection ----

  describe(): string {
    return `${this.config.address} (${this.config.protocol}, "${this.config.name}")`;
  }

  /** Connects; resolves once subscribed and the birth message is out. Retries until stop() like firmware. */
  start(): Promise<void> {
    if (this.client !== null) return Promise.resolve();
    this.stopping = false;
    this.bootedAt = this.ctx.now().getTime();
    const will = this.will();
    const client = connect(this.ctx.brokerUrl, {
      clientId: this.clientId(),
      username: this.config.username ?? undefined,
      password: this.config.password ?? undefined,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      connectTimeout: 10_000,
      reconnectPeriod: this.ctx.reconnectPeriodMs,
      // Subscriptions are made in onConnect on every connect; a device does not queue what it cannot send.
      resubscribe: false,
      queueQoSZero: false,
      ...(will === null
        ? {}
        : {
            will: {
              topic: will.topic,
              payload: Buffer.from(will.payload),
              qos: will.qos,
              retain: will.retain,
            },
          }),
    });
    this.client = client;
    client.on('connect', () => {
      void this.handleConnect(client);
    });
    client.on('message', (topic, payload) => {
      const text = payload.toString('utf8');
      this.log('debug', 'command', { topic, payload: brief(text) });
      this.onCommand(topic, text).catch((error: unknown) => this.fail('command failed', error, { topic }));
    });
    client.on('error', (error) => {
      // mqtt.js reconnects by itself; log each distinct problem once, not every retry.
      if (error.message !== this.lastError) {
        this.lastError = error.message;
        this.log('warn', 'connection-error', { error: error.message, broker: this.ctx.brokerUrl });
      }
    });
    client.on('close', () => {
      if (!this.connected) return;
      this.connected = false;
      this.stopTicking();
      if (!this.stopping) {
        this.log('warn', 'offline', { reason: 'connection-lost' });
        this.ctx.emit({ ...this.ref, type: 'offline', reason: 'connection-lost' });
      }
    });
    this.startTicking();
    return new Promise<void>((resolve, reject) => {
      this.firstConnect = { resolve, reject };
    });
  }

  private async handleConnect(client: MqttClient): Promise<void> {
    try {
      const topics = this.commandTopics();
      if (topics.length > 0) {
        try {
          await client.subscribeAsync(topics, { qos: 1 });
        } catch (error) {
          this.fail('subscribe refused (check the broker ACL for this device)', error, {
            topics: topics.join(','),
          });
        }
      }
      await this.onConnected();
      this.connected = true;
      this.lastError = null;
      this.log('info', 'online', { clientId: this.clientId(), user: this.config.username ?? '-' });
      this.ctx.emit({ ...this.ref, type: 'online' });
      const first = this.firstConnect;
      this.firstConnect = null;
      first?.resolve();
    } catch (error) {
      this.fail('connect handling failed', error);
    }
  }

  /**
   * graceful: publish the offline message, then DISCONNECT (what Tasmota/Shelly do on a restart).
   * crash: drop the socket without DISCONNECT, so the broker publishes the last will (power loss).
   */
  async stop(mode: 'graceful' | 'crash' = 'graceful'): Promise<void> {
    const client = this.client;
    if (client === null) return;
    this.stopping = true;
    this.stopTicking();
    const wasConnected = this.connected;
    const offline = this.offlineMessage();
    if (mode === 'graceful' && wasConnected && offline !== null) {
      try {
        await client.publishAsync(offline.topic, offline.payload, {
          qos: offline.qos,
          retain: offline.retain,
        });
      } catch (error) {
        this.fail('offline message not sent', error);
      }
    }
    this.connected = false;
    this.client = null;
    await client.endAsync(mode === 'crash' || !wasConnected);
    const first = this.firstConnect;
    this.firstConnect = null;
    first?.reject(new SimulatorError(`${this.describe()} was stopped before it connected`));
    if (wasConnected) {
      const reason = mode === 'crash' ? 'crashed' : 'stopped';
      this.log('info', 'offline', { reason });
      this.ctx.emit({ ...this.ref, type: 'offline', reason });
    }
  }

  private startTicking(): void {
    this.stopTicking();
    this.tickTimer = setInterval(() => {
      if (!this.connected) return;
      this.onTick().catch((error: unknown) => this.fail('telemetry failed', error));
    }, this.ctx.telePeriodMs);
    this.tickTimer.unref();
  }

  private stopTicking(): void {
    if (this.tickTimer !== null) clearInterval(this.tickTimer);
    this.tickTimer = null;
  }

  // ---- helpers for the families ----

  protected assertOnline(): void {
    if (!this.connected) {
      throw new SimulatorError(`${this.describe()} is offline: it cannot publish (is the broker running?)`);
    }
  }

  /** Publishes; throws when the device is offline (nothing is queued, like firmware). */
  protected async publish(p: Publication): Promise<void> {
    const client = this.client;
    if (client === null || !client.connected) {
      throw new SimulatorError(`${this.describe()} is offline: it cannot publish ${p.topic}`);
    }
    await client.publishAsync(p.topic, p.payload, { qos: p.qos, retain: p.retain });
    this.log('debug', 'publish', {
      topic: p.topic,
      payload: brief(p.payload),
      retain: p.retain || undefined,
    });
  }

  protected async publishAll(publications: Publication[]): Promise<void> {
    for (const p of publications) await this.publish(p);
  }

  /** The configured value, else the family's default (the server's adapter reads the same one). */
  protected option(key: string): string | undefined {
    if (Object.prototype.hasOwnProperty.call(this.config.options, key)) return this.config.options[key];
    return familyOf(this.config.protocol)?.options.find((o) => o.key === key)?.default ?? undefined;
  }

  protected numberOption(key: string, fallback: number): number {
    const raw = this.option(key);
    const value = raw === undefined ? NaN : Number(raw);
    return Number.isFinite(value) ? value : fallback;
  }

  protected log(
    level: 'debug' | 'info' | 'warn' | 'error',
    event: string,
    fields: Record<string, string | number | boolean | null | undefined> = {},
  ): void {
    this.ctx.logger.log(level, this.config.address, event, { protocol: this.config.protocol, ...fields });
  }

  protected fail(what: string, error: unknown, fields: Record<string, string | undefined> = {}): void {
    this.log('error', what, { ...fields, error: error instanceof Error ? error.message : String(error) });
  }

  protected uptimeSeconds(): number {
    return Math.max(0, Math.floor((this.ctx.now().getTime() - this.bootedAt) / 1000));
  }
}
