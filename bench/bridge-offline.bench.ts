/**
 * The bridge's offline figures (issue 16):
 *
 *   npm run bench:bridge
 *
 * - offline decision: HMAC of the UID + decide() on the snapshot built from a signed list of 2 000 members
 *   (one card each, some blocked) and 20 machines, p50/p99 over 20 000 taps;
 * - durable record: one usage record appended and fsync'd (what a decision adds before the relay moves);
 * - replay: 10 000 queued records sent to a real Mosquitto and acknowledged by a fake server (cmd/ack per
 *   record), from connect to an empty queue;
 * - online (bridge-online.ts): tap → serial relay through the compiled bin and the real server, against the
 *   server-side figure in the same run, and the bridge process's RSS (rss_mb).
 * Last line: RESULT ….
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { decide } from '@werkbank/access-core';
import { DenyReason, MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import { startLinkRuntime } from '../firmware-bridge/src/link/start-link';
import { AllowlistStore } from '../firmware-bridge/src/offline/allowlist-store';
import { Ed25519Verifier } from '../firmware-bridge/src/offline/ed25519-verifier';
import { UsageQueue } from '../firmware-bridge/src/offline/usage-queue';
import { testSigner } from '../firmware-bridge/testing/signed-lists';
import { FakeServer, startBroker } from '../test/bridge/support/fake-server';
import { makeTempDir } from '../test/support/temp-dir';
import { measureOnline } from './bridge-online';

const BRIDGE = 'bridge-bench-1';
const MEMBERS = 2000;
const MACHINES = 20;
const TAPS = 20_000;
const REPLAY = 10_000;
const logger = pino({ level: 'silent' });

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function main(): Promise<void> {
  const dir = makeTempDir('bench-bridge');
  const signer = testSigner();
  const cardKey = randomBytes(32);
  const uids = Array.from({ length: MEMBERS }, (_, i) => (0x10000000 + i).toString(16).toUpperCase());
  const hash = (uid: string) => createHmac('sha256', cardKey).update(uid, 'ascii').digest('hex');
  const now = Date.now();
  const body = {
    kind: 'full' as const,
    bridgeId: BRIDGE,
    version: 1,
    issuedAt: new Date(now - 3_600_000).toISOString(),
    expiresAt: new Date(now + 7 * 86_400_000).toISOString(),
    sites: [{ siteId: 'site-1', timezone: 'Europe/Berlin', openingHours: [] }],
    qualifications: [{ qualificationId: 'q-1', machineTypeId: 'type-1', prerequisiteIds: [] }],
    machines: Array.from({ length: MACHINES }, (_, i) => ({
      machineId: `machine-${i}`,
      siteId: 'site-1',
      machineTypeId: 'type-1',
      state: MachineState.Available,
      needsSupervision: false,
      minimumAge: null,
      maxSessionMinutes: 240,
      allowTakeover: false,
      bookings: [],
    })),
    members: uids.map((_, i) => ({
      memberKey: `mk-${i}`,
      status: MemberStatus.Active,
      guestValidFrom: null,
      guestValidUntil: null,
      isMinor: false,
      guardianConsent: false,
      birthDate: null,
      grants:
        i % 5 === 0
          ? []
          : [{ qualificationId: 'q-1', level: QualificationLevel.Independent, expiresAt: null }],
    })),
    cards: uids.map((uid, i) => ({ offlineHash: hash(uid), memberKey: `mk-${i}`, blocked: i % 17 === 0 })),
  };

  const store = new AllowlistStore({
    bridgeId: BRIDGE,
    dataDir: dir.path,
    verifier: new Ed25519Verifier([signer.publicKey]),
    logger,
  });
  const applied = store.accept('allowlist', signer.seal(body), now);
  if (applied.result !== 'applied') throw new Error(`list not applied: ${JSON.stringify(applied)}`);
  const snapshot = store.snapshot as NonNullable<typeof store.snapshot>;

  const decisionMs: number[] = [];
  for (let i = 0; i < TAPS; i++) {
    const uid = uids[(i * 7919) % MEMBERS];
    const started = process.hrtime.bigint();
    decide(snapshot, { uidHash: hash(uid), machineId: `machine-${i % MACHINES}` }, now);
    decisionMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  decisionMs.sort((a, b) => a - b);

  const queueDir = makeTempDir('bench-queue');
  const queue = new UsageQueue(queueDir.path, logger);
  queue.open();
  const appendMs: number[] = [];
  for (let i = 0; i < 500; i++) {
    const started = process.hrtime.bigint();
    queue.append({
      type: 'access_denied',
      at: new Date().toISOString(),
      uid: uids[i],
      reason: DenyReason.NotTrained,
      allowlistVersion: 1,
    });
    appendMs.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  appendMs.sort((a, b) => a - b);
  queue.close();
  queueDir.remove();

  // Replay: fill a queue, then let the bridge connect to a broker with a server that acknowledges.
  const replayDir = join(dir.path, 'replay');
  mkdirSync(replayDir, { recursive: true });
  const prefill = new UsageQueue(replayDir, logger);
  prefill.open();
  for (let i = 0; i < REPLAY; i++) {
    prefill.append({
      type: 'access_denied',
      at: new Date().toISOString(),
      uid: uids[i % MEMBERS],
      reason: DenyReason.NotTrained,
      allowlistVersion: 1,
    });
  }
  prefill.close();
  const passwords = { server: randomBytes(12).toString('hex'), bridge: randomBytes(12).toString('hex') };
  const broker = await startBroker(dir.path, BRIDGE, passwords);
  const server = new FakeServer(broker.url, passwords.server, BRIDGE, new Set());
  await server.connect();
  const started = Date.now();
  const bridge = startLinkRuntime({
    bridgeId: BRIDGE,
    version: 'bench',
    broker: { url: broker.url, prefix: 'werkbank', username: BRIDGE, password: passwords.bridge },
    dataDir: replayDir,
    publicKeyFiles: [signer.writePublicKey(dir.path)],
    bridgeCardKey: cardKey,
    policies: new Map(),
    relays: new Map(),
    logger,
  });
  while (bridge.queue.length > 0) {
    if (Date.now() - started > 60_000) throw new Error(`replay stuck at ${bridge.queue.length}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const replaySeconds = (Date.now() - started) / 1000;
  if (server.stored.size !== REPLAY) throw new Error(`server stored ${server.stored.size} of ${REPLAY}`);
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await bridge.stop();
  await server.disconnect();
  await broker.stop();
  dir.remove();

  const online = await measureOnline();
  const f = (x: number) => x.toFixed(3);
  console.log(
    `offline decision (hash + decide, ${MEMBERS} members): p50 ${f(percentile(decisionMs, 0.5))} ms, p99 ${f(percentile(decisionMs, 0.99))} ms`,
  );
  console.log(
    `durable usage record (append + fsync): p50 ${f(percentile(appendMs, 0.5))} ms, p99 ${f(percentile(appendMs, 0.99))} ms`,
  );
  console.log(
    `replay of ${REPLAY} records until acknowledged: ${replaySeconds.toFixed(2)} s (${Math.round(REPLAY / replaySeconds)}/s)`,
  );
  console.log(
    `online tap → serial relay through the bridge: p50 ${f(online.bridgeP50)} ms; the server-side figure (own-protocol relay, evt/card → cmd/actuator): p50 ${f(online.directP50)} ms; difference ${f(online.bridgeP50 - online.directP50)} ms`,
  );
  console.log(
    `bridge process RSS (bin, two ports, linked): ${online.rssMb.toFixed(1)} MB; this bench process: ${rssMb.toFixed(1)} MB`,
  );
  console.log(
    `RESULT offline_decision_p99_ms=${f(percentile(decisionMs, 0.99))} online_tap_to_relay_p50_ms=${f(online.bridgeP50)} server_tap_to_relay_p50_ms=${f(online.directP50)} online_minus_server_ms=${f(online.bridgeP50 - online.directP50)} durable_record_p99_ms=${f(percentile(appendMs, 0.99))} replay_events_per_s=${Math.round(REPLAY / replaySeconds)} rss_mb=${online.rssMb.toFixed(1)}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
