/** Test helpers: a server-side signer and allowlist bodies for bridge specs and e2e tests. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MachineState, MemberStatus, QualificationLevel } from '@werkbank/contracts';
import {
  encodeAllowlistEnvelope,
  sealAllowlist,
  type AllowlistDeltaBody,
  type AllowlistFullBody,
  type AllowlistMember,
} from '@werkbank/device-protocol';
import { ed25519KeyId } from '../src/offline/ed25519-verifier';

export interface TestSigner {
  keyId: string;
  publicKey: KeyObject;
  /** Writes the public key as PEM and returns the path. */
  writePublicKey(dir: string, name?: string): string;
  seal(body: AllowlistFullBody | AllowlistDeltaBody): string;
}

export function testSigner(): TestSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const keyId = ed25519KeyId(publicKey);
  return {
    keyId,
    publicKey,
    writePublicKey(dir, name = `${keyId}.pem`) {
      const path = join(dir, name);
      writeFileSync(path, publicKey.export({ type: 'spki', format: 'pem' }));
      return path;
    },
    seal: (body) =>
      encodeAllowlistEnvelope(sealAllowlist(body, { keyId, sign: (m) => sign(null, m, privateKey) })),
  };
}

export const HOUR = 3_600_000;

export function member(memberKey: string, overrides: Partial<AllowlistMember> = {}): AllowlistMember {
  return {
    memberKey,
    status: MemberStatus.Active,
    guestValidFrom: null,
    guestValidUntil: null,
    isMinor: false,
    guardianConsent: false,
    birthDate: null,
    grants: [{ qualificationId: 'q-laser', level: QualificationLevel.Independent, expiresAt: null }],
    ...overrides,
  };
}

/** A full list for `bridgeId`: machine laser-1 (training q-laser), members by key, cards by offline hash. */
export function fullList(
  bridgeId: string,
  version: number,
  now: number,
  cards: Array<{ offlineHash: string; memberKey: string; blocked?: boolean }>,
  overrides: Partial<AllowlistFullBody> = {},
): AllowlistFullBody {
  const memberKeys = [...new Set(cards.map((c) => c.memberKey))];
  return {
    kind: 'full',
    bridgeId,
    version,
    issuedAt: new Date(now - HOUR).toISOString(),
    expiresAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    sites: [{ siteId: 'site-1', timezone: 'Europe/Berlin', openingHours: [] }],
    qualifications: [{ qualificationId: 'q-laser', machineTypeId: 'laser', prerequisiteIds: [] }],
    machines: ['laser-1', 'laser-2'].map((machineId) => ({
      machineId,
      siteId: 'site-1',
      machineTypeId: 'laser',
      state: MachineState.Available,
      needsSupervision: false,
      minimumAge: null,
      maxSessionMinutes: 120,
      allowTakeover: false,
      bookings: [],
    })),
    members: memberKeys.map((key) => member(key)),
    cards: cards.map((c) => ({
      offlineHash: c.offlineHash,
      memberKey: c.memberKey,
      blocked: c.blocked ?? false,
    })),
    ...overrides,
  };
}

export function delta(
  full: AllowlistFullBody,
  version: number,
  revocations: Partial<
    Pick<AllowlistDeltaBody, 'revokedCards' | 'suspendedMembers' | 'machinesOutOfService' | 'revokedGrants'>
  >,
  overrides: Partial<AllowlistDeltaBody> = {},
): AllowlistDeltaBody {
  return {
    kind: 'delta',
    bridgeId: full.bridgeId,
    version,
    baseVersion: full.version,
    issuedAt: full.issuedAt,
    expiresAt: full.expiresAt,
    revokedCards: [],
    suspendedMembers: [],
    machinesOutOfService: [],
    revokedGrants: [],
    ...revocations,
    ...overrides,
  };
}
