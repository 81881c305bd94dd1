export * from './access';
export * from './device-families';
export * from './devices';
export * from './domain.enums';
export * from './errors';
export * from './live-events';
export * from './pagination';
