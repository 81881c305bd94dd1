import { Mutex } from 'async-mutex';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseSettings {
  /** `sqlite` (embedded default) or `postgres`. */
  type: 'sqlite' | 'postgres';
  /** SQLite file path, or a PostgreSQL connection URL. */
  location: string;
  logging?: boolean;
}

/**
 * One place that turns settings into TypeORM options. The schema always comes from migrations;
 * `synchronize` stays off (throwaway tests may still pass it explicitly).
 */
export function buildDataSourceOptions(settings: DatabaseSettings): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: settings.logging ?? false,
  } as const;
  if (settings.type === 'postgres') {
    return { ...common, type: 'postgres', url: settings.location, poolSize: 10 };
  }
  return {
    ...common,
    type: 'sqlite',
    database: settings.location,
    driver: plainSqlite3(),
    // WAL lets readers run beside the single writer; busy_timeout rides out short write locks.
    enableWAL: true,
    busyErrorRetry: 50,
  };
}

/**
 * TypeORM switches sqlite3 to verbose mode (`driver.verbose()`), which captures a stack trace on every call:
 * ~40% of a simple read's CPU in our profile. This view of the module answers verbose() with itself.
 */
function plainSqlite3(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sqlite3 = require('sqlite3') as object;
  return Object.assign(Object.create(sqlite3) as object, { verbose: () => sqlite3 });
}

/**
 * SQLite leaves deleted rows in free pages until they are reused: an erased member's name would still be in
 * the file. `secure_delete` overwrites deleted content with zeros (TypeORM keeps one connection, so the
 * pragma holds for every statement). PostgreSQL's dead tuples go with VACUUM; see docs/data-protection.md.
 */
export async function secureSqliteDeletes(dataSource: DataSource): Promise<DataSource> {
  if (dataSource.options.type === 'sqlite') await dataSource.query('PRAGMA secure_delete = ON');
  return dataSource;
}

/**
 * TypeORM talks to SQLite over one connection, so two transactions running at once interleave their
 * statements ("cannot start a transaction within a transaction", "cannot commit - no transaction is active",
 * and a rollback of one undoing the other). On SQLite, transactions therefore take turns: explicit ones
 * (`transaction()`) and the implicit one that `save()` and `remove()` open when called outside a transaction
 * (a repository of the root manager, e.g. an audit entry written on its own beside the journal's flush).
 * PostgreSQL has a pool and real concurrent transactions, and is left alone.
 */
export function serializeSqliteTransactions(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'sqlite') return dataSource;
  const mutex = new Mutex();
  const manager = dataSource.manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  // The root manager only: managers handed into a transaction are other objects and run inside its turn.
  for (const method of ['transaction', 'save', 'remove', 'softRemove', 'recover']) {
    const original = manager[method].bind(manager);
    manager[method] = (...args: unknown[]) => mutex.runExclusive(() => original(...args));
  }
  return dataSource;
}

export type { EntityManager };
