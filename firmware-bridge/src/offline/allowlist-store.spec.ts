import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { decide } from '@werkbank/access-core';
import { DenyReason } from '@werkbank/contracts';
import { encodeAllowlistEnvelope, decodeAllowlistEnvelope } from '@werkbank/device-protocol';
import { makeTempDir } from '../../../test/support/temp-dir';
import { delta, fullList, HOUR, testSigner } from '../../testing/signed-lists';
import { AllowlistStore } from './allowlist-store';
import { Ed25519Verifier } from './ed25519-verifier';

const BRIDGE = 'bridge-holz-1';
const NOW = Date.UTC(2025, 4, 5, 12);
const HASH_A = 'aa'.repeat(32);
const HASH_B = 'bb'.repeat(32);
const cards = [
  { offlineHash: HASH_A, memberKey: 'mk-a' },
  { offlineHash: HASH_B, memberKey: 'mk-b' },
];

const server = testSigner();
const attacker = testSigner();
const logger = pino({ level: 'silent' });

function setup() {
  const dir = makeTempDir('allowlist');
  const store = new AllowlistStore({
    bridgeId: BRIDGE,
    dataDir: dir.path,
    verifier: new Ed25519Verifier([server.publicKey]),
    logger,
  });
  return { dir, store };
}

function tap(store: AllowlistStore, uidHash: string) {
  const snapshot = store.snapshot;
  if (snapshot === null) throw new Error('no snapshot');
  return decide(snapshot, { uidHash, machineId: 'laser-1' }, NOW);
}

