import { chmodSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AppConfig, databaseSettings } from './app-config';

const OWNER_ONLY_DIR = 0o700;
const OWNER_ONLY_FILE = 0o600;

/**
 * Everything the server writes is for its own user only: the database with its -wal and -shm files, the
 * activity journal, the card key and the print states hold personal data or secrets. The umask covers every
 * file created from now on (SQLite creates -wal/-shm with the database's mode); the chmod pass fixes what an
 * older version or a copy left readable for others.
 */
export function secureDataDir(config: AppConfig): void {
  process.umask(0o077);
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true, mode: OWNER_ONLY_DIR });
  chmodSync(dataDir, OWNER_ONLY_DIR);
  const db = databaseSettings(config);
  const sqliteFile = db.type === 'sqlite' && db.location !== ':memory:' ? resolve(db.location) : null;
  // A database outside DATA_DIR: its folder is created owner-only, an existing one is the operator's choice.
  if (sqliteFile !== null) mkdirSync(dirname(sqliteFile), { recursive: true, mode: OWNER_ONLY_DIR });
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile()) chmodSync(join(dataDir, entry.name), OWNER_ONLY_FILE);
  }
  if (sqliteFile !== null) {
    for (const file of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`, `${sqliteFile}-journal`]) {
      if (existsSync(file)) chmodSync(file, OWNER_ONLY_FILE);
    }
  }
}
