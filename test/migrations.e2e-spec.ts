import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, DatabaseSettings, MIGRATIONS } from '@werkbank/persistence';
import { startPostgres } from './support/postgres';
import { makeTempDir } from './support/temp-dir';

/**
 * Migrations are the schema: after running them, TypeORM must find nothing left to change against the
 * entities, on both databases; and every migration must undo cleanly.
 */
async function checkMigrations(settings: DatabaseSettings): Promise<void> {
  const ds = new DataSource(buildDataSourceOptions(settings));
  await ds.initialize();
  try {
    const applied = await ds.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toHaveLength(MIGRATIONS.length);
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    expect(await ds.showMigrations()).toBe(false);
    for (let i = 0; i < MIGRATIONS.length; i++) await ds.undoLastMigration({ transaction: 'each' });
    const tables = await ds.query(
      settings.type === 'postgres'
        ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('migrations', 'sqlite_sequence')",
    );
    expect(tables).toEqual([]);
  } finally {
    await ds.destroy();
  }
}

describe('migrations', () => {
  it('build exactly the entity schema on SQLite and undo cleanly', async () => {
    const dir = makeTempDir('sqlite');
    try {
      await checkMigrations({ type: 'sqlite', location: `${dir.path}/m.sqlite` });
    } finally {
      dir.remove();
    }
  });

  it('build exactly the entity schema on PostgreSQL and undo cleanly', async () => {
    const pg = startPostgres();
    try {
      await checkMigrations({ type: 'postgres', location: pg.url });
    } finally {
      pg.stop();
    }
  });
});
