export * from './database-options';
export * from './entities';
export * from './migrations';
export * from './persistence.module';
export * from './repositories';
