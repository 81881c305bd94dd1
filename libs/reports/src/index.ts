export * from './event-figures';
export * from './figures';
export * from './metrics';
export * from './periods';
export * from './rollup';
export * from './suppression';
export * from './publish';
export * from './cell-report';
