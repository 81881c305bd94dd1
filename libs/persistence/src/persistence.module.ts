import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, DataSourceOptions } from 'typeorm';
import {
  buildDataSourceOptions,
  DatabaseSettings,
  secureSqliteDeletes,
  serializeSqliteTransactions,
} from './database-options';
import { REPOSITORIES } from './repositories';

/** Database connection, migrations on boot, and the repositories. */
@Global()
@Module({})
export class PersistenceModule {
  /** `migrationsRun: false` for tools that must not change the schema (the command line); default: run them. */
  static forRoot(
    settings: () => DatabaseSettings & { synchronize?: boolean; migrationsRun?: boolean },
  ): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const s = settings();
            return {
              ...buildDataSourceOptions(s),
              migrationsRun: s.migrationsRun ?? !s.synchronize,
              synchronize: s.synchronize ?? false,
            };
          },
          dataSourceFactory: async (options?: DataSourceOptions) =>
            serializeSqliteTransactions(
              await secureSqliteDeletes(await new DataSource(options as DataSourceOptions).initialize()),
            ),
        }),
      ],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    };
  }
}
