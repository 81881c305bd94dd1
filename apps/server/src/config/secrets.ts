import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

/** Where the generated card key lives when neither CARD_HASH_SECRET nor CARD_HASH_SECRET_FILE is set. */
export function generatedCardKeyFile(config: AppConfig): string {
  return join(config.DATA_DIR, 'card-hash.key');
}

/**
 * The card hash key: CARD_HASH_SECRET, or the file CARD_HASH_SECRET_FILE names (outside DATA_DIR in
 * production, checked by the config), or generated once into DATA_DIR/card-hash.key (mode 0600) so the
 * embedded default works with no setup. Losing the key means re-enrolling every card: back it up, apart from
 * the database.
 */
export function resolveCardHashSecret(config: AppConfig): string {
  if (config.CARD_HASH_SECRET) return config.CARD_HASH_SECRET;
  if (config.CARD_HASH_SECRET_FILE) {
    const secret = readFileSync(config.CARD_HASH_SECRET_FILE, 'utf8').trim();
    if (secret.length < 32)
      throw new Error(`CARD_HASH_SECRET_FILE ${config.CARD_HASH_SECRET_FILE} holds fewer than 32 characters`);
    return secret;
  }
  const file = generatedCardKeyFile(config);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
