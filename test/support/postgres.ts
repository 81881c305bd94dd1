import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { makeTempDir } from './temp-dir';

const SCRIPT = resolve(__dirname, '../../scripts/pg-throwaway.sh');

/** A throwaway PostgreSQL cluster on loopback (Debian's postgresql package, installed by scripts/test-setup.sh). */
export function startPostgres(): { url: string; stop: () => void } {
  const dir = makeTempDir('pg');
  const port = 20000 + Math.floor(Math.random() * 20000);
  execFileSync('bash', [SCRIPT, 'start', `${dir.path}/cluster`, String(port)], { stdio: 'pipe' });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      execFileSync('bash', [SCRIPT, 'stop', `${dir.path}/cluster`], { stdio: 'pipe' });
      dir.remove();
    },
  };
}

/** A database the product supports, started for one suite; `env` goes into the app's configuration. */
export interface TestDatabase {
  readonly env: Record<string, string>;
  stop(): void;
}

/** Run a suite on both with `describe.each(DATABASES)('… on $name', ({ start }) => …)`. */
export const DATABASES: readonly { name: string; start: () => TestDatabase }[] = [
  { name: 'a real SQLite file', start: () => ({ env: {}, stop: () => undefined }) },
  {
    name: 'PostgreSQL',
    start: () => {
      const pg = startPostgres();
      return { env: { DATABASE_URL: pg.url }, stop: pg.stop };
    },
  },
];
