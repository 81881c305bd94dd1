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

  /**
   * `persistent`: keep a session on the broker while the connection is down (external Mosquitto), so that the
   * taps devices send in the second before we reconnect (after a broker restart, say) are queued for us
   * instead of acknowledged to the device and dropped. It starts from an empty session all the same: what
   * queued up while this process was not running are taps nobody is waiting for any more.
   */
  async connect(
    url: string,
    username: string,
    password: string,
    clientId: string,
    persistent = false,
  ): Promise<void> {
    const options = {
      username,
      password,
      clientId,
      connectTimeout: 10_000,
      // 3.1.1: what aedes speaks; Mosquitto also honours $share/ groups for 3.1.1 clients.
      protocolVersion: 4 as const,
    };
    if (persistent) {
      const wipe = await connectAsync(url, { ...options, clean: true, reconnectPeriod: 0 });
      await wipe.endAsync();
    }
    this.client = await connectAsync(url, { ...options, clean: !persistent, reconnectPeriod: 1000 });
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
      // A clean session forgets subscriptions, and a broker restarted without persistence forgets a persistent
      // one: renew them after every reconnect (a no-op where the session kept them).
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
