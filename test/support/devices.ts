import { connectAsync, IClientOptions, MqttClient } from 'mqtt';

/** A device on the real broker, logged in with its own credentials, recording what it receives. */
export class FakeDevice {
  readonly received: { topic: string; payload: string }[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload) => this.received.push({ topic, payload: payload.toString() }));
  }

  static async connect(
    url: string,
    username: string,
    password: string,
    extra: IClientOptions = {},
  ): Promise<FakeDevice> {
    const client = await connectAsync(url, {
      username,
      password,
      reconnectPeriod: 0,
      protocolVersion: 4,
      ...extra,
    });
    return new FakeDevice(client);
  }

  async subscribe(filter: string): Promise<boolean> {
    try {
      const granted = await this.client.subscribeAsync(filter, { qos: 1 });
      return granted.every((g) => g.qos !== 128);
    } catch {
      return false; // SUBACK 0x80: the broker refused the filter
    }
  }

  async publish(topic: string, payload: string, retain = false): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos: 1, retain });
  }

  /** Wait until a message on `topic` (optionally matching) arrives after `since` messages. */
  async next(
    topic: string,
    since = 0,
    match: (payload: string) => boolean = () => true,
    timeoutMs = 5000,
  ): Promise<string> {
    const started = Date.now();
    for (;;) {
      const hit = this.received.slice(since).find((m) => m.topic === topic && match(m.payload));
      if (hit) return hit.payload;
      if (Date.now() - started > timeoutMs) {
        throw new Error(
          `no message on ${topic} within ${timeoutMs} ms; got ${JSON.stringify(this.received.slice(since))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  mark(): number {
    return this.received.length;
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  timeoutMs = 5000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
