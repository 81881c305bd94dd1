import 'reflect-metadata';
import { addDaysToDate, localDateOf } from '@werkbank/access-core';
import { StaffRole } from '@werkbank/contracts';
import { buildDataSourceOptions, MemberEntity, StaffAccountEntity } from '@werkbank/persistence';
import { DataSource } from 'typeorm';
import { databaseSettings } from '../config/app-config';
import { writeSynthetic } from '../demo/synthetic/synthetic-writer';
import { createSyntheticWorld } from '../demo/synthetic/synthetic-world';
import { databaseExists, loadCliConfig, runCli } from './cli.util';

/**
 * `npm run seed:synthetic -- --sessions <n> [--visits <n>] [--seed <s>] [--members <n>] [--rollup] [--force]`:
 * a synthetic lab year (the last 365 days) at three new sites and a mobile lab, written straight into the
 * server's database (DATABASE_URL / DATA_DIR), with its report cells. For load tests and report demos.
 * Refuses a database that holds real members unless --force. Start the server once first (it migrates).
 */
const USAGE =
  'Usage: npm run seed:synthetic -- --sessions <n> [--visits <n>] [--seed <s>] [--members <n>] [--rollup] [--force]';

export interface SeedArgs {
  sessions: number;
  visits: number;
  seed: number;
  members: number;
  rollup: boolean;
  force: boolean;
}

/** The arguments, or a message saying what is wrong with them. */
export function parseSeedArgs(args: readonly string[]): SeedArgs | string {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--force' || a === '--rollup') flags.add(a);
    else if (['--sessions', '--visits', '--seed', '--members'].includes(a) && args[i + 1] !== undefined)
      values.set(a, args[++i]);
    else return `Unknown or incomplete argument: ${a}`;
  }
  const num = (name: string, fallback?: number) => {
    const raw = values.get(name);
    if (raw === undefined) return fallback;
    return /^\d+$/.test(raw) ? Number(raw) : NaN;
  };
  const sessions = num('--sessions');
  if (sessions === undefined || Number.isNaN(sessions)) return '--sessions <n> is required (a whole number)';
  const visits = num('--visits', Math.round(sessions / 5)) as number;
  const seed = num('--seed', 1) as number;
  const members = num('--members', Math.min(20_000, Math.max(200, Math.round(sessions / 100)))) as number;
  for (const [name, v] of [
    ['--visits', visits],
    ['--seed', seed],
    ['--members', members],
  ] as const)
    if (Number.isNaN(v)) return `${name} must be a whole number`;
  if (members < 1) return '--members must be at least 1';
  return { sessions, visits, seed, members, rollup: flags.has('--rollup'), force: flags.has('--force') };
}

/** Exit codes: 0 done, 1 the database is missing, refused or has no admin, 2 usage or configuration error. */
async function main(argv: string[]): Promise<number> {
  const args = parseSeedArgs(argv);
  if (typeof args === 'string') {
    process.stderr.write(`${args}\n${USAGE}\n`);
    return 2;
  }
  const config = loadCliConfig();
  if (config === null) return 2;
  if (!databaseExists(config)) return 1;
  const ds = await new DataSource(buildDataSourceOptions(databaseSettings(config))).initialize();
  try {
    const real = await ds
      .createQueryBuilder(MemberEntity, 'm')
      .where("m.notes IS NULL OR m.notes <> 'synthetisch'")
      .getCount();
    if (real > 0 && !args.force) {
      process.stderr.write(
        `The database holds ${real} real members: synthetic data would mix with their reports. ` +
          'Use a fresh DATA_DIR, or add --force if this is a test installation.\n',
      );
      return 1;
    }
    const admin = await ds.getRepository(StaffAccountEntity).findOne({ where: { role: StaffRole.Admin } });
    if (!admin) {
      process.stderr.write('No admin account yet: start Werkbank once (npm start), then run this again.\n');
      return 1;
    }
    const t0 = Date.now();
    const sites = await createSyntheticWorld(ds, `synthetisch ${args.seed}`);
    const to = addDaysToDate(localDateOf(Date.now(), 'Europe/Berlin'), -1);
    const from = addDaysToDate(to, -364);
    process.stdout.write(
      `Writing ${args.sessions} sessions, ${args.visits} visits, ${args.members} members (seed ${args.seed}) ` +
        `for ${from} … ${to} at ${sites.length} sites\n`,
    );
    const summary = await writeSynthetic(ds, {
      seed: args.seed,
      from,
      to,
      sessions: args.sessions,
      visits: args.visits,
      members: args.members,
      sites,
      staffId: admin.id,
      cells: args.rollup ? 'rollup' : 'direct',
      progress: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write(
      `Done in ${((Date.now() - t0) / 1000).toFixed(1)} s (rows ${(summary.ms.write / 1000).toFixed(1)} s, ` +
        `report cells ${(summary.ms.cells / 1000).toFixed(1)} s): ${JSON.stringify({ ...summary, ms: undefined })}\n`,
    );
    return 0;
  } finally {
    await ds.destroy();
  }
}

if (require.main === module)
  runCli(
    () => main(process.argv.slice(2)),
    'Writing synthetic data failed',
    'If the database was made by an older Werkbank, start the server once to update it.',
  );
