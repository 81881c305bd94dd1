import { readObject } from '../field.util';
import { parseJsonObject, payloadText, type Parsed, type Payload } from '../payload.util';
import { allowlistDeltaJson, allowlistFullJson, readAllowlistBody } from './werkbank-allowlist-body.codec';
import type { AllowlistBody } from './werkbank-allowlist.types';

export * from './werkbank-allowlist.types';
export { MAX_DELTA_ITEMS } from './werkbank-allowlist-body.codec';

/**
 * Allowlist v2: `<prefix>/v1/<bridgeId>/allowlist` (retained, full) and `…/allowlist/delta` (retained,
 * cumulative revocations since that full list). docs/protocol.md section 5.
 *
 * Envelope: {"v":2,"keyId":"…","body":"<base64 of the body JSON bytes>","sig":"<base64 Ed25519 signature>"}
 * The signature covers the body BYTES exactly as sent (no canonical JSON needed); everything that matters
 * (bridge, kind, version, expiry) is inside the body. This lib stays pure: signing and verifying are ports
 * (`AllowlistSigner`, `AllowlistVerifier`) that the server and the bridge implement with node:crypto.
 *
 * API in four calls:
 *   server: sealAllowlist(body, signer) → envelope; encodeAllowlistEnvelope(envelope) → payload
 *   bridge: openAllowlist(payload, verifier) → verified, validated body (or a counted reason)
 *   both:   buildOfflineSnapshot (access-core) turns a full body + newest delta into a PolicySnapshot
 */

/** Body JSON ceiling: ~200 bytes per member with a few grants, so ~15 000 members. */
export const MAX_ALLOWLIST_BODY_BYTES = 3 * 1024 * 1024;
/** Base64 adds a third; the envelope's own fields stay below 1 KiB. */
export const MAX_ALLOWLIST_BYTES = Math.ceil(MAX_ALLOWLIST_BODY_BYTES / 3) * 4 + 1024;

export const ALLOWLIST_ENVELOPE_VERSION = 2;

export interface AllowlistEnvelope {
  v: 2;
  keyId: string;
  body: string;
  sig: string;
}

/** Signs the exact bytes given (Ed25519: 64-byte signature). */
export interface AllowlistSigner {
  readonly keyId: string;
  sign(message: Uint8Array): Uint8Array;
}

export type SignatureCheck = 'valid' | 'invalid' | 'unknown_key';

export interface AllowlistVerifier {
  verify(keyId: string, message: Uint8Array, signature: Uint8Array): SignatureCheck;
}

/** Why a payload was not accepted as an allowlist; the bridge counts each reason. */
export type AllowlistOpenFailure = 'malformed_envelope' | 'unknown_key' | 'bad_signature' | 'malformed_body';

export type OpenedAllowlist =
  | { ok: true; keyId: string; body: AllowlistBody }
  | { ok: false; reason: AllowlistOpenFailure; error: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The body's JSON text, keys in a fixed order; properties not in the schema are dropped. */
export function encodeAllowlistBody(body: AllowlistBody): string {
  return JSON.stringify(body.kind === 'full' ? allowlistFullJson(body) : allowlistDeltaJson(body));
}

/** Encodes and signs a body. Throws RangeError when the body would exceed MAX_ALLOWLIST_BODY_BYTES. */
export function sealAllowlist(body: AllowlistBody, signer: AllowlistSigner): AllowlistEnvelope {
  const bytes = Buffer.from(encodeAllowlistBody(body), 'utf8');
  if (bytes.byteLength > MAX_ALLOWLIST_BODY_BYTES) {
    throw new RangeError(`allowlist body of ${bytes.byteLength} bytes exceeds ${MAX_ALLOWLIST_BODY_BYTES}`);
  }
  const sig = signer.sign(Uint8Array.from(bytes));
  return {
    v: 2,
    keyId: signer.keyId,
    body: bytes.toString('base64'),
    sig: Buffer.from(sig).toString('base64'),
  };
}

export function encodeAllowlistEnvelope(e: AllowlistEnvelope): string {
  return JSON.stringify({ v: e.v, keyId: e.keyId, body: e.body, sig: e.sig });
}

export function decodeAllowlistEnvelope(payload: Payload): Parsed<AllowlistEnvelope> {
  const parsed = parseJsonObject(payload, MAX_ALLOWLIST_BYTES);
  if (!parsed.ok) return parsed;
  return readObject(parsed.value, (r) => ({
    v: r.custom('v', (x): x is 2 => x === ALLOWLIST_ENVELOPE_VERSION, 'must be 2'),
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

/** Validates body bytes. Only call it on bytes whose signature verified (openAllowlist does both). */
export function decodeAllowlistBody(bytes: Uint8Array | string): Parsed<AllowlistBody> {
  const text = payloadText(bytes, MAX_ALLOWLIST_BODY_BYTES);
  if (!text.ok) return text;
  const parsed = parseJsonObject(text.value, MAX_ALLOWLIST_BODY_BYTES);
  if (!parsed.ok) return parsed;
  return readAllowlistBody(parsed.value);
}

/**
 * Envelope → signature → body, in that order: nothing of an unsigned body is parsed. Whether the bridge should
 * apply it (its own id, version, expiry, base) is the store's decision, not the codec's.
 */
export function openAllowlist(payload: Payload, verifier: AllowlistVerifier): OpenedAllowlist {
  const envelope = decodeAllowlistEnvelope(payload);
  if (!envelope.ok) return { ok: false, reason: 'malformed_envelope', error: envelope.error };
  const bytes = allowlistSignedBytes(envelope.value);
  const check = verifier.verify(envelope.value.keyId, bytes, allowlistSignature(envelope.value));
  if (check === 'unknown_key') {
    return { ok: false, reason: 'unknown_key', error: `keyId: no public key ${envelope.value.keyId}` };
  }
  if (check !== 'valid') return { ok: false, reason: 'bad_signature', error: 'sig: does not verify' };
  const body = decodeAllowlistBody(bytes);
  if (!body.ok) return { ok: false, reason: 'malformed_body', error: body.error };
  return { ok: true, keyId: envelope.value.keyId, body: body.value };
}
