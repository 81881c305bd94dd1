// Two tiers: fast unit specs beside the code, and cross-process e2e suites in test/ (real broker, SQLite file,
// pty serial, headless Chromium). Type checking runs once in `npm run typecheck`; ts-jest only transpiles.
process.env.TZ = 'UTC';

const moduleNameMapper = {
  '^@werkbank/(contracts|persistence|access-core|device-protocol|reports)$': '<rootDir>/libs/$1/src',
  '^@werkbank/(contracts|persistence|access-core|device-protocol|reports)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
// DTOs and controllers go through the @nestjs/swagger plugin, as in the build (nest-cli.json), so an app started
// in a test serves the same OpenAPI document (see test/support/swagger-plugin.transformer.js).
const swaggerPlugin = require('./nest-cli.json').compilerOptions.plugins.find(
  (p) => p.name === '@nestjs/swagger',
);
const transform = {
  '^.+\\.(dto|controller)\\.ts$': [
    '<rootDir>/test/support/swagger-plugin.transformer.js',
    swaggerPlugin.options,
  ],
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const common = {
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // Global on purpose: Jest does not read testTimeout per project.
  testTimeout: 30000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/firmware-bridge/**/*.spec.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
    },
  ],
};
