import { copyFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode } from '@werkbank/contracts';
import { BridgeKeys } from '../apps/server/src/cards/bridge-keys';
import { runFromSource } from './support/run-from-source';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

/** The real command (`npm run backup` runs its build), from source, as its own process. */
const backup = (args: string[], env: Record<string, string>) =>
  runFromSource('apps/server/src/cli/backup.ts', args, env);

const mode = (path: string) => statSync(path).mode & 0o777;
const backupsIn = (folder: string) =>
  readdirSync(folder)
    .filter((name) => name.startsWith('werkbank-'))
    .sort();

describe('npm run backup: a consistent copy of a running installation', () => {
  let t: TestApp;
  let env: Record<string, string>;
  const memberIds: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    env = { DATABASE_URL: t.config.DATABASE_URL, DATA_DIR: t.dataDir, NODE_ENV: 'test' };
    for (let i = 0; i < 20; i++) {
      const res = await t
        .as(t.adminToken)
        .post('/api/members', { firstName: 'Backup', lastName: `Nummer ${i}` })
        .expect(201);
      memberIds.push(res.body.id as string);
    }
    await t
      .as(t.adminToken)
      .post(`/api/members/${memberIds[0]}/cards`, { uid: '0A1B2C3D', technology: 'em4100' })
      .expect(201);
  });
  afterAll(() => t.close());

  it('copies the database while the server writes, and the copy restores into a working server', async () => {
    // Members keep arriving while the snapshot is taken: the copy must be whole, whatever it catches.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await t
          .as(t.adminToken)
          .post('/api/members', { firstName: 'Während', lastName: `Sicherung ${i}` })
          .expect(201);
      }
    })();
    const run = await backup([], env);
    writing = false;
    await writer;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('werkbank.sqlite (');
    expect(run.stdout).toContain('integrity checked');

    const folder = join(t.dataDir, 'backups');
    const [name] = backupsIn(folder);
    const copy = join(folder, name);
    // Someone with a copy of the backup must not also hold the card key (card UIDs would be a 2^24 search).
    expect(readdirSync(copy).sort()).toEqual([
      'activity.journal',
      'allowlist-signing.key',
      'bridge-card.key',
      'werkbank.sqlite',
    ]);
    // The bridges' keys are in it: each bridge holds the card key and trusts the signing key anyway.
    expect(run.stdout).toContain('the allowlist signing key (allowlist-signing.key) is in it');
    expect(run.stdout).toContain('the bridge card key (bridge-card.key) is in it');
    expect(mode(join(copy, 'allowlist-signing.key'))).toBe(0o600);
    expect(run.stdout).toContain('The card key is NOT in this backup');
    expect(run.stdout).toContain(`${t.dataDir}/card-hash.key`);
    expect(run.stdout).toContain('back it up separately');
    expect(mode(copy)).toBe(0o700); // personal data: the owner only
    expect(mode(join(copy, 'werkbank.sqlite'))).toBe(0o600);
    expect(readdirSync(folder).filter((n) => n.endsWith('.partial'))).toEqual([]);

    // Restore as the printed instructions say, with the separately kept key, and start a second server on it.
    const restored = makeTempDir('restored');
    for (const file of readdirSync(copy)) copyFileSync(join(copy, file), join(restored.path, file));
    copyFileSync(join(t.dataDir, 'card-hash.key'), join(restored.path, 'card-hash.key'));
    const again = await startTestApp({ dataDir: restored.path });
    try {
      const list = await again.as(again.adminToken).get('/api/members?pageSize=100').expect(200);
      const ids = (list.body.items as { id: string }[]).map((m) => m.id);
      expect(ids).toEqual(expect.arrayContaining(memberIds));
      // The same card UID collides only if the card hash key came back with the database.
      const duplicate = await again
        .as(again.adminToken)
        .post(`/api/members/${memberIds[1]}/cards`, { uid: '0a1b2c3d', technology: 'em4100' })
        .expect(409);
      expect(duplicate.body.code).toBe(ErrorCode.DuplicateCard);
      // The bridges need no new provisioning: the same signing key and bridge card key came back.
      expect(again.app.get(BridgeKeys).keyId).toBe(t.app.get(BridgeKeys).keyId);
      expect(again.app.get(BridgeKeys).bridgeCardKey).toBe(t.app.get(BridgeKeys).bridgeCardKey);
    } finally {
      await again.close();
    }
  }, 120_000);

  it('copies the card key only when asked, and says so', async () => {
    const folder = makeTempDir('with-key');
    try {
      const run = await backup([folder.path, '--include-card-key'], env);
      expect(run.code).toBe(0);
      const [name] = backupsIn(folder.path);
      expect(readdirSync(join(folder.path, name)).sort()).toEqual([
        'activity.journal',
        'allowlist-signing.key',
        'bridge-card.key',
        'card-hash.key',
        'werkbank.sqlite',
      ]);
      expect(mode(join(folder.path, name, 'card-hash.key'))).toBe(0o600);
      expect(run.stdout).toContain('IS in this backup, as asked');
    } finally {
      folder.remove();
    }
  }, 60_000);

  it('keeps the newest backups with --keep', async () => {
    const folder = makeTempDir('backups');
    try {
      for (let i = 0; i < 3; i++) expect((await backup([folder.path, '--keep', '2'], env)).code).toBe(0);
      const kept = backupsIn(folder.path);
      expect(kept).toHaveLength(2);
      const last = await backup([folder.path, '--keep', '2'], env);
      expect(last.stdout).toContain(`Deleted 1 older backup(s): ${kept[0]}.`);
      expect(backupsIn(folder.path)).toEqual([kept[1], expect.any(String)]);
    } finally {
      folder.remove();
    }
  }, 120_000);

  it('copies the files of DATA_DIR and says how to dump PostgreSQL, which it cannot copy', async () => {
    const data = makeTempDir('pg-data');
    try {
      writeFileSync(join(data.path, 'card-hash.key'), 'secret\n', { mode: 0o600 });
      const run = await backup([], {
        DATABASE_URL: 'postgres://werkbank@127.0.0.1:1/werkbank',
        DATA_DIR: data.path,
      });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('no files.');
      expect(run.stdout).toContain('The card key is NOT in this backup');
      expect(run.stdout).toContain('The database is PostgreSQL and NOT in this backup');
      expect(run.stdout).toContain('pg_dump');
    } finally {
      data.remove();
    }
  }, 60_000);

  it('refuses bad arguments, a missing database and an unusable folder with what to do', async () => {
    const keep = await backup(['--keep', '0'], env);
    expect(keep.code).toBe(2);
    expect(keep.stderr).toContain('--keep needs a whole number from 1 up');
    expect(keep.stderr).toContain('Usage: npm run backup');

    const empty = makeTempDir('no-db');
    try {
      const none = await backup([], {
        DATABASE_URL: `sqlite:${empty.path}/werkbank.sqlite`,
        DATA_DIR: empty.path,
      });
      expect(none.code).toBe(1);
      expect(none.stderr).toContain(`No database at ${empty.path}/werkbank.sqlite`);

      const notAFolder = join(empty.path, 'a-file');
      writeFileSync(notAFolder, '');
      const blocked = await backup([notAFolder], env);
      expect(blocked.code).toBe(1);
      expect(blocked.stderr).toContain('The backup failed');
      expect(blocked.stderr).toContain('Check that the folder is writable');
    } finally {
      empty.remove();
    }
  }, 60_000);
});
