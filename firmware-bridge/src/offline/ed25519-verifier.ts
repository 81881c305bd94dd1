import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AllowlistVerifier, SignatureCheck } from '@werkbank/device-protocol';

/**
 * Verifies allowlist signatures with the server's Ed25519 public keys (PEM files from the provisioning),
 * each known by its keyId = the first 16 hex digits of SHA-256 of the raw 32-byte public key, as the server
 * names it. Several keys may be configured so a key can be rotated without a gap.
 */
export class Ed25519Verifier implements AllowlistVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(keys: readonly KeyObject[]) {
    for (const key of keys) {
      if (key.asymmetricKeyType !== 'ed25519')
        throw new RangeError('allowlist keys must be Ed25519 public keys');
      this.keys.set(ed25519KeyId(key), key);
    }
  }

  /** Throws with the file name when a file is missing or holds no Ed25519 public key. */
  static fromFiles(paths: readonly string[]): Ed25519Verifier {
    return new Ed25519Verifier(
      paths.map((path) => {
        try {
          return createPublicKey(readFileSync(path));
        } catch (error) {
          throw new Error(`${path}: not a readable PEM public key (${(error as Error).message})`);
        }
      }),
    );
  }

  /** Keys from files and inline PEM text (the provisioning file's `publicKeys`). */
  static from(paths: readonly string[], pems: readonly string[]): Ed25519Verifier {
    const fromFiles = Ed25519Verifier.fromFiles(paths);
    return new Ed25519Verifier([...fromFiles.keys.values(), ...pems.map((pem) => createPublicKey(pem))]);
  }

  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  verify(keyId: string, message: Uint8Array, signature: Uint8Array): SignatureCheck {
    const key = this.keys.get(keyId);
    if (key === undefined) return 'unknown_key';
    try {
      return verify(null, message, key, signature) ? 'valid' : 'invalid';
    } catch {
      return 'invalid';
    }
  }
}

export function ed25519KeyId(publicKey: KeyObject): string {
  // The SPKI DER of an Ed25519 key is a fixed 12-byte header followed by the 32 raw key bytes.
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}
