import { DataSourceOptions } from 'typeorm';
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
    // WAL lets readers run beside the single writer; busy_timeout rides out short write locks.
    enableWAL: true,
    busyErrorRetry: 50,
  };
}
