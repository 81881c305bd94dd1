import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The package version, found by walking up from this file (works from src/ under ts-jest and from dist/). */
function findVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'werkbank') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

export const VERSION = findVersion();
