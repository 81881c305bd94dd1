import { readObject } from '../field.util';
import {
  field,
  isJsonObject,
  parseJsonObject,
  payloadText,
  type Parsed,
  type Payload,
} from '../payload.util';
import { isWerkbankDeviceId } from './werkbank-topics';

/**
 * `<prefix>/v1/<deviceId>/allowlist` (retained): the cards a bridge may admit while the server is away.
 *
 * Envelope: {"v":1,"keyId":"…","body":"<base64 of the body JSON bytes>","sig":"<base64 Ed25519 signature>"}
 * The signature covers the body BYTES exactly as sent (no canonical-JSON problem); everything that matters
 * (device, version, expiry) is inside the body. Signing and verifying stay behind a crypto port: this file only
 * frames and validates.
 *
 * Body: {"deviceId","version","issuedAt","expiresAt","salt","entries":[{"uidHash","memberKey","validUntil"}]}
 * uidHash = lowercase hex SHA-256 of (salt bytes ‖ ASCII canonical UID): raw UIDs never leave the server.
 */

/** Allowlists are far larger than device events: one entry is ~130 bytes. */
export const MAX_ALLOWLIST_BYTES = 1024 * 1024;

export interface AllowlistEnvelope {
  v: 1;
  keyId: string;
  body: string;
  sig: string;
}

export interface AllowlistEntry {
  uidHash: string;
  memberKey: string;
  /** End of the member's permission for this machine (training expiry, guest pass); null = open-ended. */
  validUntil: string | null;
}

export interface AllowlistBody {
  deviceId: string;
  /** Increases with every publication; a bridge never goes back to a lower version. */
  version: number;
  issuedAt: string;
  /** After this the bridge stops admitting anyone offline. */
  expiresAt: string;
  /** Hex, 16-64 bytes. */
  salt: string;
  entries: AllowlistEntry[];
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const SALT_HEX = /^(?:[0-9a-f]{2}){16,64}$/;
const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function encodeAllowlistEnvelope(e: AllowlistEnvelope): string {
  return JSON.stringify({ v: e.v, keyId: e.keyId, body: e.body, sig: e.sig });
}

export function encodeAllowlistBody(b: AllowlistBody): string {
  return JSON.stringify({
    deviceId: b.deviceId,
    version: b.version,
    issuedAt: b.issuedAt,
    expiresAt: b.expiresAt,
    salt: b.salt,
    entries: b.entries.map((e) => ({ uidHash: e.uidHash, memberKey: e.memberKey, validUntil: e.validUntil })),
  });
}

export function decodeAllowlistEnvelope(payload: Payload): Parsed<AllowlistEnvelope> {
  const parsed = parseJsonObject(payload, MAX_ALLOWLIST_BYTES);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r) => ({
    v: r.custom('v', (x): x is 1 => x === 1, 'must be 1'),
    keyId: r.string('keyId', KEY_ID, 'must be 1-64 characters of A-Z a-z 0-9 . _ : -'),
    body: r.custom(
      'body',
      (x): x is string => typeof x === 'string' && x.length > 0 && BASE64.test(x),
      'must be base64',
    ),
    sig: r.custom(
      'sig',
      (x): x is string => typeof x === 'string' && x.length === 88 && BASE64.test(x),
      'must be a base64 Ed25519 signature (64 bytes)',
    ),
  }));
}

/** The bytes the signature covers (decode the envelope first). */
export function allowlistSignedBytes(envelope: AllowlistEnvelope): Uint8Array {
  return Uint8Array.from(Buffer.from(envelope.body, 'base64'));
}

export function allowlistSignature(envelope: AllowlistEnvelope): Uint8Array {
  return Uint8Array.from(Buffer.from(envelope.sig, 'base64'));
}

/** Validates the body once the signature has been verified over `allowlistSignedBytes`. */
export function decodeAllowlistBody(bytes: Uint8Array | string): Parsed<AllowlistBody> {
  const text = payloadText(bytes, MAX_ALLOWLIST_BYTES);
  if (!text.ok) return text;
  const parsed = parseJsonObject(text.value, MAX_ALLOWLIST_BYTES);
  if (!parsed.ok) return parsed;
  const head = readObject(parsed.value, (r) => ({
    deviceId: r.custom('deviceId', isWerkbankDeviceId, 'must be a device id'),
    version: r.counter('version'),
    issuedAt: r.timestamp('issuedAt'),
    expiresAt: r.timestamp('expiresAt'),
    salt: r.string('salt', SALT_HEX, 'must be 16-64 bytes of lowercase hex'),
  }));
  if (!head.ok) return head;
  const rawEntries = field(parsed.value, 'entries');
  if (!Array.isArray(rawEntries)) return { ok: false, error: 'entries: must be an array' };
  const entries: AllowlistEntry[] = [];
  for (let i = 0; i < rawEntries.length; i++) {
    const raw: unknown = rawEntries[i];
    if (!isJsonObject(raw)) return { ok: false, error: `entries.${i}: must be an object` };
    const entry = readObject(raw, (r) => ({
      uidHash: r.string('uidHash', SHA256_HEX, 'must be 64 lowercase hex digits'),
      memberKey: r.string('memberKey', KEY_ID, 'must be 1-64 characters of A-Z a-z 0-9 . _ : -'),
      validUntil: r.optionalTimestamp('validUntil'),
    }));
    if (!entry.ok) return { ok: false, error: `entries.${i}.${entry.error}` };
    entries.push(entry.value);
  }
  if (Date.parse(head.value.expiresAt) <= Date.parse(head.value.issuedAt)) {
    return { ok: false, error: 'expiresAt: must be after issuedAt' };
  }
  return { ok: true, value: { ...head.value, entries } };
}
