import { randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import {
  decodeCardMessage,
  decodeHealthMessage,
  decodeUsageMessage,
  encodeActuatorCommand,
  encodeUsageAck,
  werkbankDeviceAcl,
  type UsageMessage,
} from '@werkbank/device-protocol';
import { hashMqttPassword } from '../../../apps/server/src/mqtt/mqtt-credentials';
import { Mosquitto } from '../../support/mosquitto';

export const PREFIX = 'werkbank';
export const topicOf = (bridgeId: string, channel: string) => `${PREFIX}/v1/${bridgeId}/${channel}`;

/** Mosquitto with a server account and the bridge's generated ACL (werkbankDeviceAcl). */
export async function startBroker(
  dir: string,
  bridgeId: string,
  passwords: { server: string; bridge: string },
): Promise<Mosquitto> {
  const acl = werkbankDeviceAcl(PREFIX, bridgeId);
  return Mosquitto.start(dir, {
    passwordFile: `werkbank-server:${await hashMqttPassword(passwords.server)}\n${bridgeId}:${await hashMqttPassword(passwords.bridge)}\n`,
    aclFile: [
      'user werkbank-server',
      'topic readwrite #',
      `user ${bridgeId}`,
      ...acl.publish.map((t) => `topic write ${t}`),
      ...acl.subscribe.map((t) => `topic read ${t}`),
      '',
    ].join('\n'),
  });
}

/** The server's half: answers taps while `answering`, stores usage records by msgId and acknowledges them. */
export class FakeServer {
  answering = true;
  /** Answer taps this late (ms): longer than the bridge's timeout plays a slow server. */
  answerDelayMs = 0;
  readonly taps: string[] = [];
  readonly stored = new Map<string, UsageMessage>();
  readonly storedOrder: number[] = [];
  duplicates = 0;
  health = 0;
  /** queueLength of the newest heartbeat. */
  lastQueueLength: number | null = null;
  private client: MqttClient | null = null;

  constructor(
    private readonly url: string,
    private readonly password: string,
    private readonly bridgeId: string,
    /** Cards the server admits when it answers. */
    private readonly admitted: ReadonlySet<string>,
  ) {}

  private topic(channel: string): string {
    return topicOf(this.bridgeId, channel);
  }

  async connect(): Promise<void> {
    const client = await connectAsync(this.url, {
      clientId: 'werkbank-server',
      username: 'werkbank-server',
      password: this.password,
      reconnectPeriod: 0,
    });
    this.client = client;
    client.on('message', (t, payload) => this.onMessage(t, payload));
    await client.subscribeAsync(`${PREFIX}/v1/+/evt/#`, { qos: 1 });
    await client.subscribeAsync(`${PREFIX}/v1/+/health`, { qos: 0 });
  }

  async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    // Forced: like a server that died. Its unacknowledged publishes are flushed with an error.
    await client?.endAsync(true).catch(() => undefined);
  }

  async publishList(channel: 'allowlist' | 'allowlist/delta', payload: string): Promise<void> {
    await this.client?.publishAsync(this.topic(channel), payload, { qos: 1, retain: true });
  }

  async publishCommand(channel: string, payload: string): Promise<void> {
    await this.client?.publishAsync(this.topic(channel), payload, { qos: 1 }).catch(() => undefined);
  }

  private onMessage(t: string, payload: Buffer): void {
    const client = this.client as MqttClient;
    if (t === this.topic('health')) {
      const health = decodeHealthMessage(payload);
      if (health.ok) {
        this.health += 1;
        this.lastQueueLength = health.value.queueLength;
      }
      return;
    }
    if (t === this.topic('evt/card')) {
      const card = decodeCardMessage(payload);
      if (!card.ok) throw new Error(card.error);
      this.taps.push(card.value.uid);
      if (!this.answering) return;
      const command = {
        on: this.admitted.has(card.value.uid),
        sessionId: randomUUID(),
        issuedAt: new Date().toISOString(),
        machineId: card.value.machineId,
      };
      const answer = () => void this.publishCommand('cmd/actuator', encodeActuatorCommand(command));
      if (this.answerDelayMs > 0) setTimeout(answer, this.answerDelayMs);
      else answer();
      return;
    }
    if (t === this.topic('evt/usage')) {
      const usage = decodeUsageMessage(payload);
      if (!usage.ok) throw new Error(usage.error);
      // Insert-if-new by msgId, then acknowledge (also duplicates: their first copy is stored).
      if (this.stored.has(usage.value.msgId)) this.duplicates += 1;
      else {
        this.stored.set(usage.value.msgId, usage.value);
        this.storedOrder.push(usage.value.seq);
      }
      client
        .publishAsync(this.topic('cmd/ack'), encodeUsageAck({ msgIds: [usage.value.msgId] }), { qos: 1 })
        .catch(() => undefined);
    }
  }
}
