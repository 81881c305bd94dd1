import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DenyReason } from '@werkbank/contracts';
import { delta, fullList, testSigner } from '../../firmware-bridge/testing/signed-lists';
import { eventually } from '../support/devices';
import type { Mosquitto } from '../support/mosquitto';
import { makeTempDir } from '../support/temp-dir';
import { FakeServer, PREFIX, startBroker } from './support/fake-server';

/**
 * Fault test: the server and the broker go away, a few hundred taps are decided offline, the bridge process is
 * killed with SIGKILL mid-way and started again, the server comes back: every record the bridge confirmed is
 * stored exactly once, the sequence has no gap, and a card revoked while the bridge was online stays denied.
 */

const ROOT = join(__dirname, '../..');
const BRIDGE = 'bridge-metall-1';
const CARD_KEY = randomBytes(32);
const ALICE = '04A1B2C3D4E5F6';
const BOB = '008EC793';
const STRANGER = '0A0B0C0D';
const hashOf = (uid: string) => createHmac('sha256', CARD_KEY).update(uid, 'ascii').digest('hex');

class BridgeProcess {
  readonly lines: string[] = [];
  readonly done: Array<{ outcome: string; msgIds: string[] }> = [];
  private readonly child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'firmware-bridge/testing/run-link.ts',
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'inherit'] },
    );
    let buffer = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const lines = buffer.split('\n');
      buffer = lines.pop() as string;
      for (const line of lines) {
        this.lines.push(line);
        const [word, outcome, ids] = line.split(' ');
        if (word === 'done') this.done.push({ outcome, msgIds: ids ? ids.split(',') : [] });
      }
    });
  }

  has(line: string): boolean {
    return this.lines.includes(line);
  }

  tap(uid: string, machineId: string): void {
    this.child.stdin?.write(`tap ${uid} ${machineId}\n`);
  }

  async kill(): Promise<void> {
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

describe('bridge killed with SIGKILL while deciding offline', () => {
  const dir = makeTempDir('bridge-kill');
  const passwords = {
    server: randomBytes(18).toString('base64url'),
    bridge: randomBytes(18).toString('base64url'),
  };
  const signer = testSigner();
  let broker: Mosquitto;
  let server: FakeServer;
  let bridge: BridgeProcess | null = null;
  let env: Record<string, string>;

  beforeAll(async () => {
    broker = await startBroker(dir.path, BRIDGE, passwords);
    server = new FakeServer(broker.url, passwords.server, BRIDGE, new Set([ALICE, BOB]));
    await server.connect();
    env = {
      BRIDGE_TEST: JSON.stringify({
        bridgeId: BRIDGE,
        url: broker.url,
        password: passwords.bridge,
        prefix: PREFIX,
        dataDir: join(dir.path, 'bridge-data'),
        publicKeyFile: signer.writePublicKey(dir.path),
        cardKeyHex: CARD_KEY.toString('hex'),
      }),
    };
  }, 30_000);

  afterAll(async () => {
    await bridge?.kill();
    await server?.disconnect();
    await broker?.stop();
    dir.remove();
  });

  it('loses nothing, duplicates nothing', async () => {
    const full = fullList(BRIDGE, 1, Date.now(), [
      { offlineHash: hashOf(ALICE), memberKey: 'mk-alice' },
      { offlineHash: hashOf(BOB), memberKey: 'mk-bob' },
    ]);
    await server.publishList('allowlist', signer.seal(full));
    bridge = new BridgeProcess(env);
    await eventually(() => bridge?.has('list 1'), 20_000);
    // Revoked while the bridge is online.
    await server.publishList('allowlist/delta', signer.seal(delta(full, 2, { revokedCards: [hashOf(BOB)] })));
    await eventually(() => bridge?.has('list 2'), 5000);

    await server.disconnect();
    await broker.stop();
    const taps: Array<[string, string]> = [
      [ALICE, 'laser-1'],
      [BOB, 'laser-2'],
      [STRANGER, 'laser-2'],
    ];
    const first = bridge;
    for (let i = 0; i < 300; i++) first.tap(...taps[i % 3]);
    await eventually(() => first.done.length >= 120, 20_000);
    await first.kill();
    expect(first.done.length).toBeLessThan(300);
    const confirmed = first.done.flatMap((d) => d.msgIds);
    expect(first.done.filter((d) => d.outcome === 'denied').length).toBeGreaterThan(0);

    // Restarted with the broker still down: the list comes from disk, the queue continues.
    const second = new BridgeProcess(env);
    bridge = second;
    await eventually(() => second.lines.find((l) => l.startsWith('ready ')), 20_000);
    const [, queued, version] = (second.lines.find((l) => l.startsWith('ready ')) as string).split(' ');
    expect(Number(queued)).toBeGreaterThanOrEqual(confirmed.length);
    expect(Number(queued) - confirmed.length).toBeLessThanOrEqual(1);
    expect(version).toBe('2');
    for (let i = 0; i < 60; i++) second.tap(...taps[i % 3]);
    await eventually(() => second.done.length === 60, 20_000);
    confirmed.push(...second.done.flatMap((d) => d.msgIds));
    // Every tap of Bob was refused (his card was revoked before the outage).
    expect(second.done.filter((_, i) => i % 3 === 1).every((d) => d.outcome === 'denied')).toBe(true);

    await broker.restart();
    await server.connect();
    await eventually(() => server.stored.size >= confirmed.length && server.lastQueueLength === 0, 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // a late resend would arrive by now
    for (const msgId of confirmed) expect(server.stored.has(msgId)).toBe(true);
    expect(server.stored.size - confirmed.length).toBeLessThanOrEqual(1);
    const seqs = [...server.stored.values()].map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(server.storedOrder).toEqual(seqs);
    const bobDenials = [...server.stored.values()].filter((r) => r.type === 'access_denied' && r.uid === BOB);
    expect(bobDenials.length).toBeGreaterThan(0);
    expect(bobDenials.every((r) => r.type === 'access_denied' && r.reason === DenyReason.CardBlocked)).toBe(
      true,
    );
  }, 120_000);
});
