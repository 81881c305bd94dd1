import { createHmac, sign } from 'node:crypto';
import type { AllowlistSigningKey } from '../config/bridge-secrets';

/**
 * The two keys of the bridges' offline mode: the Ed25519 key that signs every allowlist, and the bridge card
 * key that makes a card's offline hash. Behind one class so tests and the publisher never touch key files.
 */
export class BridgeKeys {
  /** The key's 32 bytes: the HMAC key, exactly as the bridge decodes the hex it is provisioned with. */
  private readonly cardKeyBytes: Buffer;

  constructor(
    private readonly signing: AllowlistSigningKey,
    private readonly cardKey: string,
  ) {
    if (!/^[0-9a-f]{64}$/.test(cardKey))
      throw new RangeError('the bridge card key must be 64 lowercase hex digits');
    this.cardKeyBytes = Buffer.from(cardKey, 'hex');
  }

  get keyId(): string {
    return this.signing.keyId;
  }

  get publicKeyPem(): string {
    return this.signing.publicKeyPem;
  }

  /** 64 hex digits; goes into the bridges' provisioning files only. */
  get bridgeCardKey(): string {
    return this.cardKey;
  }

  /** HMAC-SHA256(bridgeCardKey bytes, ASCII canonical UID), lowercase hex: what an allowlist names a card by. */
  offlineHash(canonicalUid: string): string {
    return createHmac('sha256', this.cardKeyBytes).update(canonicalUid, 'ascii').digest('hex');
  }

  /** Ed25519 over exactly these bytes (the allowlist body as sent). */
  sign(bytes: Buffer): Buffer {
    return sign(null, bytes, this.signing.privateKey);
  }
}
