import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import pino from 'pino';
import { DenyReason } from '@werkbank/contracts';
import {
  decodeCardMessage,
  decodeHealthMessage,
  decodeUsageMessage,
  encodeActuatorCommand,
  encodeUsageAck,
  werkbankDeviceAcl,
  type UsageMessage,
} from '@werkbank/device-protocol';
import { hashMqttPassword } from '../../apps/server/src/mqtt/mqtt-credentials';
import { startLinkRuntime, type LinkRuntime } from '../../firmware-bridge/src/link/start-link';
import { delta, fullList, testSigner } from '../../firmware-bridge/testing/signed-lists';
import { eventually } from '../support/devices';
import { Mosquitto } from '../support/mosquitto';
import { makeTempDir } from '../support/temp-dir';

/**
 * The bridge against a real Mosquitto with the generated ACL: a fake server answers taps online; then it goes
 * away (and later the broker too), the bridge decides from the signed list and queues; when the server is
 * back every queued record is stored exactly once.
 */

const BRIDGE = 'bridge-holz-1';
const PREFIX = 'werkbank';
const CARD_KEY = randomBytes(32);
const ALICE = '04A1B2C3D4E5F6';
const BOB = '008EC793';
const hashOf = (uid: string) => createHmac('sha256', CARD_KEY).update(uid, 'ascii').digest('hex');
const topic = (channel: string) => `${PREFIX}/v1/${BRIDGE}/${channel}`;

/** The server's half: answers taps while `answering`, stores usage records by msgId and acknowledges them. */
class FakeServer {
  answering = true;
  readonly taps: string[] = [];
  readonly stored = new Map<string, UsageMessage>();
  readonly storedOrder: number[] = [];
  duplicates = 0;
  health = 0;
  private client: MqttClient | null = null;

  constructor(
    private readonly url: string,
    private readonly password: string,
  ) {}

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
    await this.client?.publishAsync(topic(channel), payload, { qos: 1, retain: true });
  }

  private onMessage(t: string, payload: Buffer): void {
    const client = this.client as MqttClient;
    if (t === topic('health')) {
      if (decodeHealthMessage(payload).ok) this.health += 1;
      return;
    }
    if (t === topic('evt/card')) {
      const card = decodeCardMessage(payload);
      if (!card.ok) throw new Error(card.error);
      this.taps.push(card.value.uid);
      if (!this.answering) return;
      const command = {
        on: card.value.uid === ALICE,
        sessionId: randomUUID(),
        issuedAt: new Date().toISOString(),
        machineId: card.value.machineId,
      };
      client
        .publishAsync(topic('cmd/actuator'), encodeActuatorCommand(command), { qos: 1 })
        .catch(() => undefined);
      return;
    }
    if (t === topic('evt/usage')) {
      const usage = decodeUsageMessage(payload);
      if (!usage.ok) throw new Error(usage.error);
      // Insert-if-new by msgId, then acknowledge (also duplicates: their first copy is stored).
      if (this.stored.has(usage.value.msgId)) this.duplicates += 1;
      else {
        this.stored.set(usage.value.msgId, usage.value);
        this.storedOrder.push(usage.value.seq);
      }
      client
        .publishAsync(topic('cmd/ack'), encodeUsageAck({ msgIds: [usage.value.msgId] }), { qos: 1 })
        .catch(() => undefined);
    }
  }
}

