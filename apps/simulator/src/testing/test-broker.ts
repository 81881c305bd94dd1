import { createServer, type AddressInfo, type Server } from 'node:net';
import { createBroker, type Client } from 'aedes';
import { connect, type MqttClient } from 'mqtt';

/** Spec helpers (not part of the build): an in-process aedes broker and a recording MQTT client. */

export interface BrokerPublication {
  topic: string;
  payload: string;
  retain: boolean;
  /** Username of the publishing connection; null for the broker itself. */
  username: string | null;
  clientId: string | null;
}

export interface TestBrokerOptions {
  /** username → password; when given, other credentials are refused (return code 4). */
  users?: ReadonlyMap<string, string>;
  /** May `username` publish to `topic`? Refused publications are recorded in `violations` and refused. */
  mayPublish?: (username: string | null, topic: string) => boolean;
}

export interface TestBroker {
  url: string;
  port: number;
  publications: BrokerPublication[];
  violations: BrokerPublication[];
  /** Usernames of connections that are currently up. */
  connectedUsers(): string[];
  close(): Promise<void>;
}

export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const usernames = new WeakMap<Client, string>();
  const publications: BrokerPublication[] = [];
  const violations: BrokerPublication[] = [];
  const connected = new Set<Client>();
  const record = (client: Client | null, topic: string, payload: Buffer | string, retain: boolean) => ({
    topic,
    payload: payload.toString(),
    retain,
    username: client === null ? null : (usernames.get(client) ?? null),
    clientId: client?.id ?? null,
  });
  const broker = createBroker({
    authenticate: (client, username, password, done) => {
      if (options.users !== undefined) {
        const expected = username === undefined ? undefined : options.users.get(username);
        if (expected === undefined || password === undefined || password.toString() !== expected) {
          const error = Object.assign(new Error('bad username or password'), { returnCode: 4 as const });
          done(error, false);
          return;
        }
      }
      if (username !== undefined) usernames.set(client, username);
      done(null, true);
    },
    authorizePublish: (client, packet, done) => {
      const entry = record(client, packet.topic, packet.payload, packet.retain);
      if (options.mayPublish && !options.mayPublish(entry.username, packet.topic)) {
        violations.push(entry);
        done(new Error(`not authorized to publish ${packet.topic}`));
        return;
      }
      publications.push(entry);
      done(null);
    },
  });
  broker.on('clientReady', (client) => connected.add(client));
  broker.on('clientDisconnect', (client) => connected.delete(client));
  const server: Server = createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    publications,
    violations,
    connectedUsers: () => [...connected].map((c) => usernames.get(c) ?? '').filter((u) => u !== ''),
    close: async () => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Received {
  topic: string;
  payload: string;
  retain: boolean;
}

/** A plain MQTT client that records what it receives, with a wait helper. */
export class Recorder {
  readonly messages: Received[] = [];
  private waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];

  private constructor(readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) => {
      const message = { topic, payload: payload.toString('utf8'), retain: packet.retain };
      this.messages.push(message);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  static async connect(url: string, filters: string[], username = 'observer'): Promise<Recorder> {
    const client = connect(url, { username, password: 'x', reconnectPeriod: 0, protocolVersion: 4 });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    const recorder = new Recorder(client);
    if (filters.length > 0) await client.subscribeAsync(filters, { qos: 1 });
    return recorder;
  }

  /** The first message (already received or future) matching; rejects after timeoutMs. */
  next(match: (m: Received) => boolean, timeoutMs = 3000, from = 0): Promise<Received> {
    const existing = this.messages.slice(from).find(match);
    if (existing) return Promise.resolve(existing);
    return new Promise<Received>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no matching message within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (m: Received): void => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** Waits for the next message on `topic` received after now. */
  nextOn(
    topic: string,
    timeoutMs = 3000,
    where: (payload: string) => boolean = () => true,
  ): Promise<Received> {
    return this.next((m) => m.topic === topic && where(m.payload), timeoutMs, this.messages.length);
  }

  async publish(topic: string, payload: string, qos: 0 | 1 = 1): Promise<void> {
    await this.client.publishAsync(topic, payload, { qos, retain: false });
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}
