import 'reflect-metadata';
import { DataSource } from 'typeorm';
import {
  buildDataSourceOptions,
  DatabaseSettings,
  MemberEntity,
  MemberListItem,
  MembersRepository,
  PreparedReads,
  MIGRATIONS,
} from '@werkbank/persistence';
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

/**
 * The member list writes its SQL by hand and, on SQLite, has SQLite aggregate the page into JSON: both
 * databases must answer the same page in the same shape.
 */
async function checkMemberList(settings: DatabaseSettings): Promise<void> {
  const ds = new DataSource(buildDataSourceOptions(settings));
  await ds.initialize();
  try {
    await ds.runMigrations();
    const names = ['Öztürk', 'Meyer_', 'Meyer', 'meyerhof', 'Adams', 'Zander', 'Meyer%'];
    const rows = names.map((lastName, i) =>
      ds.getRepository(MemberEntity).create({
        id: `00000000-0000-4000-8000-00000000000${i}`,
        memberKey: `key${i}`,
        firstName: i === 4 ? 'Meyerling' : 'Alex',
        lastName,
        email: `m${i}@example.org`,
        status: (i === 5 ? 'suspended' : 'active') as MemberEntity['status'],
        isMinor: i === 1,
      }),
    );
    const reads = new PreparedReads(ds);
    const members = new MembersRepository(ds, reads);
    // The bulk path of the CSV import (multi-row INSERTs), on both databases.
    await ds.transaction((em) => members.insertMany(rows, em, new Date(Date.UTC(2026, 0, 2, 3, 4, 9, 120))));
    const page = async (filter: Partial<Parameters<MembersRepository['findPage']>[0]>) => {
      const { itemsJson, total } = await members.findPage({
        sort: 'lastName',
        order: 'asc',
        page: 1,
        pageSize: 50,
        ...filter,
      });
      return { items: JSON.parse(itemsJson) as MemberListItem[], total };
    };

    // A literal underscore and percent sign in the search match themselves, not any character.
    const meyer = await page({ q: 'meyer_' });
    expect(meyer.items.map((m) => m.lastName)).toEqual(['Meyer_']);
    const prefix = await page({
      q: 'MEYER',
      status: 'active' as MemberEntity['status'],
      order: 'desc',
      pageSize: 2,
      page: 2,
    });
    expect(prefix.total).toBe(5); // Meyer, Meyer%, Meyer_, meyerhof by last name, Adams by first name
    expect(prefix.items).toHaveLength(2);
    const first = (await page({ pageSize: 1 })).items[0];
    expect(first).toEqual({
      id: '00000000-0000-4000-8000-000000000004',
      memberKey: 'key4',
      firstName: 'Meyerling',
      lastName: 'Adams',
      email: 'm4@example.org',
      status: 'active',
      guestValidFrom: null,
      guestValidUntil: null,
      homeSiteId: null,
      isMinor: false,
      createdAt: '2026-01-02T03:04:09.120Z',
    });
    const minor = (await page({ q: 'meyer_' })).items[0];
    expect(minor.isMinor).toBe(true);
    // Kept statements are finalized at shutdown, else SQLite would refuse to close the connection.
    await reads.onModuleDestroy();
  } finally {
    await ds.destroy();
  }
}

describe('migrations', () => {
  it('build exactly the entity schema on SQLite and undo cleanly', async () => {
    const dir = makeTempDir('sqlite');
    try {
      await checkMigrations({ type: 'sqlite', location: `${dir.path}/m.sqlite` });
      await checkMemberList({ type: 'sqlite', location: `${dir.path}/list.sqlite` });
    } finally {
      dir.remove();
    }
  });

  it('build exactly the entity schema on PostgreSQL and undo cleanly', async () => {
    const pg = startPostgres();
    try {
      await checkMigrations({ type: 'postgres', location: pg.url });
      await checkMemberList({ type: 'postgres', location: pg.url });
    } finally {
      pg.stop();
    }
  });
});
