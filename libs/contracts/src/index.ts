export * from './access';
export * from './device-families';
export * from './devices';
export * from './domain.enums';
export * from './errors';
export * from './events.enums';
export * from './live-events';
export * from './pagination';
export * from './reports';
// Response schemas are values for the server (`@werkbank/contracts/api`); here only their types, so the admin
// UI's bundle stays free of them.
export type * from './api';
