import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from './app-config';

/**
 * The card hash key. From CARD_HASH_SECRET, or generated once into DATA_DIR/card-hash.key (mode 0600) so the
 * embedded default works with no setup. Losing the key means re-enrolling every card: back it up.
 */
export function resolveCardHashSecret(config: AppConfig): string {
  if (config.CARD_HASH_SECRET) return config.CARD_HASH_SECRET;
  const file = join(config.DATA_DIR, 'card-hash.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.DATA_DIR, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
