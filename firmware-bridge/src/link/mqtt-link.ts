import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import {
  encodeStatus,
  WERKBANK_PROTOCOL_VERSION,
  werkbankTopic,
  type WerkbankChannel,
} from '@werkbank/device-protocol';

/**
 * The bridge's one connection to the broker, in the own protocol: client id and username = bridgeId, last will
 * `status` = offline (retained), `online` published on every connect, subscribed to `cmd/#`, `allowlist` and
 * `allowlist/delta`. A persistent session (clean: false) keeps QoS 1 commands across short outages; stale
 * actuator commands are dropped by their `issuedAt` (see BridgeRuntime).
 *
 * Also the publisher MQTT relay outputs use (`connected`, `publish(topic, payload)`).
 */

export interface MqttLinkOptions {
  url: string;
  bridgeId: string;
  prefix: string;
  username?: string;
  password?: string;
  /** PEM CA for mqtts:// with a private CA. */
  ca?: Buffer;
  logger: Logger;
  /** Tests shorten it; default 2 s. */
  reconnectPeriodMs?: number;
  keepaliveS?: number;
}

export type InboundHandler = (channel: WerkbankChannel, payload: Buffer) => void;

/** What the runtime needs of the broker connection (MqttLink; a fake in unit specs). */
export interface BrokerLink {
  readonly connected: boolean;
  start(): void;
  stop(): Promise<void>;
  onMessage(handler: InboundHandler): void;
  onConnect(listener: () => void): void;
  publish(channel: WerkbankChannel, payload: string, qos: 0 | 1, retain?: boolean): Promise<void>;
}

const INBOUND: readonly WerkbankChannel[] = [
  'cmd/actuator',
  'cmd/feedback',
  'cmd/query',
  'cmd/ack',
  'allowlist',
  'allowlist/delta',
];

export class MqttLink implements BrokerLink {
  private client: MqttClient | null = null;
  private readonly base: string;
  private readonly inbound: InboundHandler[] = [];
  private readonly connectListeners: Array<() => void> = [];
  readonly counts = { connects: 0, disconnects: 0, unknownTopics: 0 };

  constructor(private readonly options: MqttLinkOptions) {
    this.base = `${options.prefix}/${WERKBANK_PROTOCOL_VERSION}/${options.bridgeId}/`;
  }

  get connected(): boolean {
    return this.client?.connected === true;
  }

  onMessage(handler: InboundHandler): void {
    this.inbound.push(handler);
  }

  /** Called after every (re)connect, once `online` is out and the subscriptions are in place. */
  onConnect(listener: () => void): void {
    this.connectListeners.push(listener);
  }

  start(): void {
    const o = this.options;
    const log = o.logger;
    const clientOptions: IClientOptions = {
      clientId: o.bridgeId,
      username: o.username,
      password: o.password,
      ca: o.ca,
      clean: false,
      keepalive: o.keepaliveS ?? 30,
      reconnectPeriod: o.reconnectPeriodMs ?? 2000,
      connectTimeout: 5000,
      // Nothing is queued while disconnected: taps are decided offline, usage records wait in the disk queue.
      queueQoSZero: false,
      will: {
        topic: this.topic('status'),
        payload: Buffer.from(encodeStatus('offline')),
        qos: 1,
        retain: true,
      },
    };
    const client = connect(o.url, clientOptions);
    this.client = client;
    client.on('connect', () => {
      this.counts.connects += 1;
      log.info({ url: o.url }, 'broker connected');
      void this.announce(client);
    });
    client.on('close', () => {
      if (this.counts.connects > this.counts.disconnects) {
        this.counts.disconnects += 1;
        log.warn('broker connection lost: deciding offline until it is back');
      }
    });
    client.on('error', (error) => log.warn({ err: error }, 'broker error'));
    client.on('message', (topic, payload) => this.dispatch(topic, payload));
  }

  /** Publishes on one of the bridge's own channels; QoS 1 resolves on PUBACK. Rejects when not connected. */
  publish(channel: WerkbankChannel, payload: string, qos: 0 | 1, retain = false): Promise<void> {
    return this.publishRaw(this.topic(channel), payload, qos, retain);
  }

  /** For MQTT relay outputs (Tasmota/Shelly command topics on the same broker). */
  publishRaw(topic: string, payload: string, qos: 0 | 1 = 1, retain = false): Promise<void> {
    const client = this.client;
    if (client === null || !client.connected) return Promise.reject(new Error('broker not connected'));
    return client.publishAsync(topic, payload, { qos, retain }).then(() => undefined);
  }

  /** The shape MQTT relay outputs take (outputs/mqtt-relay.output.ts `MqttRelayPublisher`). */
  asRelayPublisher(): {
    readonly connected: boolean;
    publish(topic: string, payload: string): Promise<void>;
  } {
    const isConnected = () => this.connected;
    return {
      get connected() {
        return isConnected();
      },
      publish: (topic, payload) => this.publishRaw(topic, payload, 1),
    };
  }

  /** Leaves cleanly: `offline` is published first (a clean disconnect does not fire the last will). */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client === null) return;
    if (client.connected) {
      await client
        .publishAsync(this.topic('status'), encodeStatus('offline'), { qos: 1, retain: true })
        .catch(() => undefined);
    }
    await client.endAsync();
  }

  /** Drops the connection without a goodbye, as a crash or cable pull would (tests). */
  async kill(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.endAsync(true);
  }

  topic(channel: WerkbankChannel): string {
    return werkbankTopic(this.options.prefix, this.options.bridgeId, channel);
  }

  private async announce(client: MqttClient): Promise<void> {
    try {
      await client.subscribeAsync(
        [
          this.topic('cmd/actuator').replace(/actuator$/, '#'),
          this.topic('allowlist'),
          this.topic('allowlist/delta'),
        ],
        { qos: 1 },
      );
      await client.publishAsync(this.topic('status'), encodeStatus('online'), { qos: 1, retain: true });
    } catch (error) {
      this.options.logger.warn({ err: error }, 'announcing on the broker failed (retried on reconnect)');
      return;
    }
    for (const listener of this.connectListeners) listener();
  }

  private dispatch(topic: string, payload: Buffer): void {
    const channel = topic.startsWith(this.base) ? (topic.slice(this.base.length) as WerkbankChannel) : null;
    if (channel === null || !INBOUND.includes(channel)) {
      this.counts.unknownTopics += 1;
      return;
    }
    for (const handler of this.inbound) {
      try {
        handler(channel, payload);
      } catch (error) {
        this.options.logger.error({ err: error, channel }, 'handling a broker message failed');
      }
    }
  }
}
