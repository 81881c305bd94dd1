import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import pino from 'pino';
import { decide, upsertBooking } from '@werkbank/access-core';
import { DenyReason, SessionEndReason } from '@werkbank/contracts';
import { buildSnapshot, instant, worldArb } from '../../../libs/access-core/testing/access.arbitraries';
import { bookingsOf, memberKeyOf, projectWorld } from '../../../libs/access-core/testing/offline-projection';
import { makeTempDir } from '../../../test/support/temp-dir';
import { fullList, HOUR, testSigner } from '../../testing/signed-lists';
import { AllowlistStore } from './allowlist-store';
import { Ed25519Verifier } from './ed25519-verifier';
import { OfflineDecider, type OfflinePolicy } from './offline-decider';
import { OpenSessions } from './open-sessions';
import { UsageQueue } from './usage-queue';

const BRIDGE = 'bridge-holz-1';
const CARD_KEY = Buffer.alloc(32, 7);
const logger = pino({ level: 'silent' });
const server = testSigner();
const hashOf = (uid: string) => createHmac('sha256', CARD_KEY).update(uid, 'ascii').digest('hex');
/** The world's cards are named uid-0…uid-5; give each a canonical UID. */
const uidOf = (name: string) => `DEADBE${name.replace(/\D/g, '').padStart(2, '0').slice(-2)}`;

function bridge(dir: string, policies: Record<string, OfflinePolicy> = {}) {
  const store = new AllowlistStore({
    bridgeId: BRIDGE,
    dataDir: dir,
    verifier: new Ed25519Verifier([server.publicKey]),
    logger,
  });
  store.load(Date.now());
  const sessions = new OpenSessions(dir, logger);
  sessions.load();
  const queue = new UsageQueue(dir, logger);
  queue.open();
  const decider = new OfflineDecider({
    bridgeId: BRIDGE,
    store,
    sessions,
    queue,
    bridgeCardKey: CARD_KEY,
    policies: new Map(Object.entries(policies)),
    logger,
  });
  return { store, sessions, queue, decider };
}

const tapAt = (uid: string, machineId = 'laser-1') => ({ uid, machineId, at: new Date(), tech: null });

