import { createHmac } from 'node:crypto';
import pino from 'pino';
import { DenyReason } from '@werkbank/contracts';
import {
  decodeCardMessage,
  decodeUsageMessage,
  encodeActuatorCommand,
  encodeFeedbackPayload,
  encodeUsageAck,
  type WerkbankChannel,
} from '@werkbank/device-protocol';
import { makeTempDir } from '../../../test/support/temp-dir';
import { fullList, testSigner } from '../../testing/signed-lists';
import { AllowlistStore } from '../offline/allowlist-store';
import { Ed25519Verifier } from '../offline/ed25519-verifier';
import { OfflineDecider } from '../offline/offline-decider';
import { OpenSessions } from '../offline/open-sessions';
import { UsageQueue } from '../offline/usage-queue';
import { BridgeRuntime } from './bridge-runtime';
import type { BrokerLink, InboundHandler } from './mqtt-link';

const BRIDGE = 'bridge-holz-1';
const CARD_KEY = Buffer.alloc(32, 3);
const ALICE = '04A1B2C3D4E5F6';
const logger = pino({ level: 'silent' });
const signer = testSigner();

/** The broker side as the runtime sees it: what it published, and a way to deliver commands. */
class FakeLink implements BrokerLink {
  connected = true;
  readonly published: Array<{ channel: WerkbankChannel; payload: string }> = [];
  private handlers: InboundHandler[] = [];
  start(): void {}
  async stop(): Promise<void> {}
  onMessage(handler: InboundHandler): void {
    this.handlers.push(handler);
  }
  onConnect(): void {}
  async publish(channel: WerkbankChannel, payload: string): Promise<void> {
    if (!this.connected) throw new Error('not connected');
    this.published.push({ channel, payload });
  }
  deliver(channel: WerkbankChannel, payload: string): void {
    for (const handler of this.handlers) handler(channel, Buffer.from(payload));
  }
  cards(): string[] {
    return this.published.filter((p) => p.channel === 'evt/card').map((p) => p.payload);
  }
}

function setup(dir: string) {
  const link = new FakeLink();
  const store = new AllowlistStore({
    bridgeId: BRIDGE,
    dataDir: dir,
    verifier: new Ed25519Verifier([signer.publicKey]),
    logger,
  });
  const hash = createHmac('sha256', CARD_KEY).update(ALICE, 'ascii').digest('hex');
  store.accept(
    'allowlist',
    signer.seal(fullList(BRIDGE, 4, Date.now(), [{ offlineHash: hash, memberKey: 'mk-a' }])),
    Date.now(),
  );
  const queue = new UsageQueue(dir, logger);
  queue.open();
  const sessions = new OpenSessions(dir, logger);
  const decider = new OfflineDecider({
    bridgeId: BRIDGE,
    store,
    sessions,
    queue,
    bridgeCardKey: CARD_KEY,
    policies: new Map(),
    logger,
  });
  const relays = new Map<string, boolean>();
  const shown: Array<[string, string]> = [];
  const runtime = new BridgeRuntime({
    bridgeId: BRIDGE,
    version: 'test',
    link,
    store,
    queue,
    decider,
    relays: new Map(
      ['laser-1', 'laser-2'].map((id) => [id, { set: async (on: boolean) => void relays.set(id, on) }]),
    ),
    feedback: { show: async (machineId, f) => void shown.push([machineId, f.result]) },
    logger,
    serverTimeoutMs: 100,
  });
  return { link, queue, runtime, relays, shown, decider };
}

const tapOf = (uid: string, machineId: string) => ({ uid, machineId, at: new Date(), tech: null });
const actuator = (on: boolean, machineId?: string) =>
  encodeActuatorCommand({
    on,
    sessionId: 'srv-1',
    issuedAt: new Date().toISOString(),
    ...(machineId ? { machineId } : {}),
  });

