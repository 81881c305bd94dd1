import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { StaffService } from '../apps/server/src/staff/staff.service';
import { makeTempDir } from './support/temp-dir';
import { ADMIN_PASSWORD, startTestApp } from './support/test-app';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('data at rest: owner-only files, DATA_DIR holds the database, expired sessions go', () => {
  it('another user on the machine cannot read the database, its WAL, the journal or the card key', async () => {
    const dir = makeTempDir('at-rest');
    // What an older version left behind: a world-readable folder and key.
    chmodSync(dir.path, 0o755);
    writeFileSync(join(dir.path, 'card-hash.key'), `${'a'.repeat(64)}\n`, { mode: 0o644 });
    chmodSync(join(dir.path, 'card-hash.key'), 0o644);
    const t = await startTestApp({ dataDir: dir.path, keepData: true });
    try {
      // Activity, so that the journal and the write-ahead log exist.
      await t.as(t.adminToken).post('/api/members', { firstName: 'Mode', lastName: 'Check' }).expect(201);
      expect(mode(dir.path)).toBe(0o700);
      for (const file of ['werkbank.sqlite', 'werkbank.sqlite-wal', 'werkbank.sqlite-shm', 'card-hash.key']) {
        expect([file, mode(join(dir.path, file))]).toEqual([file, 0o600]);
      }
      const journal = join(dir.path, 'activity.journal');
      expect(existsSync(journal)).toBe(true);
      expect(mode(journal)).toBe(0o600);
    } finally {
      await t.close();
      dir.remove();
    }
  });

  it('an operator who points DATA_DIR at a fresh folder gets a fresh database there', async () => {
    const dir = makeTempDir('fresh');
    const folder = join(dir.path, 'nested', 'data');
    const t = await startTestApp({ dataDir: folder, env: { DATABASE_URL: '' }, keepData: true });
    try {
      expect(t.config.DATABASE_URL).toBe(`sqlite:${folder}/werkbank.sqlite`);
      expect(existsSync(join(folder, 'werkbank.sqlite'))).toBe(true);
      expect(mode(join(dir.path, 'nested', 'data'))).toBe(0o700);
    } finally {
      await t.close();
      dir.remove();
    }
  });

  it('says when ADMIN_PASSWORD was not used because the database already has accounts', async () => {
    const dir = makeTempDir('admin-pw');
    mkdirSync(dir.path, { recursive: true });
    const first = await startTestApp({ dataDir: dir.path, keepData: true });
    await first.close();
    const same = await startTestApp({ dataDir: dir.path, keepData: true });
    try {
      expect(await same.app.get(StaffService).ensureInitialAdmin()).toEqual({
        created: false,
        adminPasswordIgnored: false,
      });
    } finally {
      await same.close();
    }
    // The same database started with another ADMIN_PASSWORD: the operator must hear that it was ignored.
    const other = await startTestApp({
      dataDir: dir.path,
      keepData: true,
      env: { ADMIN_PASSWORD: `${ADMIN_PASSWORD}-other` },
    });
    try {
      expect(await other.app.get(StaffService).ensureInitialAdmin()).toEqual({
        created: false,
        adminPasswordIgnored: true,
      });
    } finally {
      await other.close();
      dir.remove();
    }
  });

  it('deletes expired staff sessions at start instead of keeping them forever', async () => {
    const dir = makeTempDir('sessions');
    const first = await startTestApp({ dataDir: dir.path, keepData: true });
    await first.login('admin', ADMIN_PASSWORD);
    const ds = first.app.get(DataSource);
    await ds.query(`UPDATE staff_sessions SET "expiresAt" = '2026-01-01 00:00:00.000'`);
    expect(Number((await ds.query('SELECT count(*) AS n FROM staff_sessions'))[0].n)).toBe(2);
    await first.close();
    const again = await startTestApp({ dataDir: dir.path, keepData: true });
    try {
      // Only the session of this start's own login is left.
      const rows = (await again.app.get(DataSource).query('SELECT "expiresAt" FROM staff_sessions')) as {
        expiresAt: string;
      }[];
      expect(rows).toHaveLength(1);
      expect(new Date(rows[0].expiresAt).getTime()).toBeGreaterThan(Date.now());
    } finally {
      await again.close();
      dir.remove();
    }
  });
});
