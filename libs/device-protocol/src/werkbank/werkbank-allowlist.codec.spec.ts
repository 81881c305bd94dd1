import { generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import { allowlistBodyArb, allowlistFullArb } from '../../testing/werkbank.arbitraries';
import { payloadArbitrary } from '../../testing/fuzz';
import {
  decodeAllowlistBody,
  encodeAllowlistBody,
  encodeAllowlistEnvelope,
  MAX_ALLOWLIST_BODY_BYTES,
  MAX_ALLOWLIST_BYTES,
  openAllowlist,
  sealAllowlist,
  type AllowlistDeltaBody,
  type AllowlistFullBody,
  type AllowlistSigner,
  type AllowlistVerifier,
} from './werkbank-allowlist.codec';

// The spec may use node:crypto: only the lib's source must stay pure.
const keys = generateKeyPairSync('ed25519');
const otherKeys = generateKeyPairSync('ed25519');
const signer: AllowlistSigner = {
  keyId: 'k1',
  sign: (message) => sign(null, message, keys.privateKey),
};
const verifier: AllowlistVerifier = {
  verify: (keyId, message, signature) =>
    keyId !== 'k1' ? 'unknown_key' : verify(null, message, keys.publicKey, signature) ? 'valid' : 'invalid',
};

const full: AllowlistFullBody = {
  kind: 'full',
  bridgeId: 'bridge-holz-1',
  version: 17,
  issuedAt: '2025-05-01T03:00:00Z',
  expiresAt: '2025-05-08T03:00:00Z',
  sites: [
    {
      siteId: 'site-1',
      timezone: 'Europe/Berlin',
      openingHours: [{ weekday: 1, opens: '09:00', closes: '24:00' }],
    },
  ],
  qualifications: [{ qualificationId: 'q-laser', machineTypeId: 'laser', prerequisiteIds: [] }],
  machines: [
    {
      machineId: 'laser-1',
      siteId: 'site-1',
      machineTypeId: 'laser',
      state: MachineState.Available,
      needsSupervision: false,
      minimumAge: 16,
      maxSessionMinutes: 120,
      allowTakeover: false,
      bookings: [
        {
          bookingId: 'b-1',
          memberKey: 'mk-1',
          startsAt: '2025-05-02T10:00:00Z',
          endsAt: '2025-05-02T12:00:00Z',
          claimedAt: null,
        },
      ],
    },
  ],
  members: [
    {
      memberKey: 'mk-1',
      status: MemberStatus.Active,
      guestValidFrom: null,
      guestValidUntil: null,
      isMinor: false,
      guardianConsent: false,
      birthDate: null,
      grants: [{ qualificationId: 'q-laser', level: QualificationLevel.Independent, expiresAt: null }],
    },
  ],
  cards: [{ offlineHash: 'ab'.repeat(32), memberKey: 'mk-1', blocked: false }],
};

const delta: AllowlistDeltaBody = {
  kind: 'delta',
  bridgeId: 'bridge-holz-1',
  version: 18,
  baseVersion: 17,
  issuedAt: '2025-05-01T04:00:00Z',
  expiresAt: '2025-05-08T03:00:00Z',
  revokedCards: ['ab'.repeat(32)],
  suspendedMembers: [],
  machinesOutOfService: [],
  revokedGrants: [],
};

function errorOf(value: unknown): string {
  const result = decodeAllowlistBody(JSON.stringify(value));
  if (result.ok) throw new Error('expected a decode error');
  return result.error;
}

describe('allowlist v2 codec', () => {
  it('round-trips full and delta bodies, sealed and opened', () => {
    fc.assert(
      fc.property(allowlistBodyArb, (body) => {
        expect(decodeAllowlistBody(encodeAllowlistBody(body))).toEqual({ ok: true, value: body });
        const opened = openAllowlist(encodeAllowlistEnvelope(sealAllowlist(body, signer)), verifier);
        expect(opened).toEqual({ ok: true, keyId: 'k1', body });
      }),
      { numRuns: 200 },
    );
  });

  it('drops properties outside the schema when encoding (no names leak by accident)', () => {
    const withName = { ...full, members: [{ ...full.members[0], name: 'Alex', email: 'a@b.c' }] };
    expect(encodeAllowlistBody(withName)).not.toMatch(/Alex|email/);
  });

  it('names the field of the first problem', () => {
    expect(errorOf({ ...full, kind: 'partial' })).toBe('kind: must be one of full, delta');
    expect(errorOf({ ...full, bridgeId: 'a/b' })).toBe('bridgeId: must be a device id (got "a/b")');
    expect(errorOf({ ...full, expiresAt: full.issuedAt })).toBe('expiresAt: must be after issuedAt');
    expect(
      errorOf({
        ...full,
        members: [{ ...full.members[0], grants: [{ qualificationId: 'q', level: 'guru' }] }],
      }),
    ).toBe('members.0.grants.0.level: must be one of supervised, independent, trainer (got "guru")');
    expect(
      errorOf({ ...full, cards: [{ offlineHash: 'AB'.repeat(32), memberKey: 'mk-1', blocked: false }] }),
    ).toMatch(/^cards\.0\.offlineHash: must be 64 lowercase hex digits/);
    expect(errorOf({ ...full, cards: [{ ...full.cards[0], memberKey: 'mk-9' }] })).toBe(
      'cards.0.memberKey: not in members',
    );
    expect(errorOf({ ...full, machines: [{ ...full.machines[0], siteId: 'elsewhere' }] })).toBe(
      'machines.0.siteId: not in sites',
    );
    expect(errorOf({ ...full, cards: [full.cards[0], full.cards[0]] })).toBe(
      `cards.1: duplicate "${'ab'.repeat(32)}"`,
    );
    const badBooking = { ...full.machines[0].bookings[0], endsAt: '2025-05-02T09:00:00Z' };
    expect(errorOf({ ...full, machines: [{ ...full.machines[0], bookings: [badBooking] }] })).toMatch(
      /^machines\.0\.bookings\.0\.endsAt: must be after startsAt/,
    );
    expect(
      errorOf({
        ...full,
        sites: [{ ...full.sites[0], openingHours: [{ weekday: 8, opens: '09:00', closes: '10:00' }] }],
      }),
    ).toMatch(/^sites\.0\.openingHours\.0\.weekday: must be an integer 1-7/);
    expect(errorOf({ ...full, machines: [{ ...full.machines[0], minimumAge: 16.5 }] })).toMatch(
      /^machines\.0\.minimumAge: must be an integer from 0 to 150/,
    );
    expect(errorOf({ ...delta, baseVersion: 18 })).toBe('baseVersion: must be less than version');
    expect(errorOf({ ...delta, suspendedMembers: ['ok', 'not ok'] })).toBe(
      'suspendedMembers.1: must be 1-64 characters of A-Z a-z 0-9 . _ : -',
    );
    expect(errorOf({ ...delta, revokedCards: Array(2001).fill('ab'.repeat(32)) })).toBe(
      'revokedCards: must have at most 2000 items',
    );
  });

  it('refuses oversized payloads before parsing and refuses to seal an oversized body', () => {
    expect(decodeAllowlistBody('x'.repeat(MAX_ALLOWLIST_BODY_BYTES + 1))).toEqual({
      ok: false,
      error: `payload exceeds ${MAX_ALLOWLIST_BODY_BYTES} bytes`,
    });
    const opened = openAllowlist(' '.repeat(MAX_ALLOWLIST_BYTES + 1), verifier);
    expect(opened).toMatchObject({ ok: false, reason: 'malformed_envelope' });
    const huge = {
      ...full,
      cards: [],
      members: Array.from({ length: 20_000 }, (_, i) => ({
        ...full.members[0],
        memberKey: `member-key-${i}`.padEnd(64, 'x'),
      })),
    };
    expect(() => sealAllowlist(huge, signer)).toThrow(RangeError);
  });

  it('opens only what the trusted key signed', () => {
    const sealed = sealAllowlist(full, signer);
    const forged = sealAllowlist(full, { keyId: 'k1', sign: (m) => sign(null, m, otherKeys.privateKey) });
    expect(openAllowlist(encodeAllowlistEnvelope(forged), verifier)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    expect(openAllowlist(encodeAllowlistEnvelope({ ...sealed, keyId: 'k2' }), verifier)).toMatchObject({
      ok: false,
      reason: 'unknown_key',
    });
    // A body swapped under a valid signature (e.g. another bridge's list with this one's signature).
    const other = sealAllowlist({ ...full, bridgeId: 'bridge-metall-1' }, signer);
    expect(openAllowlist(encodeAllowlistEnvelope({ ...sealed, body: other.body }), verifier)).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
    // A malformed body is refused even when signed (a server bug must not reach decide()).
    const signedGarbage = { ...sealed, body: Buffer.from('{"kind":"full"}').toString('base64') };
    signedGarbage.sig = Buffer.from(signer.sign(Buffer.from(signedGarbage.body, 'base64'))).toString(
      'base64',
    );
    expect(openAllowlist(encodeAllowlistEnvelope(signedGarbage), verifier)).toMatchObject({
      ok: false,
      reason: 'malformed_body',
    });
  });

  it('never throws on random input', () => {
    const seeds = [
      encodeAllowlistBody(full),
      encodeAllowlistBody(delta),
      encodeAllowlistEnvelope(sealAllowlist(full, signer)),
    ];
    const acceptAll: AllowlistVerifier = { verify: () => 'valid' };
    fc.assert(
      fc.property(payloadArbitrary(seeds), (payload) => {
        const bytes = typeof payload === 'string' ? payload : new Uint8Array(payload);
        const body = decodeAllowlistBody(bytes);
        expect(body.ok || body.error.length > 0).toBe(true);
        const opened = openAllowlist(bytes, acceptAll);
        expect(opened.ok || opened.error.length > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(allowlistFullArb, fc.jsonValue({ maxDepth: 3 }), fc.nat(), (body, value, pick) => {
        // One nested value replaced anywhere in a valid body.
        const json = JSON.parse(encodeAllowlistBody(body)) as Record<string, unknown>;
        const keys = Object.keys(json);
        json[keys[pick % keys.length]] = value;
        const result = decodeAllowlistBody(JSON.stringify(json));
        expect(result.ok || result.error.length > 0).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
