import { createHmac, randomBytes } from 'node:crypto';
import pino from 'pino';
import { DenyReason } from '@werkbank/contracts';
import { encodeActuatorCommand } from '@werkbank/device-protocol';
import { startLinkRuntime, type LinkRuntime } from '../../firmware-bridge/src/link/start-link';
import { delta, fullList, testSigner } from '../../firmware-bridge/testing/signed-lists';
import { eventually } from '../support/devices';
import type { Mosquitto } from '../support/mosquitto';
import { makeTempDir } from '../support/temp-dir';
import { FakeServer, PREFIX, startBroker } from './support/fake-server';

/**
 * The bridge against a real Mosquitto with the generated ACL: a fake server answers taps online; then it goes
 * away (and later the broker too), the bridge decides from the signed list and queues; when the server is
 * back every queued record is stored exactly once.
 */

const BRIDGE = 'bridge-holz-1';
const CARD_KEY = randomBytes(32);
const ALICE = '04A1B2C3D4E5F6';
const BOB = '008EC793';
const hashOf = (uid: string) => createHmac('sha256', CARD_KEY).update(uid, 'ascii').digest('hex');

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
    broker = await startBroker(dir.path, BRIDGE, { server: serverPassword, bridge: bridgePassword });
    server = new FakeServer(broker.url, serverPassword, BRIDGE, new Set([ALICE]));
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

  it('a late server answer wins over the offline decision; a stale or malformed command is dropped', async () => {
    server.answerDelayMs = 600;
    await tap(ALICE, 'laser-2');
    expect(bridge.runtime.recent.at(-1)).toMatchObject({
      by: 'offline',
      why: 'server_timeout',
      outcome: 'allowed',
    });
    const offlineSession = bridge.decider.openSession('laser-2');
    expect(offlineSession).toMatchObject({ offline: true });
    // The server's own session replaces the one the bridge started; the record says so.
    await eventually(() => bridge.decider.openSession('laser-2')?.offline === false, 5000);
    expect(bridge.runtime.counts.lateAnswers).toBe(1);
    await eventually(() => bridge.queue.length === 0, 5000);
    const ended = [...server.stored.values()].find(
      (r) => r.type === 'session_ended' && r.sessionId === offlineSession?.sessionId,
    );
    expect(ended).toMatchObject({ endReason: 'takeover' });
    expect(relay.get('laser-2')).toBe(true);
    server.answerDelayMs = 0;

    const old = new Date(Date.now() - 60_000).toISOString();
    const switchesBefore = switches.length;
    await server.publishCommand(
      'cmd/actuator',
      encodeActuatorCommand({ on: false, sessionId: null, issuedAt: old, machineId: 'laser-2' }),
    );
    await server.publishCommand('cmd/actuator', '{"on":"yes"}');
    await eventually(
      () => bridge.runtime.counts.staleCommands === 1 && bridge.runtime.counts.badCommands === 1,
    );
    expect(switches.length).toBe(switchesBefore);
    expect(relay.get('laser-2')).toBe(true);
  });
});