describe('AllowlistStore', () => {
  let ctx: ReturnType<typeof setup>;
  beforeEach(() => (ctx = setup()));
  afterEach(() => ctx.dir.remove());

  it('applies a signed full list and a delta on it; a revoked card is denied at once', () => {
    const full = fullList(BRIDGE, 5, NOW, cards);
    expect(ctx.store.accept('allowlist', server.seal(full), NOW)).toEqual({
      result: 'applied',
      kind: 'full',
      version: 5,
    });
    expect(tap(ctx.store, HASH_A)).toMatchObject({ outcome: 'allowed', memberKey: 'mk-a' });
    expect(
      ctx.store.accept('allowlist/delta', server.seal(delta(full, 6, { revokedCards: [HASH_A] })), NOW),
    ).toEqual({
      result: 'applied',
      kind: 'delta',
      version: 6,
    });
    expect(tap(ctx.store, HASH_A)).toMatchObject({ outcome: 'denied', reason: DenyReason.CardBlocked });
    expect(tap(ctx.store, HASH_B)).toMatchObject({ outcome: 'allowed' });
    expect(ctx.store.effectiveVersion).toBe(6);
    expect(ctx.store.accept('allowlist', server.seal(full), NOW)).toEqual({
      result: 'unchanged',
      version: 5,
    });
    expect(ctx.store.rejects).toEqual({});
  });

  describe('refuses, counts and keeps the previous list', () => {
    const full = fullList(BRIDGE, 5, NOW, cards);
    beforeEach(() => ctx.store.accept('allowlist', server.seal(full), NOW));

    const refused = (channel: 'allowlist' | 'allowlist/delta', payload: string, reason: string) => {
      const before = ctx.store.snapshot;
      const counted = { ...ctx.store.rejects } as Record<string, number>;
      expect(ctx.store.accept(channel, payload, NOW)).toMatchObject({ result: 'rejected', reason });
      expect(ctx.store.rejects).toEqual({ ...counted, [reason]: (counted[reason] ?? 0) + 1 });
      expect(ctx.store.snapshot).toBe(before);
      expect(ctx.store.version).toBe(5);
      expect(tap(ctx.store, HASH_A)).toMatchObject({ outcome: 'allowed' });
    };

    it('a forged signature (attacker key under the server keyId)', () => {
      const forged = decodeAllowlistEnvelope(attacker.seal(fullList(BRIDGE, 9, NOW, [])));
      if (!forged.ok) throw new Error(forged.error);
      refused(
        'allowlist',
        encodeAllowlistEnvelope({ ...forged.value, keyId: server.keyId }),
        'bad_signature',
      );
    });

    it('a list signed by a key the bridge does not trust', () => {
      refused('allowlist', attacker.seal(fullList(BRIDGE, 9, NOW, [])), 'unknown_key');
    });

    it("another bridge's list, correctly signed", () => {
      refused('allowlist', server.seal(fullList('bridge-metall-1', 9, NOW, [])), 'foreign_bridge');
    });

    it('a rollback to a lower version (an old retained list replayed)', () => {
      refused('allowlist', server.seal(fullList(BRIDGE, 4, NOW, cards)), 'rollback');
    });

    it('a replayed old delta after a newer one', () => {
      expect(
        ctx.store.accept('allowlist/delta', server.seal(delta(full, 7, { revokedCards: [HASH_B] })), NOW),
      ).toMatchObject({
        result: 'applied',
      });
      const before = ctx.store.snapshot;
      expect(ctx.store.accept('allowlist/delta', server.seal(delta(full, 6, {})), NOW)).toMatchObject({
        result: 'rejected',
        reason: 'rollback',
      });
      expect(ctx.store.snapshot).toBe(before);
      expect(tap(ctx.store, HASH_B)).toMatchObject({ reason: DenyReason.CardBlocked });
      // A full list older than the applied delta is a rollback too (one counter per bridge).
      expect(ctx.store.accept('allowlist', server.seal(fullList(BRIDGE, 6, NOW, cards)), NOW)).toMatchObject({
        reason: 'rollback',
      });
    });

    it('an expired list', () => {
      const expired = fullList(BRIDGE, 9, NOW, [], {
        issuedAt: new Date(NOW - 9 * 24 * HOUR).toISOString(),
        expiresAt: new Date(NOW - HOUR).toISOString(),
      });
      refused('allowlist', server.seal(expired), 'expired');
    });

    it('a delta for another base', () => {
      const other = fullList(BRIDGE, 3, NOW, cards);
      refused('allowlist/delta', server.seal(delta(other, 6, { revokedCards: [HASH_B] })), 'wrong_base');
    });

    it('a full list on the delta topic (and the other way round)', () => {
      refused('allowlist/delta', server.seal(fullList(BRIDGE, 9, NOW, cards)), 'wrong_kind');
    });

    it('garbage and a signed body that cannot be compiled', () => {
      refused('allowlist', '{"v":2,"keyId":"x"}', 'malformed_envelope');
      const badZone = fullList(BRIDGE, 9, NOW, cards, {
        sites: [{ siteId: 'site-1', timezone: 'Mars/Olympus', openingHours: [] }],
      });
      refused('allowlist', server.seal(badZone), 'unusable_body');
    });

    it('an empty retained payload (topic cleared) revokes nothing', () => {
      expect(ctx.store.accept('allowlist', '', NOW)).toMatchObject({ result: 'ignored' });
      expect(ctx.store.version).toBe(5);
    });
  });

  it('parks a delta that arrives before its full list (retained order is not guaranteed)', () => {
    const first = fullList(BRIDGE, 5, NOW, cards);
    ctx.store.accept('allowlist', server.seal(first), NOW);
    const next = fullList(BRIDGE, 8, NOW, cards);
    expect(
      ctx.store.accept('allowlist/delta', server.seal(delta(next, 9, { suspendedMembers: ['mk-a'] })), NOW),
    ).toEqual({
      result: 'parked',
      version: 9,
    });
    expect(tap(ctx.store, HASH_A)).toMatchObject({ outcome: 'allowed' });
    ctx.store.accept('allowlist', server.seal(next), NOW);
    expect(ctx.store.effectiveVersion).toBe(9);
    expect(tap(ctx.store, HASH_A)).toMatchObject({ reason: DenyReason.MemberSuspended });
  });

  it('persists atomically and reloads after a restart, verifying again', () => {
    const full = fullList(BRIDGE, 5, NOW, cards);
    ctx.store.accept('allowlist', server.seal(full), NOW);
    ctx.store.accept('allowlist/delta', server.seal(delta(full, 6, { revokedCards: [HASH_A] })), NOW);
    expect(readdirSync(ctx.dir.path).sort()).toEqual(['allowlist-delta.json', 'allowlist.json']);

    const restarted = new AllowlistStore({
      bridgeId: BRIDGE,
      dataDir: ctx.dir.path,
      verifier: new Ed25519Verifier([server.publicKey]),
      logger,
    });
    restarted.load(NOW);
    expect([restarted.version, restarted.effectiveVersion]).toEqual([5, 6]);
    expect(tap(restarted, HASH_A)).toMatchObject({ reason: DenyReason.CardBlocked });
    // Rollback protection survives the restart.
    expect(restarted.accept('allowlist', server.seal(fullList(BRIDGE, 5, NOW, cards)), NOW)).toMatchObject({
      result: 'unchanged',
    });
    // A new full list replaces the delta on disk.
    restarted.accept('allowlist', server.seal(fullList(BRIDGE, 7, NOW, cards)), NOW);
    expect(existsSync(join(ctx.dir.path, 'allowlist-delta.json'))).toBe(false);

    // A file tampered with on disk is refused at load like one from the broker.
    const saved = JSON.parse(readFileSync(join(ctx.dir.path, 'allowlist.json'), 'utf8')) as { body: string };
    const forgedBody = Buffer.from(
      Buffer.from(saved.body, 'base64').toString('utf8').replace('"blocked":false', '"blocked":true'),
    ).toString('base64');
    writeFileSync(join(ctx.dir.path, 'allowlist.json'), JSON.stringify({ ...saved, body: forgedBody }));
    const tampered = new AllowlistStore({
      bridgeId: BRIDGE,
      dataDir: ctx.dir.path,
      verifier: new Ed25519Verifier([server.publicKey]),
      logger,
    });
    tampered.load(NOW);
    expect(tampered.version).toBeNull();
    expect(tampered.rejects).toEqual({ bad_signature: 1 });
  });

  it('holds an expired list for rollback protection but stops using it', () => {
    ctx.store.accept('allowlist', server.seal(fullList(BRIDGE, 5, NOW, cards)), NOW);
    const later = NOW + 8 * 24 * HOUR;
    expect(ctx.store.isUsable(NOW)).toBe(true);
    expect(ctx.store.isUsable(later)).toBe(false);
    const restarted = new AllowlistStore({
      bridgeId: BRIDGE,
      dataDir: ctx.dir.path,
      verifier: new Ed25519Verifier([server.publicKey]),
      logger,
    });
    restarted.load(later);
    expect(restarted.version).toBe(5);
    expect(restarted.isUsable(later)).toBe(false);
  });
});
