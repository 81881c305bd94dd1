import 'reflect-metadata';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { AppConfig } from '../config/app-config';
import { generatedBridgeCardKeyFile, generatedSigningKeyFile } from '../config/bridge-secrets';
import { generatedCardKeyFile } from '../config/secrets';
import { databaseExists, loadCliConfig, runCli, sqliteFileOf } from './cli.util';

/**
 * `npm run backup [-- <folder>] [--keep <n>]`: a consistent copy of everything Werkbank keeps, while it runs.
 *
 * Copying a live SQLite file is not a backup: in WAL mode the newest commits live in `-wal` beside it, and a
 * copy taken mid-write can be torn. The database is therefore written with `VACUUM INTO` (a snapshot of one
 * read transaction, which never blocks the server) and checked with `PRAGMA integrity_check`. The other files
 * of DATA_DIR follow, such as the activity journal (taps not yet in the database; replaying it twice counts
 * nothing twice).
 *
 * The card hash key is NOT copied unless `--include-card-key` is given: whoever holds a database copy and the
 * key together can recover EM4100 card UIDs (a 2^24 search per card). The output says where the key is and
 * that it must be backed up separately (without it every card must be enrolled again).
 *
 * Each backup is a folder `werkbank-<UTC time>` under `<folder>` (default DATA_DIR/backups), readable by the
 * owner only: it holds personal data and secrets. `--keep n` then deletes all but the newest n of them.
 * PostgreSQL is backed up with its own tool (pg_dump); this command then copies the files of DATA_DIR only.
 */

const PREFIX = 'werkbank-';
const USAGE = 'Usage: npm run backup [-- <folder>] [--keep <number of backups to keep>] [--include-card-key]';

interface Options {
  folder: string | null;
  keep: number | null;
  includeCardKey: boolean;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { folder: null, keep: null, includeCardKey: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--include-card-key') {
      options.includeCardKey = true;
    } else if (arg === '--keep') {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 1) return '--keep needs a whole number from 1 up';
      options.keep = value;
    } else if (arg.startsWith('-')) {
      return `unknown option ${arg}`;
    } else if (options.folder === null) {
      options.folder = arg;
    } else {
      return 'only one folder';
    }
  }
  return options;
}

