import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { Database, Statement } from 'sqlite3';
import { DataSource } from 'typeorm';

const CAPACITY = 64;

/**
 * Read queries of the busiest list routes, through prepared statements kept per SQL text (on SQLite).
 *
 * node-sqlite3 prepares every `Database#all` anew: one trip to its worker thread to prepare, a second to run,
 * then finalize, each trip waking the event loop. A kept statement needs only the run: +20–30 % requests per
 * second on the member list, measured (bench:api). The SQL texts are the repositories' own, with values as
 * parameters, so their number stays small; the least recently used statement goes beyond CAPACITY.
 *
 * Statements are finalized before the connection closes (SQLite refuses to close with live ones), and a
 * statement that failed to prepare or run is dropped rather than reused. PostgreSQL's driver has no such
 * per-query cost: there the reads go through TypeORM as usual.
 */
@Injectable()
export class PreparedReads implements OnModuleDestroy {
  /** Per SQL text, the statement once prepared (a failed prepare is removed, so the next call retries). */
  private readonly statements = new Map<string, Promise<Statement>>();
  private readonly db: Database | null;

  constructor(private readonly dataSource: DataSource) {
    this.db =
      dataSource.options.type === 'sqlite'
        ? ((dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection ?? null)
        : null;
  }

  get isSqlite(): boolean {
    return this.db !== null;
  }

  /** Statements kept now (at most CAPACITY). */
  get size(): number {
    return this.statements.size;
  }

  async all<T>(sql: string, parameters: readonly unknown[]): Promise<T[]> {
    if (this.db === null) return this.dataSource.query<T[]>(sql, [...parameters]);
    const prepared = this.statement(this.db, sql);
    const statement = await prepared;
    return new Promise<T[]>((resolve, reject) => {
      statement.all([...parameters], (error: Error | null, rows: T[]) => {
        if (error === null) return resolve(rows);
        this.drop(sql, prepared);
        reject(error);
      });
    });
  }

  async onModuleDestroy(): Promise<void> {
    const statements = [...this.statements.values()];
    this.statements.clear();
    await Promise.all(statements.map((p) => p.then(finalize, () => undefined)));
  }

  private statement(db: Database, sql: string): Promise<Statement> {
    const kept = this.statements.get(sql);
    if (kept !== undefined) {
      // Re-insert: a Map iterates in insertion order, so its first key is the least recently used.
      this.statements.delete(sql);
      this.statements.set(sql, kept);
      return kept;
    }
    // node-sqlite3 never answers a run of a statement whose prepare failed: wait for the prepare first.
    const prepared = new Promise<Statement>((resolve, reject) => {
      const statement = db.prepare(sql, (error: Error | null) => {
        if (error === null) return resolve(statement);
        this.drop(sql, prepared);
        reject(error);
      });
    });
    this.statements.set(sql, prepared);
    if (this.statements.size > CAPACITY) {
      const [oldestSql, oldest] = this.statements.entries().next().value as [string, Promise<Statement>];
      this.drop(oldestSql, oldest);
    }
    return prepared;
  }

  private drop(sql: string, prepared: Promise<Statement>): void {
    if (this.statements.get(sql) === prepared) this.statements.delete(sql);
    prepared.then(finalize, () => undefined);
  }
}

function finalize(statement: Statement): Promise<void> {
  return new Promise((resolve) => statement.finalize(() => resolve()));
}
