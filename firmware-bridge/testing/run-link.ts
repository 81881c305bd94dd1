/**
 * A bridge link as its own process, for fault tests (kill -9): options from BRIDGE_TEST (JSON), taps from stdin
 * (`tap <uid> <machineId>` per line). Prints `connected` on every broker connect, `list <version>` when a list
 * is applied, and `done <outcome> <msgId,…>` once a tap is decided and its records are on disk.
 */
import { createInterface } from 'node:readline';
import pino from 'pino';
import { startLinkRuntime } from '../src/link/start-link';

interface Options {
  bridgeId: string;
  url: string;
  password: string;
  prefix: string;
  dataDir: string;
  publicKeyFile: string;
  cardKeyHex: string;
}

const o = JSON.parse(process.env.BRIDGE_TEST as string) as Options;
const say = (line: string) => process.stdout.write(`${line}\n`);
const relay = (machineId: string) => ({
  set: async (on: boolean): Promise<void> => void say(`relay ${machineId} ${on}`),
});
const bridge = startLinkRuntime({
  bridgeId: o.bridgeId,
  version: '0.0.0-test',
  broker: { url: o.url, prefix: o.prefix, username: o.bridgeId, password: o.password },
  dataDir: o.dataDir,
  publicKeyFiles: [o.publicKeyFile],
  bridgeCardKey: Buffer.from(o.cardKeyHex, 'hex'),
  policies: new Map(),
  relays: new Map([
    ['laser-1', relay('laser-1')],
    ['laser-2', relay('laser-2')],
  ]),
  logger: pino({ level: 'silent' }),
  tuning: { reconnectPeriodMs: 200, healthIntervalMs: 1000, resendAfterMs: 1000 },
});
bridge.link.onConnect(() => say('connected'));
bridge.store.onChange(() => say(`list ${bridge.store.effectiveVersion}`));
say(`ready ${bridge.queue.length} ${bridge.store.effectiveVersion}`);

// Taps one at a time, in order, as a reader delivers them.
let chain = Promise.resolve();
createInterface({ input: process.stdin }).on('line', (line) => {
  const [word, uid, machineId] = line.split(' ');
  if (word !== 'tap') return;
  chain = chain.then(async () => {
    const before = new Set(bridge.queue.pending().map((r) => r.msgId));
    await bridge.runtime.handleTap({ uid, machineId, at: new Date(), tech: null });
    const added = bridge.queue.pending().filter((r) => !before.has(r.msgId));
    const last = bridge.runtime.recent.at(-1);
    say(`done ${last?.by === 'offline' ? last.outcome : 'server'} ${added.map((r) => r.msgId).join(',')}`);
  });
});
