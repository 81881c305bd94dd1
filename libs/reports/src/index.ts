export * from './metrics';
export * from './periods';
export * from './rollup';
export * from './figures';
export * from './event-figures';