describe('BridgeRuntime', () => {
  let dir: ReturnType<typeof makeTempDir>;
  let b: ReturnType<typeof setup>;
  beforeEach(() => {
    dir = makeTempDir('runtime');
    b = setup(dir.path);
  });
  afterEach(() => {
    b.queue.close();
    dir.remove();
  });

  it('forwards the tap with its machine and follows the server; feedback after an actuator stays with that tap', async () => {
    const first = b.runtime.handleTap(tapOf(ALICE, 'laser-1'));
    const second = b.runtime.handleTap(tapOf('008EC793', 'laser-2'));
    const cards = b.link.cards().map((p) => decodeCardMessage(p));
    expect(cards.map((c) => c.ok && [c.value.uid, c.value.machineId])).toEqual([
      [ALICE, 'laser-1'],
      ['008EC793', 'laser-2'],
    ]);
    b.link.deliver('cmd/actuator', actuator(true, 'laser-1'));
    b.link.deliver('cmd/feedback', encodeFeedbackPayload({ result: 'allowed', reason: null, text: 'Hallo' }));
    await first;
    // The second tap is still waiting: the allowing feedback belonged to the first.
    b.link.deliver(
      'cmd/feedback',
      encodeFeedbackPayload({ result: 'denied', reason: DenyReason.UnknownCard, text: 'x' }),
    );
    await second;
    await new Promise((r) => setImmediate(r));
    expect(b.runtime.recent).toEqual([{ by: 'server' }, { by: 'server' }]);
    expect(b.relays.get('laser-1')).toBe(true);
    expect(b.shown).toEqual([
      ['laser-1', 'allowed'],
      ['laser-2', 'denied'],
    ]);
    expect(b.queue.length).toBe(0);
    expect(b.decider.openSession('laser-1')).toMatchObject({
      sessionId: 'srv-1',
      memberKey: 'mk-a',
      offline: false,
    });
  });

  it('decides offline after the timeout and publishes the records until acknowledged', async () => {
    await b.runtime.handleTap(tapOf(ALICE, 'laser-1'));
    expect(b.runtime.recent.at(-1)).toMatchObject({
      by: 'offline',
      why: 'server_timeout',
      outcome: 'allowed',
    });
    expect(b.relays.get('laser-1')).toBe(true);
    const usage = b.link.published
      .filter((p) => p.channel === 'evt/usage')
      .map((p) => decodeUsageMessage(p.payload));
    expect(usage).toHaveLength(1);
    const record = usage[0].ok ? usage[0].value : null;
    expect(record).toMatchObject({
      type: 'session_started',
      uid: ALICE,
      machineId: 'laser-1',
      allowlistVersion: 4,
    });
    expect(b.queue.length).toBe(1);
    b.link.deliver('cmd/ack', encodeUsageAck({ msgIds: [record?.msgId as string] }));
    expect(b.queue.length).toBe(0);
  });

  it('broker down: decides at once; a stale or malformed command moves nothing', async () => {
    b.link.connected = false;
    const started = Date.now();
    await b.runtime.handleTap(tapOf('008EC793', 'laser-2'));
    expect(Date.now() - started).toBeLessThan(50);
    expect(b.runtime.recent.at(-1)).toMatchObject({
      by: 'offline',
      why: 'broker_down',
      reason: DenyReason.UnknownCard,
    });
    b.link.connected = true;
    b.link.deliver(
      'cmd/actuator',
      encodeActuatorCommand({
        on: true,
        sessionId: null,
        issuedAt: new Date(Date.now() - 11_000).toISOString(),
        machineId: 'laser-2',
      }),
    );
    b.link.deliver('cmd/actuator', '{"on":1}');
    b.link.deliver('cmd/ack', '{"msgIds":"all"}');
    await new Promise((r) => setImmediate(r));
    expect(b.relays.size).toBe(0);
    expect(b.runtime.counts).toMatchObject({ staleCommands: 1, badCommands: 2 });
  });

  it('attacker: an unnamed "on" with two relays switches nothing, though a tap is waiting', async () => {
    // The tap at laser-2 waits; an "on" without machineId could be meant for laser-1's member.
    const waiting = b.runtime.handleTap(tapOf('008EC793', 'laser-2'));
    b.link.deliver('cmd/actuator', actuator(true));
    await new Promise((r) => setImmediate(r));
    expect(b.relays.size).toBe(0);
    expect(b.runtime.counts.badCommands).toBe(1);
    await waiting;
  });

  it('a late denial from the server undoes what the list admitted after the timeout: relay off, session ended', async () => {
    await b.runtime.handleTap(tapOf(ALICE, 'laser-1'));
    expect(b.runtime.recent.at(-1)).toMatchObject({
      by: 'offline',
      why: 'server_timeout',
      outcome: 'allowed',
    });
    expect(b.relays.get('laser-1')).toBe(true);
    b.link.deliver(
      'cmd/feedback',
      encodeFeedbackPayload({ result: 'denied', reason: DenyReason.CardBlocked, text: 'Karte gesperrt' }),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(b.relays.get('laser-1')).toBe(false);
    expect(b.decider.openSession('laser-1')).toBeUndefined();
    expect(b.shown.at(-1)).toEqual(['laser-1', 'denied']);
    // The session's end goes to the server with the start.
    const types = b.link.published
      .filter((p) => p.channel === 'evt/usage')
      .map((p) => decodeUsageMessage(p.payload))
      .map((m) => m.ok && m.value.type);
    expect(types).toEqual(expect.arrayContaining(['session_started', 'session_ended']));
  });
});
