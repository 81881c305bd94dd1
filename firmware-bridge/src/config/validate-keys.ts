import { createPublicKey } from 'node:crypto';
import type { ConfigChecker } from './config-checker';

export interface KeyConfig {
  /** Ed25519 public keys (PEM files) that may sign this bridge's allowlist. */
  publicKeyFiles: string[];
  /** The same, inline (as the server's provisioning file writes them). */
  publicKeyPems: string[];
  /** The installation's bridge card key: a hex file, or inline (64 hex digits). Exactly one is set. */
  bridgeCardKeyFile: string | null;
  bridgeCardKey: string | null;
}

/**
 * The keys a bridge needs, as files (publicKeyFiles, bridgeCardKeyFile) or inline as the Devices page's
 * provisioning file has them (publicKeys: [{keyId, pem}], bridgeCardKey): at least one public key, exactly
 * one card key.
 */
export function validateKeys(check: ConfigChecker, raw: Record<string, unknown>): KeyConfig {
  const publicKeyFiles = publicKeyFilesOf(check, raw.publicKeyFiles);
  const publicKeyPems = inlinePublicKeys(check, raw.publicKeys);
  if (raw.publicKeyFiles == null && raw.publicKeys == null)
    check.fail(
      'publicKeyFiles',
      "is required (or publicKeys): the server's allowlist public key(s), e.g. [/etc/werkbank-bridge/allowlist.pub]",
    );
  const bridgeCardKeyFile = check.path('bridgeCardKeyFile', raw.bridgeCardKeyFile, false);
  const bridgeCardKey = check.string('bridgeCardKey', raw.bridgeCardKey, {
    required: false,
    max: 64,
    pattern: /^[0-9a-fA-F]{64}$/,
    hint: 'must be 64 hex digits (copy it from the provisioning file)',
  });
  if ((bridgeCardKeyFile === null) === (bridgeCardKey === null))
    check.fail('bridgeCardKeyFile', 'set exactly one of bridgeCardKeyFile and bridgeCardKey');
  return { publicKeyFiles, publicKeyPems, bridgeCardKeyFile, bridgeCardKey };
}

function publicKeyFilesOf(check: ConfigChecker, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = typeof value === 'string' ? [value] : check.array('publicKeyFiles', value, 8);
  if (Array.isArray(value) && value.length === 0) check.fail('publicKeyFiles', 'needs at least one file');
  return list.map((entry, i) => check.path(`publicKeyFiles[${i}]`, entry, true));
}

function inlinePublicKeys(check: ConfigChecker, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = check.array('publicKeys', value, 8);
  if (Array.isArray(value) && value.length === 0) check.fail('publicKeys', 'needs at least one key');
  return list.flatMap((entry, i) => {
    const key = check.object(`publicKeys[${i}]`, entry, ['keyId', 'pem']);
    if (key === null) return [];
    check.string(`publicKeys[${i}].keyId`, key.keyId, { required: false, max: 64 });
    const pem = check.string(`publicKeys[${i}].pem`, key.pem, { required: true, max: 4096 });
    if (!pem) return [];
    try {
      if (createPublicKey(pem).asymmetricKeyType !== 'ed25519') {
        check.fail(`publicKeys[${i}].pem`, 'must be an Ed25519 public key');
        return [];
      }
    } catch {
      check.fail(`publicKeys[${i}].pem`, 'must be a PEM public key (-----BEGIN PUBLIC KEY----- …)');
      return [];
    }
    return [pem];
  });
}
