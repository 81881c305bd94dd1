import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { buildDataSourceOptions, DatabaseSettings } from './database-options';
import { REPOSITORIES } from './repositories';

/** Database connection, migrations on boot, and the repositories. */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(settings: () => DatabaseSettings & { synchronize?: boolean }): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => {
            const s = settings();
            return { ...buildDataSourceOptions(s), migrationsRun: !s.synchronize, synchronize: s.synchronize ?? false };
          },
        }),
      ],
      providers: REPOSITORIES,
      exports: REPOSITORIES,
    };
  }
}