async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(`${options}.\n${USAGE}\n`);
    return 2;
  }
  const config = loadCliConfig();
  if (config === null) return 2;
  const dataDir = resolve(config.DATA_DIR);
  if (!databaseExists(config)) return 1;
  const sqliteFile = sqliteFileOf(config);

  const parent = resolve(options.folder ?? join(dataDir, 'backups'));
  const name = `${PREFIX}${new Date().toISOString().replace(/[:.]/g, '-')}`;
  // Written under a temporary name and renamed when complete: a folder named werkbank-… is a whole backup.
  const partial = join(parent, `.${name}.partial`);
  const target = join(parent, name);
  mkdirSync(partial, { recursive: true, mode: 0o700 });
  chmodSync(partial, 0o700);
  const written: string[] = [];
  try {
    if (sqliteFile !== null) {
      // Recent commits may still sit in the write-ahead log beside the file.
      const wal = `${sqliteFile}-wal`;
      const size = statSync(sqliteFile).size + (existsSync(wal) ? statSync(wal).size : 0);
      process.stdout.write(`Writing a snapshot of ${sqliteFile} (up to ${megabytes(size)})…\n`);
      const copy = join(partial, basename(sqliteFile));
      await vacuumInto(sqliteFile, copy);
      chmodSync(copy, 0o600);
      written.push(`${basename(sqliteFile)} (${megabytes(statSync(copy).size)}, integrity checked)`);
    }
    const cardKey = basename(generatedCardKeyFile(config));
    for (const file of dataDirFiles(dataDir, sqliteFile)) {
      if (file === cardKey && !options.includeCardKey) continue;
      const copy = join(partial, file);
      copyFileSync(join(dataDir, file), copy);
      chmodSync(copy, 0o600);
      written.push(file);
    }
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }

  const lines = [`Backup written to ${displayPath(target)}: ${written.join(', ') || 'no files'}.`];
  if (sqliteFile === null) {
    lines.push(
      'The database is PostgreSQL and NOT in this backup: back it up with pg_dump, e.g.',
      '  pg_dump --format=custom --file=werkbank.dump "$DATABASE_URL"',
    );
  }
  if (sqliteFile === null) {
    lines.push(`To restore: stop Werkbank, copy the files into ${displayPath(dataDir)}, start it again.`);
  } else {
    // A write-ahead log left beside a restored file would be applied to it: the old companions must go.
    const database = displayPath(sqliteFile);
    lines.push(
      `To restore: stop Werkbank, delete ${database} with its -wal and -shm files, copy the backup's files ` +
        `into ${displayPath(dataDir)} (the database to ${database}), start it again.`,
    );
  }
  lines.push(cardKeyAdvice(config, options.includeCardKey));
  lines.push(bridgeKeysNote(config, written));
  if (options.keep !== null) {
    const removed = pruneBackups(parent, options.keep);
    if (removed.length > 0) lines.push(`Deleted ${removed.length} older backup(s): ${removed.join(', ')}.`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

/** Where the card key is, and that it belongs in a backup of its own. */
function cardKeyAdvice(config: AppConfig, included: boolean): string {
  const source = config.CARD_HASH_SECRET
    ? 'the environment variable CARD_HASH_SECRET'
    : config.CARD_HASH_SECRET_FILE
      ? `the file ${config.CARD_HASH_SECRET_FILE} (CARD_HASH_SECRET_FILE)`
      : `the file ${displayPath(generatedCardKeyFile(config))}`;
  if (included)
    return (
      `The card key (${source}) IS in this backup, as asked: keep the backup where a thief of the database ` +
      'cannot reach it, or card UIDs can be recovered.'
    );
  return (
    `The card key is NOT in this backup. It is in ${source}: back it up separately, apart from the database ` +
    '(without it every card must be enrolled again; with both together card UIDs can be recovered). ' +
    'Add --include-card-key to copy it here anyway.'
  );
}

/**
 * The firmware bridges' keys: copied like any file of DATA_DIR (each bridge holds or trusts them anyway), or
 * named where they live when the environment points elsewhere.
 */
function bridgeKeysNote(config: AppConfig, written: readonly string[]): string {
  const keys = [
    {
      name: 'allowlist signing key',
      file: generatedSigningKeyFile(config),
      source: config.ALLOWLIST_SIGNING_KEY_FILE,
    },
    {
      name: 'bridge card key',
      file: generatedBridgeCardKeyFile(config),
      source: config.BRIDGE_CARD_KEY ? 'BRIDGE_CARD_KEY' : config.BRIDGE_CARD_KEY_FILE,
    },
  ];
  const parts = keys.map(({ name, file, source }) =>
    source
      ? `the ${name} is NOT in it (it comes from ${source}: back that up)`
      : written.includes(basename(file))
        ? `the ${name} (${basename(file)}) is in it`
        : `there is no ${name} yet (made at the first start)`,
  );
  return `Firmware bridges: ${parts.join('; ')}. Without them every bridge must be provisioned again.`;
}

/** The regular files of DATA_DIR besides the SQLite database and its -wal/-shm/-journal companions. */
function dataDirFiles(dataDir: string, sqliteFile: string | null): string[] {
  if (!existsSync(dataDir)) return [];
  const database = sqliteFile === null ? null : basename(sqliteFile);
  return readdirSync(dataDir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .filter(
      (file) =>
        database === null ||
        !(file === database || [`${database}-wal`, `${database}-shm`, `${database}-journal`].includes(file)),
    )
    .sort();
}

function openDatabase(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolveOpen, reject) => {
    const db = new sqlite3.Database(file, mode, (error) => (error ? reject(error) : resolveOpen(db)));
  });
}

function run(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<void> {
  return new Promise((resolveRun, reject) =>
    db.run(sql, params, (error) => (error ? reject(error) : resolveRun())),
  );
}

function closeDatabase(db: sqlite3.Database): Promise<void> {
  return new Promise((resolveClose, reject) => db.close((error) => (error ? reject(error) : resolveClose())));
}

/** A transaction-consistent copy of a live database, then SQLite's own check of the copy. */
async function vacuumInto(source: string, target: string): Promise<void> {
  const db = await openDatabase(source, sqlite3.OPEN_READONLY);
  try {
    db.configure('busyTimeout', 10_000);
    await run(db, 'VACUUM INTO ?', [target]);
  } finally {
    await closeDatabase(db);
  }
  const copy = await openDatabase(target, sqlite3.OPEN_READONLY);
  try {
    const rows = await new Promise<{ integrity_check: string }[]>((resolveAll, reject) =>
      copy.all<{ integrity_check: string }>('PRAGMA integrity_check', (error, result) =>
        error ? reject(error) : resolveAll(result),
      ),
    );
    const problems = rows.map((row) => row.integrity_check).filter((text) => text !== 'ok');
    if (problems.length > 0)
      throw new Error(`the copy failed SQLite's integrity check: ${problems.join('; ')}`);
  } finally {
    await closeDatabase(copy);
  }
}

/** Deletes all but the newest `keep` backup folders (by their names, which sort by time). */
function pruneBackups(parent: string, keep: number): string[] {
  const backups = readdirSync(parent, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name.startsWith(PREFIX))
    .map((entry) => entry.name)
    .sort();
  const old = backups.slice(0, Math.max(0, backups.length - keep));
  for (const name of old) rmSync(join(parent, name), { recursive: true, force: true });
  return old;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

/** Relative to the working directory where that is shorter, as people typed it. */
function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}

runCli(
  () => main(process.argv.slice(2)),
  'The backup failed',
  'Nothing was kept of the incomplete backup. Check that the folder is writable and has space, then try again.',
);
