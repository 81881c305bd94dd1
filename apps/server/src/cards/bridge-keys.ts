import { createHmac, sign } from 'node:crypto';
import type { AllowlistSigningKey } from '../config/bridge-secrets';

/**
 * The two keys of the bridges' offline mode: the Ed25519 key that signs every allowlist, and the bridge card
 * key that makes a card's offline hash. Behind one class so tests and the publisher never touch key files.
 */
export class BridgeKeys {
  constructor(
    private readonly signing: AllowlistSigningKey,
    private readonly cardKey: string,
  ) {}

  get keyId(): string {
    return this.signing.keyId;
  }

  get publicKeyPem(): string {
    return this.signing.publicKeyPem;
  }

  /** Goes into the bridges' provisioning files only. */
  get bridgeCardKey(): string {
    return this.cardKey;
  }

  /** HMAC-SHA256(bridgeCardKey, canonical UID), lowercase hex: what an allowlist names a card by. */
  offlineHash(canonicalUid: string): string {
    return createHmac('sha256', this.cardKey).update(canonicalUid).digest('hex');
  }

  /** Ed25519 over exactly these bytes (the allowlist body as sent). */
  sign(bytes: Buffer): Buffer {
    return sign(null, bytes, this.signing.privateKey);
  }
}
