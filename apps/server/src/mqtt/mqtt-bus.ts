import { Injectable, Logger } from '@nestjs/common';
import { connectAsync, MqttClient } from 'mqtt';
import './mqtt-packet-memory';
import type { Outbound } from '@werkbank/device-protocol';

export type MessageHandler = (topic: string, payload: Buffer, dup: boolean) => void;

/** The server's own MQTT connection (to the embedded broker or an external Mosquitto). */
@Injectable()
export class MqttBus {
  private readonly logger = new Logger(MqttBus.name);
  private client: MqttClient | null = null;
  private handler: MessageHandler = () => undefined;
  private readonly filters = new Set<string>();
  private closing = false;

  async connect(url: string, username: string, password: string, clientId: string): Promise<void> {
    this.client = await connectAsync(url, {
      username,
      password,
      clientId,
      clean: true,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
      // 3.1.1: what aedes speaks; Mosquitto also honours $share/ groups for 3.1.1 clients.
      protocolVersion: 4,
    });
    // Small packets back to back (PUBACK of the tap, then the relay command) must not wait for Nagle's
    // algorithm and a delayed ACK: that alone cost ~17 ms per tap in bench:access.
    const noDelay = () =>
      (this.client?.stream as { setNoDelay?: (on: boolean) => void } | undefined)?.setNoDelay?.(true);
    noDelay();
    this.client.on('connect', noDelay);
    this.client.on('message', (topic, payload, packet) => this.handler(topic, payload, packet.dup));
    this.client.on('error', (error) => {
      if (!this.closing) this.logger.error({ err: error }, 'MQTT client error');
    });
    this.client.on('reconnect', () => this.logger.warn('MQTT reconnecting'));
    this.client.on('connect', () => {
      // A clean session forgets subscriptions: renew them after every reconnect.
      if (this.filters.size > 0)
        void this.client?.subscribeAsync([...this.filters], { qos: 1 }).catch(() => undefined);
    });
  }

  onMessage(handler: MessageHandler): void {
    this.handler = handler;
  }

  async subscribe(filters: string[]): Promise<void> {
    const fresh = filters.filter((f) => !this.filters.has(f));
    if (fresh.length === 0 || !this.client) return;
    for (const f of fresh) this.filters.add(f);
    await this.client.subscribeAsync(fresh, { qos: 1 });
  }

  /** Fire-and-forget publish (QoS as the codec says); never throws into the hot path. */
  publish(message: Outbound | { topic: string; payload: string; qos: 0 | 1; retain: boolean }): void {
    if (!this.client) return;
    this.client.publish(
      message.topic,
      message.payload,
      { qos: message.qos, retain: message.retain },
      (error) => {
        if (error) this.logger.warn({ err: error, topic: message.topic }, 'MQTT publish failed');
      },
    );
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  async close(): Promise<void> {
    this.closing = true; // a message arriving while we close would log a harmless write-after-end
    await this.client?.endAsync();
    this.client = null;
  }
}
