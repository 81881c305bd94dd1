import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

/** The bridge card key is 32 bytes written as hex: the bridges decode it the same way. */
const HEX_KEY = /^[0-9a-fA-F]{64}$/;

/** Where the generated keys live when no variable names another source. Both are in every backup. */
export function generatedBridgeCardKeyFile(config: AppConfig): string {
  return join(config.DATA_DIR, 'bridge-card.key');
}

export function generatedSigningKeyFile(config: AppConfig): string {
  return join(config.DATA_DIR, 'allowlist-signing.key');
}

/**
 * The key of the cards' offline hash: BRIDGE_CARD_KEY, the file BRIDGE_CARD_KEY_FILE names, or generated once
 * into DATA_DIR/bridge-card.key (0600). It is not the card key: every bridge holds it (provisioning file), so
 * it must never open anything but the offline lists. Changing it makes every card's offline hash stale until
 * the card is tapped again (online) or re-enrolled.
 */
export function resolveBridgeCardKey(config: AppConfig): string {
  if (config.BRIDGE_CARD_KEY) return config.BRIDGE_CARD_KEY.toLowerCase();
  if (config.BRIDGE_CARD_KEY_FILE) {
    const key = readFileSync(config.BRIDGE_CARD_KEY_FILE, 'utf8').trim();
    if (!HEX_KEY.test(key))
      throw new Error(
        `BRIDGE_CARD_KEY_FILE ${config.BRIDGE_CARD_KEY_FILE} must hold 64 hex digits (32 bytes)`,
      );
    return key.toLowerCase();
  }
  return readOrCreate(config, generatedBridgeCardKeyFile(config), () => randomBytes(32).toString('hex'));
}

export interface AllowlistSigningKey {
  privateKey: KeyObject;
  /** SPKI PEM: what the bridges are provisioned with. */
  publicKeyPem: string;
  /** First 16 hex digits of SHA-256 over the raw 32-byte public key. */
  keyId: string;
}

/**
 * The Ed25519 key that signs the allowlists: the PKCS8 PEM file ALLOWLIST_SIGNING_KEY_FILE names, or one
 * generated once into DATA_DIR/allowlist-signing.key (0600). A lost key means re-provisioning every bridge
 * with the new public key; a leaked one lets its holder forge allowlists (replace it, then re-provision).
 */
export function resolveAllowlistSigningKey(config: AppConfig): AllowlistSigningKey {
  const pem = config.ALLOWLIST_SIGNING_KEY_FILE
    ? readFileSync(config.ALLOWLIST_SIGNING_KEY_FILE, 'utf8')
    : readOrCreate(config, generatedSigningKeyFile(config), () =>
        generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      );
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new Error(
      `the allowlist signing key must be an Ed25519 private key (PKCS8 PEM), not ${privateKey.asymmetricKeyType}`,
    );
  const publicKey = createPublicKey(privateKey);
  return {
    privateKey,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    keyId: ed25519KeyId(publicKey),
  };
}

export function ed25519KeyId(publicKey: KeyObject): string {
  // The raw key is the last 32 bytes of the SPKI DER encoding (RFC 8410).
  const raw = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  return createHash('sha256').update(raw).digest('hex').slice(0, 16);
}

function readOrCreate(config: AppConfig, file: string, make: () => string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const value = make().trim();
  try {
    // 'wx': two processes starting at once never overwrite each other's key; the later one reads the first's.
    writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFileSync(file, 'utf8').trim();
  }
  return value;
}