describe('OfflineDecider', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => (dir = makeTempDir('decider')));
  afterEach(() => dir.remove());

  it('decides like the server on the same world, through the signed list (random worlds)', () => {
    const scenario = worldArb.chain((world) =>
      fc.record({
        world: fc.constant(world),
        now: instant,
        card: fc.constantFrom(...world.cards.map((c) => c.uidHash), 'uid-9'),
        machineId: fc.constantFrom(...world.machines.map((m) => m.machineId), 'machine-unknown'),
        slots: fc.array(
          fc.record({
            machine: fc.nat(),
            memberId: fc.constantFrom('m0', 'm1', 'm2', 'm3'),
            gapMinutes: fc.integer({ min: 0, max: 90 }),
            lengthMinutes: fc.integer({ min: 1, max: 240 }),
            claimed: fc.boolean(),
          }),
          { maxLength: 3 },
        ),
      }),
    );
    let run = 0;
    fc.assert(
      fc.property(scenario, ({ world, now, card, machineId, slots }) => {
        const unstaffed = { ...world, sites: world.sites.map((s) => ({ ...s, staffPresent: [] })) };
        const bookings = bookingsOf(world, now, slots);
        const serverSnapshot = buildSnapshot(unstaffed);
        bookings.forEach((b) => upsertBooking(serverSnapshot, b));
        const online = decide(serverSnapshot, { uidHash: card, machineId }, now);

        const runDir = makeTempDir(`parity-${run++}`);
        try {
          const { store, sessions, queue, decider } = bridge(runDir.path);
          const list = projectWorld(unstaffed, bookings, (name) => hashOf(uidOf(name)));
          const body = {
            kind: 'full' as const,
            bridgeId: BRIDGE,
            version: 1,
            issuedAt: new Date(now - HOUR).toISOString(),
            expiresAt: new Date(now + HOUR).toISOString(),
            ...list,
          };
          expect(store.accept('allowlist', server.seal(body), now)).toMatchObject({ result: 'applied' });
          for (const s of world.sessions) {
            const cardOfHolder = world.cards.find((c) => c.memberId === s.memberId);
            sessions.open({
              machineId: s.machineId,
              sessionId: s.sessionId,
              memberKey: memberKeyOf(s.memberId),
              uid: cardOfHolder ? uidOf(cardOfHolder.uidHash) : null,
              startedAt: 0,
              endsAt: null,
              offline: false,
            });
          }
          // Sessions opened after the list: the decider sees them through the store's next snapshot rebuild.
          store.accept('allowlist', server.seal({ ...body, version: 2 }), now);
          const local = decider.decide({ uid: uidOf(card), machineId, at: new Date(now), tech: null }, now);
          expect([local.outcome, local.reason]).toEqual([
            online.outcome,
            online.outcome === 'denied' ? online.reason : null,
          ]);
          expect(local.relay).toBe({ allowed: 'on', tap_out: 'off', denied: 'unchanged' }[online.outcome]);
          expect(queue.length).toBe(local.records.length);
          queue.close();
        } finally {
          runDir.remove();
        }
      }),
      { numRuns: 150 },
    );
  });

  it('starts, taps out and queues each step; a restart keeps the session for tap-out', () => {
    const now = Date.now();
    const alice = '04A1B2C3D4E5F6';
    let b = bridge(dir.path);
    b.store.accept(
      'allowlist',
      server.seal(fullList(BRIDGE, 3, now, [{ offlineHash: hashOf(alice), memberKey: 'mk-a' }])),
      now,
    );
    expect(b.decider.decide(tapAt(alice), now)).toMatchObject({
      relay: 'on',
      outcome: 'allowed',
      basis: 'allowlist',
    });
    expect(b.decider.decide(tapAt('008EC793'), now)).toMatchObject({
      relay: 'unchanged',
      reason: DenyReason.UnknownCard,
    });
    b.queue.close();

    b = bridge(dir.path);
    expect(b.sessions.get('laser-1')).toMatchObject({ memberKey: 'mk-a', offline: true });
    expect(b.decider.decide(tapAt(alice, 'laser-2'), now)).toMatchObject({ relay: 'on' });
    const out = b.decider.decide(tapAt(alice), now + 1000);
    expect(out).toMatchObject({ relay: 'off', outcome: 'tap_out' });
    const records = b.queue.pending();
    expect(records.map((r) => r.type)).toEqual([
      'session_started',
      'access_denied',
      'session_started',
      'session_ended',
    ]);
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(records[3]).toMatchObject({
      sessionId: (records[0] as { sessionId: string }).sessionId,
      endReason: SessionEndReason.TapOut,
      machineId: 'laser-1',
    });
    expect(records[0]).toMatchObject({ uid: alice, allowlistVersion: 3, machineId: 'laser-1' });
  });

  it('fails closed once the list expired (tap-out still works), fails open where configured', () => {
    const now = Date.now();
    const alice = '04A1B2C3D4E5F6';
    const b = bridge(dir.path, { 'laser-2': 'failOpen' });
    b.store.accept(
      'allowlist',
      server.seal(fullList(BRIDGE, 3, now, [{ offlineHash: hashOf(alice), memberKey: 'mk-a' }])),
      now,
    );
    expect(b.decider.decide(tapAt(alice), now)).toMatchObject({ relay: 'on' });
    const later = now + 8 * 24 * HOUR;
    const stranger = '008EC793';
    expect(b.decider.decide(tapAt(stranger), later)).toMatchObject({
      relay: 'unchanged',
      reason: DenyReason.NoValidAllowlist,
      basis: 'fail_closed',
    });
    expect(b.decider.decide(tapAt(alice), later)).toMatchObject({ relay: 'off', outcome: 'tap_out' });
    expect(b.decider.decide(tapAt(stranger, 'laser-2'), later)).toMatchObject({
      relay: 'on',
      basis: 'fail_open',
    });
    expect(b.decider.decide(tapAt(alice, 'laser-2'), later)).toMatchObject({
      reason: DenyReason.MachineInUse,
    });
    expect(b.decider.counts.failOpen).toBe(1);
  });

  it('ends sessions at their maximum duration and forgets server sessions switched off', () => {
    const now = Date.now();
    const alice = '04A1B2C3D4E5F6';
    const b = bridge(dir.path);
    b.store.accept(
      'allowlist',
      server.seal(fullList(BRIDGE, 3, now, [{ offlineHash: hashOf(alice), memberKey: 'mk-a' }])),
      now,
    );
    b.decider.decide(tapAt(alice), now);
    expect(b.decider.expireSessions(now + 119 * 60_000)).toEqual([]);
    const ended = b.decider.expireSessions(now + 120 * 60_000);
    expect(ended).toHaveLength(1);
    expect(ended[0].record).toMatchObject({ type: 'session_ended', endReason: SessionEndReason.MaxDuration });
    b.decider.rememberServerSession('laser-2', 'srv-1', alice, now);
    expect(b.decider.decide(tapAt(alice, 'laser-2'), now)).toMatchObject({ outcome: 'tap_out' });
    expect(b.queue.pending().at(-1)).toMatchObject({
      sessionId: 'srv-1',
      endReason: SessionEndReason.TapOut,
    });
    b.decider.rememberServerSession('laser-2', 'srv-2', alice, now);
    b.decider.forgetSession('laser-2', 'srv-2');
    expect(b.sessions.get('laser-2')).toBeUndefined();
  });
});
