// Lint enforces what review should not have to: awaited promises, exhaustive switches, and the one-way
// import boundaries between the libs (pure libs import nothing of the project but contracts).
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureLibRestrictions = {
  patterns: [
    {
      group: ['@nestjs/*', 'typeorm', 'mqtt', 'serialport', '@serialport/*', 'socket.io', 'aedes'],
      message: 'Pure libs take no framework or I/O dependency.',
    },
    { group: ['node:fs', 'fs', 'node:net', 'net', 'node:child_process'], message: 'Pure libs do no I/O.' },
    {
      group: ['@werkbank/persistence', '@werkbank/access-core', '@werkbank/device-protocol', '**/apps/**'],
      message: 'Pure libs import only @werkbank/contracts.',
    },
  ],
};

/** The report maths is pure too; it may reuse access-core's calendar and clock helpers (pure as well). */
const reportsLibRestrictions = {
  patterns: [
    ...pureLibRestrictions.patterns.slice(0, 2),
    {
      group: ['@werkbank/persistence', '@werkbank/device-protocol', '**/apps/**'],
      message: 'The reports lib imports only @werkbank/contracts and @werkbank/access-core.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'data/**',
      'coverage/**',
      'apps/admin/**',
      'bench/out/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    files: ['libs/access-core/**/*.ts', 'libs/device-protocol/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', pureLibRestrictions] },
  },
  {
    files: ['libs/reports/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', reportsLibRestrictions] },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@werkbank/*', '@nestjs/*', 'typeorm'],
              message: 'contracts is the bottom of the graph.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/persistence/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/**', '@werkbank/access-core', '@werkbank/device-protocol'],
              message: 'persistence depends only on contracts.',
            },
          ],
        },
      ],
    },
  },
);
