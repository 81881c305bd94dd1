import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, ConfigError, databaseSettings, loadConfig } from '../config/app-config';

/** The server's configuration from the environment, or null after printing what is wrong with it. */
export function loadCliConfig(): AppConfig | null {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
    return null;
  }
}

/** Runs a command's main and exits with its code; an unexpected error is printed with `hint` and exits 1. */
export function runCli(main: () => Promise<number>, failure: string, hint: string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${failure}: ${error instanceof Error ? error.message : String(error)}\n${hint}\n`,
      );
      process.exit(1);
    },
  );
}

/** The configured SQLite file (absolute), or null for PostgreSQL and an in-memory database. */
export function sqliteFileOf(config: AppConfig): string | null {
  const db = databaseSettings(config);
  return db.type === 'sqlite' && db.location !== ':memory:' ? resolve(db.location) : null;
}

/**
 * False after telling the operator that the configured SQLite file does not exist: the commands work on
 * the server's database and must not create an empty one.
 */
export function databaseExists(config: AppConfig): boolean {
  const file = sqliteFileOf(config);
  if (file === null || existsSync(file)) return true;
  process.stderr.write(
    `No database at ${file}.\n` +
      'Start Werkbank once (npm start): it creates the database and the first admin. If the server runs ' +
      'with another DATABASE_URL or DATA_DIR, set the same here.\n',
  );
  return false;
}
