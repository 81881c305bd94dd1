import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeKeys } from '../cards/bridge-keys';
import { ConfigError, loadConfig } from './app-config';
import {
  generatedBridgeCardKeyFile,
  generatedSigningKeyFile,
  resolveAllowlistSigningKey,
  resolveBridgeCardKey,
} from './bridge-secrets';

describe('the bridge keys', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'werkbank-bridge-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const configIn = (env: Record<string, string> = {}) => loadConfig({ DATA_DIR: dir, ...env });
  const mode = (file: string) => statSync(file).mode & 0o777;

  it('are generated on first start into DATA_DIR, owner-only, and the same at the next start', () => {
    const config = configIn();
    const signing = resolveAllowlistSigningKey(config);
    const cardKey = resolveBridgeCardKey(config);
    expect(mode(generatedSigningKeyFile(config))).toBe(0o600);
    expect(mode(generatedBridgeCardKeyFile(config))).toBe(0o600);
    expect(readFileSync(generatedSigningKeyFile(config), 'utf8')).toContain('-----BEGIN PRIVATE KEY-----');
    expect(cardKey).toMatch(/^[0-9a-f]{64}$/);
    expect(signing.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(resolveAllowlistSigningKey(configIn()).keyId).toBe(signing.keyId);
    expect(resolveBridgeCardKey(configIn())).toBe(cardKey);
  });

  it('sign so that the public key in the provisioning file verifies, and hash UIDs with the bridge card key', () => {
    const keys = new BridgeKeys(resolveAllowlistSigningKey(configIn()), 'a'.repeat(64));
    const body = Buffer.from('{"kind":"full"}');
    expect(verify(null, body, createPublicKey(keys.publicKeyPem), keys.sign(body))).toBe(true);
    expect(
      verify(null, Buffer.from('{"kind":"fulL"}'), createPublicKey(keys.publicKeyPem), keys.sign(body)),
    ).toBe(false);
    expect(keys.offlineHash('008EC793')).toMatch(/^[0-9a-f]{64}$/);
    expect(keys.offlineHash('008EC793')).not.toBe(
      new BridgeKeys(resolveAllowlistSigningKey(configIn()), 'b'.repeat(64)).offlineHash('008EC793'),
    );
  });

  it('come from the environment or files when set, and a key that is not Ed25519 is refused', () => {
    const pemFile = join(dir, 'signing.pem');
    const pair = generateKeyPairSync('ed25519');
    writeFileSync(pemFile, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const fromFile = resolveAllowlistSigningKey(configIn({ ALLOWLIST_SIGNING_KEY_FILE: pemFile }));
    expect(fromFile.publicKeyPem).toBe(pair.publicKey.export({ type: 'spki', format: 'pem' }));
    expect(resolveBridgeCardKey(configIn({ BRIDGE_CARD_KEY: 'E'.repeat(64) }))).toBe('e'.repeat(64));
    const cardKeyFile = join(dir, 'card.key');
    writeFileSync(cardKeyFile, `${'f'.repeat(64)}\n`);
    expect(resolveBridgeCardKey(configIn({ BRIDGE_CARD_KEY_FILE: cardKeyFile }))).toBe('f'.repeat(64));

    const rsaFile = join(dir, 'rsa.pem');
    writeFileSync(
      rsaFile,
      generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    expect(() => resolveAllowlistSigningKey(configIn({ ALLOWLIST_SIGNING_KEY_FILE: rsaFile }))).toThrow(
      /Ed25519 private key/,
    );
    writeFileSync(cardKeyFile, `${'g'.repeat(64)}\n`);
    expect(() => resolveBridgeCardKey(configIn({ BRIDGE_CARD_KEY_FILE: cardKeyFile }))).toThrow(
      /64 hex digits/,
    );
  });

  it('are checked at boot with every other variable', () => {
    const problems = (env: Record<string, string>) => {
      try {
        configIn(env);
        return '';
      } catch (error) {
        return (error as ConfigError).message;
      }
    };
    expect(problems({ BRIDGE_CARD_KEY: 'a'.repeat(64), BRIDGE_CARD_KEY_FILE: join(dir, 'x') })).toMatch(
      /BRIDGE_CARD_KEY_FILE: no such file[\s\S]*not both/,
    );
    expect(problems({ ALLOWLIST_SIGNING_KEY_FILE: join(dir, 'missing.pem') })).toMatch(
      /ALLOWLIST_SIGNING_KEY_FILE: no such file/,
    );
    expect(problems({ ALLOWLIST_VALIDITY_HOURS: '24', ALLOWLIST_REISSUE_HOURS: '24' })).toMatch(
      /ALLOWLIST_REISSUE_HOURS: must be shorter than ALLOWLIST_VALIDITY_HOURS/,
    );
    expect(problems({ BRIDGE_CARD_KEY: 'x'.repeat(64) })).toMatch(/BRIDGE_CARD_KEY must be 64 hex digits/);
    expect(problems({ BRIDGE_HEARTBEAT_S: '0' })).toMatch(/BRIDGE_HEARTBEAT_S/);
    expect(problems({})).toBe('');
  });
});
