import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PreparedReads } from './prepared-reads';

describe('PreparedReads on a real SQLite file', () => {
  let dir: string;
  let ds: DataSource;
  let reads: PreparedReads;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'werkbank-reads-'));
    ds = await new DataSource({ type: 'sqlite', database: join(dir, 'reads.sqlite') }).initialize();
    await ds.query('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)');
    await ds.query("INSERT INTO t (name) VALUES ('a'), ('b'), ('c')");
    reads = new PreparedReads(ds);
  });

  afterEach(async () => {
    await reads.onModuleDestroy();
    await ds.destroy(); // fails with SQLITE_BUSY if a kept statement was not finalized
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers repeated queries with new parameters from one kept statement', async () => {
    const sql = 'SELECT name FROM t WHERE id >= ? ORDER BY id';
    expect(await reads.all(sql, [2])).toEqual([{ name: 'b' }, { name: 'c' }]);
    expect(await reads.all(sql, [3])).toEqual([{ name: 'c' }]);
    // Concurrent runs of one statement queue up and each gets its own rows.
    const results = await Promise.all([1, 2, 3].map((from) => reads.all(sql, [from])));
    expect(results.map((rows) => rows.length)).toEqual([3, 2, 1]);
  });

  it('sees writes made through TypeORM on the same connection', async () => {
    const sql = 'SELECT COUNT(*) AS n FROM t';
    expect(await reads.all(sql, [])).toEqual([{ n: 3 }]);
    await ds.query("INSERT INTO t (name) VALUES ('d')");
    expect(await reads.all(sql, [])).toEqual([{ n: 4 }]);
  });

  it('rejects a statement that does not prepare, instead of hanging, and tries again next time', async () => {
    await expect(reads.all('SELEC name FROM t', [])).rejects.toThrow(/syntax error/);
    await expect(reads.all('SELEC name FROM t', [])).rejects.toThrow(/syntax error/);
    await expect(reads.all('SELECT name FROM missing_table', [])).rejects.toThrow(/no such table/);
    await ds.query('CREATE TABLE missing_table (name TEXT)');
    expect(await reads.all('SELECT name FROM missing_table', [])).toEqual([]);
  });

  it('keeps a bounded number of statements and still closes cleanly', async () => {
    for (let i = 0; i < 150; i++) {
      expect(await reads.all(`SELECT ${i} AS i, name FROM t WHERE id = ?`, [1])).toEqual([{ i, name: 'a' }]);
    }
    expect(reads.size).toBeLessThanOrEqual(64);
    // afterEach closes the connection: every evicted statement must have been finalized as well.
  });
});
