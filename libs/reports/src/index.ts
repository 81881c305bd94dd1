export * from './metrics';
export * from './periods';
