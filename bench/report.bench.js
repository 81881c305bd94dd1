// npm run bench:report — GET /api/reports (a quarter, all metrics, all sites) over a synthetic lab year:
// 1 000 000 sessions + 200 000 visits on SQLite, the same with a tenth of the data, and the full size on
// PostgreSQL. Each data dir is made by the server (migrations, admin), filled by `seed:synthetic` (a second
// process, so the server's memory reflects serving) and served by a fresh server. Baseline in the same run:
// GET /api/health of the same server. Warm median of REPEAT runs after one warm-up; RSS sampled meanwhile.
const { execFile, execFileSync } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, startServer, login, median } = require('./support');

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);
const SKIP_PG = process.env.BENCH_SKIP_PG === '1';
const CLI = join(ROOT, 'dist/apps/server/apps/server/src/cli/seed-synthetic.js');
const PG_SCRIPT = join(ROOT, 'scripts/pg-throwaway.sh');

function seed(env, sessions) {
  const args = [CLI, '--sessions', String(sessions), '--visits', String(sessions / 5), '--seed', '15'];
  const t0 = Date.now();
  return new Promise((res, rej) =>
    execFile(
      process.execPath,
      args,
      { env: { ...process.env, ...env }, maxBuffer: 1 << 26 },
      (err, out, errOut) =>
        err
          ? rej(new Error(`${err.message}\n${errOut}`))
          : res({ ms: Date.now() - t0, last: out.trim().split('\n').pop() }),
    ),
  );
}

/** The previous full quarter: it lies wholly inside the synthetic year (the last 365 days). */
function lastQuarter() {
  const now = new Date();
  const q = Math.floor(now.getMonth() / 3);
  return q === 0 ? { year: now.getFullYear() - 1, quarter: 4 } : { year: now.getFullYear(), quarter: q };
}

async function timed(url, token) {
  const t0 = process.hrtime.bigint();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const body = await res.text();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 300)}`);
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, body };
}

/** One configuration: a data dir made, seeded and served; the report timed. */
async function run(label, sessions, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'werkbank-report-bench-'));
  const dbEnv = { DATA_DIR: dir, DATABASE_URL: env.DATABASE_URL ?? `sqlite:${dir}/werkbank.sqlite` };
  const first = await startServer({ DEMO_MODE: 'false', ...env }, dir);
  await first.stop({ keepData: true });
  const seeded = await seed(dbEnv, sessions);
  console.log(
    `[${label}] seeded ${sessions} sessions + ${sessions / 5} visits in ${(seeded.ms / 1000).toFixed(1)} s`,
  );
  const server = await startServer({ DEMO_MODE: 'false', LOGIN_ATTEMPTS_PER_MINUTE: '100', ...env }, dir);
  try {
    const token = await login(server.url);
    const { year, quarter } = lastQuarter();
    const url = `${server.url}/api/reports?period=quarter&year=${year}&quarter=${quarter}`;
    const check = JSON.parse((await timed(url, token)).body);
    if (!check || typeof check !== 'object') throw new Error('unexpected report');
    const health = [];
    for (let i = 0; i < REPEAT; i++) health.push((await timed(`${server.url}/api/health`)).s);
    let peak = server.rssMb();
    const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb())), 20);
    const times = [];
    for (let i = 0; i < REPEAT; i++) times.push((await timed(url, token)).s);
    clearInterval(sampler);
    const s = median(times);
    const base = median(health);
    console.log(
      `[${label}] GET /api/reports Q${quarter}/${year}: median ${s.toFixed(3)} s of ${REPEAT} (min ${Math.min(...times).toFixed(3)}, max ${Math.max(...times).toFixed(3)}); ` +
        `baseline GET /api/health ${(base * 1000).toFixed(1)} ms, ratio ${(s / base).toFixed(0)}×; server RSS peak ${peak.toFixed(0)} MB`,
    );
    return { s, rss: peak };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function startPostgres() {
  const dir = mkdtempSync(join(tmpdir(), 'werkbank-report-bench-pg-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  execFileSync('bash', [PG_SCRIPT, 'start', `${dir}/cluster`, String(port)], { stdio: 'pipe' });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      execFileSync('bash', [PG_SCRIPT, 'stop', `${dir}/cluster`], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const full = await run('sqlite', SESSIONS);
  const tenth = await run('sqlite/10', Math.round(SESSIONS / 10));
  let pg = { s: NaN };
  if (!SKIP_PG) {
    const db = startPostgres();
    try {
      pg = await run('postgres', SESSIONS, { DATABASE_URL: db.url });
    } finally {
      db.stop();
    }
  }
  console.log(`ratio full/tenth: ${(full.s / tenth.s).toFixed(2)} (10 would be linear in the data)`);
  console.log(
    `RESULT sessions=${SESSIONS} report_s=${full.s.toFixed(3)} report_s_tenth=${tenth.s.toFixed(3)} report_s_pg=${pg.s.toFixed(3)} rss_mb=${full.rss.toFixed(0)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