describe('bridge link: online, offline from the signed list, replay exactly once', () => {
  const dir = makeTempDir('bridge-e2e');
  const serverPassword = randomBytes(18).toString('base64url');
  const bridgePassword = randomBytes(18).toString('base64url');
  const signer = testSigner();
  const relay = new Map<string, boolean>();
  const switches: Array<[string, boolean]> = [];
  let broker: Mosquitto;
  let server: FakeServer;
  let bridge: LinkRuntime;

  beforeAll(async () => {
    const acl = werkbankDeviceAcl(PREFIX, BRIDGE);
    broker = await Mosquitto.start(dir.path, {
      passwordFile: `werkbank-server:${await hashMqttPassword(serverPassword)}\n${BRIDGE}:${await hashMqttPassword(bridgePassword)}\n`,
      aclFile: [
        'user werkbank-server',
        'topic readwrite #',
        `user ${BRIDGE}`,
        ...acl.publish.map((t) => `topic write ${t}`),
        ...acl.subscribe.map((t) => `topic read ${t}`),
        '',
      ].join('\n'),
    });
    server = new FakeServer(broker.url, serverPassword);
    await server.connect();
    const fakeRelay = (machineId: string) => ({
      set: async (on: boolean) => {
        relay.set(machineId, on);
        switches.push([machineId, on]);
      },
    });
    bridge = startLinkRuntime({
      bridgeId: BRIDGE,
      version: '0.1.0',
      broker: { url: broker.url, prefix: PREFIX, username: BRIDGE, password: bridgePassword },
      dataDir: `${dir.path}/bridge-data`,
      publicKeyFiles: [signer.writePublicKey(dir.path)],
      bridgeCardKey: CARD_KEY,
      policies: new Map(),
      relays: new Map([
        ['laser-1', fakeRelay('laser-1')],
        ['laser-2', fakeRelay('laser-2')],
      ]),
      ports: () => [{ id: 'reader-1', path: '/dev/serial0', state: 'open' }],
      logger: pino({ level: 'silent' }),
      tuning: { reconnectPeriodMs: 200, healthIntervalMs: 500, resendAfterMs: 1000 },
    });
    await eventually(() => bridge.link.connected, 10_000);
  }, 30_000);

  afterAll(async () => {
    await bridge?.stop();
    await server?.disconnect();
    await broker?.stop();
    dir.remove();
  });

  const tap = (uid: string, machineId = 'laser-1') =>
    bridge.runtime.handleTap({ uid, machineId, at: new Date(), tech: null });

  it('takes the signed list and its delta from the broker (retained)', async () => {
    const full = fullList(BRIDGE, 1, Date.now(), [
      { offlineHash: hashOf(ALICE), memberKey: 'mk-alice' },
      { offlineHash: hashOf(BOB), memberKey: 'mk-bob' },
    ]);
    await server.publishList('allowlist', signer.seal(full));
    await eventually(() => bridge.store.version === 1);
    // Bob's card is revoked on the server while the bridge is online: a delta at once.
    await server.publishList('allowlist/delta', signer.seal(delta(full, 2, { revokedCards: [hashOf(BOB)] })));
    await eventually(() => bridge.store.effectiveVersion === 2);
    // A forged list on the same topic is refused (the server account is the only writer; this plays a leaked one).
    await server.publishList('allowlist', testSigner().seal(fullList(BRIDGE, 9, Date.now(), [])));
    await eventually(() => bridge.store.rejects.unknown_key === 1);
    expect(bridge.store.version).toBe(1);
    await eventually(() => server.health > 0);
  });

  it('online: the server decides, the bridge switches what it is told', async () => {
    await tap(ALICE);
    expect(bridge.runtime.recent.at(-1)).toEqual({ by: 'server' });
    expect(relay.get('laser-1')).toBe(true);
    await tap(BOB, 'laser-2');
    expect(relay.get('laser-2')).toBe(false);
    expect(server.taps).toEqual([ALICE, BOB]);
    expect(bridge.queue.length).toBe(0);
  });

  it('server silent: decided offline after the timeout, from the signed list; broker down: at once', async () => {
    server.answering = false;
    await server.disconnect();
    // Alice's session was started by the server: she can still tap out offline.
    await tap(ALICE);
    expect(bridge.runtime.recent.at(-1)).toMatchObject({
      by: 'offline',
      why: 'server_timeout',
      outcome: 'tap_out',
    });
    expect(relay.get('laser-1')).toBe(false);
    await tap(ALICE);
    expect(bridge.runtime.recent.at(-1)).toMatchObject({ outcome: 'allowed', relay: 'on' });
    expect(relay.get('laser-1')).toBe(true);
    // Revoked while online, denied offline.
    await tap(BOB, 'laser-2');
    expect(bridge.runtime.recent.at(-1)).toMatchObject({ outcome: 'denied', reason: DenyReason.CardBlocked });

    await broker.stop();
    await eventually(() => !bridge.link.connected, 5000);
    const started = Date.now();
    await tap(ALICE);
    expect(Date.now() - started).toBeLessThan(250);
    expect(bridge.runtime.recent.at(-1)).toMatchObject({
      by: 'offline',
      why: 'broker_down',
      outcome: 'tap_out',
    });
    await tap('0A0B0C0D');
    expect(bridge.runtime.recent.at(-1)).toMatchObject({ reason: DenyReason.UnknownCard });
    expect(bridge.queue.length).toBe(5);
  });

  it('replays the queue in seq order when the server is back; each record stored exactly once', async () => {
    const queued = bridge.queue.pending();
    await broker.restart();
    await eventually(() => bridge.link.connected, 10_000);
    // Broker back, server still away: records go out but nobody acknowledges them, so they stay queued.
    await new Promise((r) => setTimeout(r, 1500));
    expect(bridge.queue.length).toBe(5);
    server.answering = true;
    await server.connect();
    await eventually(() => bridge.queue.length === 0, 10_000);
    await new Promise((r) => setTimeout(r, 1500)); // any resend would arrive by now
    expect([...server.stored.keys()].sort()).toEqual(queued.map((r) => r.msgId).sort());
    expect(server.storedOrder).toEqual(queued.map((r) => r.seq));
    expect([...server.stored.values()].map((r) => r.type)).toEqual([
      'session_ended',
      'session_started',
      'access_denied',
      'session_ended',
      'access_denied',
    ]);
    const [endedOnline, startedOffline, , endedOffline] = [...server.stored.values()] as Array<{
      sessionId?: string;
      machineId?: string;
    }>;
    expect(endedOffline.sessionId).toBe(startedOffline.sessionId);
    expect(endedOnline.machineId).toBe('laser-1');
    // Online again: taps go to the server.
    await tap(ALICE);
    expect(bridge.runtime.recent.at(-1)).toEqual({ by: 'server' });
    expect(bridge.queue.length).toBe(0);
  });
});
