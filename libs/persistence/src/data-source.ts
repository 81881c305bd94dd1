// Data source for the TypeORM CLI (migration:generate / migration:run). The server builds its own from config.
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from './database-options';

const url = process.env.DATABASE_URL ?? 'sqlite:./data/werkbank.sqlite';
export default new DataSource(
  buildDataSourceOptions(
    url.startsWith('postgres')
      ? { type: 'postgres', location: url }
      : { type: 'sqlite', location: url.replace(/^sqlite:/, '') },
  ),
);
