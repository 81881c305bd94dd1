import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { makeTempDir } from '../../../test/support/temp-dir';
import { buildDataSourceOptions, serializeSqliteTransactions } from './database-options';
import { AuditLogEntity } from './entities';

describe('serializeSqliteTransactions', () => {
  const dir = makeTempDir('serialize');
  let ds: DataSource;

  beforeAll(async () => {
    ds = serializeSqliteTransactions(
      await new DataSource(
        buildDataSourceOptions({ type: 'sqlite', location: `${dir.path}/s.sqlite` }),
      ).initialize(),
    );
    await ds.runMigrations();
  });
  afterAll(async () => {
    await ds.destroy();
    dir.remove();
  });

  const entry = (entityId: string) =>
    ds.getRepository(AuditLogEntity).create({
      at: new Date(),
      actorId: null,
      actorName: 'system',
      action: 'update',
      entityType: 'test',
      entityId,
      before: null,
      after: null,
    } as Partial<AuditLogEntity>);

  it('lets a save outside a transaction wait for a running transaction instead of nesting in it', async () => {
    // A slow explicit transaction (the journal's flush) and a save on its own (an audit entry) at once: on
    // TypeORM's one SQLite connection they share a transaction unless the save waits its turn.
    let inside!: () => void;
    const started = new Promise<void>((resolve) => (inside = resolve));
    const flush = ds.transaction(async (em) => {
      await em.getRepository(AuditLogEntity).save(entry('in-transaction'));
      inside();
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    await started;
    const single = ds.getRepository(AuditLogEntity).save(entry('on-its-own'));
    await expect(Promise.all([flush, single])).resolves.toBeDefined();
    const ids = (await ds.getRepository(AuditLogEntity).find()).map((e) => e.entityId).sort();
    expect(ids).toEqual(['in-transaction', 'on-its-own']);
  });

  it('keeps a failed transaction from rolling back a save that ran beside it', async () => {
    const failing = ds.transaction(async (em) => {
      await em.getRepository(AuditLogEntity).save(entry('rolled-back'));
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw new Error('flush failed');
    });
    const single = ds.getRepository(AuditLogEntity).save(entry('kept'));
    await expect(failing).rejects.toThrow('flush failed');
    await single;
    const ids = (await ds.getRepository(AuditLogEntity).find()).map((e) => e.entityId);
    expect(ids).toContain('kept');
    expect(ids).not.toContain('rolled-back');
  });
});
