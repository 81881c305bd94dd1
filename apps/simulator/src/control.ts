import { randomBytes } from 'node:crypto';
import { connect, type MqttClient } from 'mqtt';
import type { SimControlConfig } from './devices-file';
import type { SimLogger } from './logger';
import { SimulatorError, type SimEvent, type TapResult } from './sim-types';

/**
 * The control connection (user `control.username`), so that scripts, demos and tests can drive the virtual
 * devices through the broker:
 *
 *   in   <topic>/tap      {"address":"wb-reader-1","uid":"008EC793"}  or {"deviceId":…}; no target = first reader
 *   in   <topic>/print    {"address":"<relay or printer>","printing":true|false}
 *   in   <topic>/online   {"address":…,"online":false,"mode":"crash"|"graceful"}  (power loss / reboot)
 *   out  <topic>/status   online (retained) / offline (retained last will): is a simulator running?
 *   out  <topic>/events   one JSON object per event: results of the commands above (with the request's
 *                         "requestId"), and what the devices saw: tap, feedback, relay, printer, online, offline
 *
 * The broker ACL must give the control user read and write on `<topic>/#`.
 */

export const CONTROL_COMMANDS = ['tap', 'print', 'online'] as const;
export type ControlCommand = (typeof CONTROL_COMMANDS)[number];

export interface ControlHandler {
  tap(target: string | null, uid: string): Promise<TapResult>;
  print(target: string, printing: boolean): string[];
  setOnline(target: string, online: boolean, mode: 'graceful' | 'crash'): Promise<string>;
}

export interface ControlRequest {
  command: ControlCommand;
  requestId: string | null;
  target: string | null;
  body: Record<string, unknown>;
}

/** Parses a control message; plain text `<uid> [address]` is accepted on `tap` for quick mosquitto_pub use. */
export function parseControlMessage(command: ControlCommand, payload: string): ControlRequest {
  const text = payload.trim();
  let body: Record<string, unknown>;
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SimulatorError('control message is not valid JSON');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new SimulatorError('control message is not a JSON object');
    }
    body = json as Record<string, unknown>;
  } else if (command === 'tap' && text !== '') {
    const [uid, address] = text.split(/\s+/);
    body = { uid, address };
  } else {
    throw new SimulatorError(`control message on ${command} must be a JSON object`);
  }
  const pick = (key: string): string | null => {
    const value = body[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };
  return {
    command,
    requestId: pick('requestId'),
    target: pick('address') ?? pick('deviceId'),
    body,
  };
}

export class ControlChannel {
  private client: MqttClient | null = null;
  private connected = false;
  private lastError: string | null = null;

  constructor(
    readonly config: SimControlConfig,
    private readonly brokerUrl: string,
    private readonly handler: ControlHandler,
    private readonly logger: SimLogger,
    private readonly reconnectPeriodMs: number,
  ) {}

  get topic(): string {
    return this.config.topic;
  }

  get online(): boolean {
    return this.connected;
  }

  start(): Promise<void> {
    if (this.client !== null) return Promise.resolve();
    const statusTopic = `${this.topic}/status`;
    const client = connect(this.brokerUrl, {
      clientId: `werkbank-sim-${process.pid}-${randomBytes(3).toString('hex')}`,
      username: this.config.username ?? undefined,
      password: this.config.password ?? undefined,
      protocolVersion: 4,
      clean: true,
      keepalive: 30,
      reconnectPeriod: this.reconnectPeriodMs,
      resubscribe: false,
      queueQoSZero: false,
      will: { topic: statusTopic, payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    this.client = client;
    client.on('error', (error) => {
      if (error.message !== this.lastError) {
        this.lastError = error.message;
        this.logger.log('warn', 'control', 'connection-error', {
          error: error.message,
          broker: this.brokerUrl,
        });
      }
    });
    client.on('close', () => {
      this.connected = false;
    });
    client.on('message', (topic, payload) => {
      const command = topic.slice(this.topic.length + 1);
      if (!(CONTROL_COMMANDS as readonly string[]).includes(command)) return;
      void this.handle(command as ControlCommand, payload.toString('utf8'));
    });
    return new Promise<void>((resolve) => {
      client.on('connect', () => {
        const topics = CONTROL_COMMANDS.map((c) => `${this.topic}/${c}`);
        client
          .subscribeAsync(topics, { qos: 1 })
          .catch((error: unknown) => {
            this.logger.log(
              'error',
              'control',
              'subscribe refused (the control user needs read/write on the topic)',
              {
                topic: `${this.topic}/#`,
                error: error instanceof Error ? error.message : String(error),
              },
            );
          })
          .then(() => client.publishAsync(statusTopic, 'online', { qos: 1, retain: true }))
          .then(() => {
            this.connected = true;
            this.lastError = null;
            this.logger.log('info', 'control', 'online', { topic: `${this.topic}/{tap,print,online}` });
            resolve();
          })
          .catch((error: unknown) => {
            this.logger.log('error', 'control', 'connect handling failed', {
              error: error instanceof Error ? error.message : String(error),
            });
          });
      });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (client === null) return;
    this.client = null;
    if (this.connected) {
      try {
        await client.publishAsync(`${this.topic}/status`, 'offline', { qos: 1, retain: true });
      } catch {
        // closing anyway; the will covers it
      }
    }
    this.connected = false;
    await client.endAsync(false);
  }

  /** Fire and forget: events are informational (QoS 0, never retained). */
  publish(event: Record<string, unknown>): void {
    const client = this.client;
    if (client === null || !this.connected) return;
    client.publish(`${this.topic}/events`, JSON.stringify(event), { qos: 0, retain: false });
  }

  publishDeviceEvent(event: SimEvent, at: string): void {
    if (event.type === 'feedback') {
      const { feedback, ...ref } = event;
      this.publish({
        ...ref,
        at,
        result: feedback.result,
        command: feedback.command,
        payload: feedback.payload,
        reason: feedback.reason,
        text: feedback.text,
      });
      return;
    }
    this.publish({ ...event, at });
  }

  private async handle(command: ControlCommand, payload: string): Promise<void> {
    let requestId: string | null = null;
    try {
      const request = parseControlMessage(command, payload);
      requestId = request.requestId;
      const result = await this.run(request);
      this.publish({ type: `${command}-result`, ok: true, requestId, ...result });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.log('warn', 'control', `${command} failed`, { error: message });
      this.publish({ type: `${command}-result`, ok: false, requestId, error: message });
    }
  }

  private async run(request: ControlRequest): Promise<Record<string, unknown>> {
    switch (request.command) {
      case 'tap': {
        const uid = request.body['uid'];
        if (typeof uid !== 'string') throw new SimulatorError('tap needs "uid"');
        const result = await this.handler.tap(request.target, uid);
        return { ...result };
      }
      case 'print': {
        const printing = request.body['printing'];
        if (request.target === null) throw new SimulatorError('print needs "address" or "deviceId"');
        if (typeof printing !== 'boolean') throw new SimulatorError('print needs "printing": true or false');
        return { printing, devices: this.handler.print(request.target, printing) };
      }
      case 'online': {
        const online = request.body['online'];
        const mode = request.body['mode'] === 'crash' ? 'crash' : 'graceful';
        if (request.target === null) throw new SimulatorError('online needs "address" or "deviceId"');
        if (typeof online !== 'boolean') throw new SimulatorError('online needs "online": true or false');
        const address = await this.handler.setOnline(request.target, online, mode);
        return { address, online, mode };
      }
    }
  }
}
