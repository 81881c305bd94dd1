export {};
export * from './suppression';
