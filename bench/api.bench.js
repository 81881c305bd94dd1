// npm run bench:api — seeds 10 000 members, then autocannon (a second process) drives an authenticated
// GET of one page (50) of members, filtered and sorted, with 10 connections for 10 s. Baseline in the same
// run: the same load against the public /api/health of the same server.
const { execFile } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, seedDatabase, startServer, login } = require('./support');

const MEMBERS = 10_000;
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const FIRST = [
  'Anna',
  'Ben',
  'Carla',
  'Deniz',
  'Emil',
  'Fatma',
  'Gustav',
  'Hanna',
  'Ilyas',
  'Jana',
  'Karl',
  'Lea',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Schulz',
  'Hoffmann',
  'Koch',
  'Yılmaz',
];

function autocannon(url, headers) {
  const args = [
    join(ROOT, 'node_modules/autocannon/autocannon.js'),
    '-c',
    '10',
    '-d',
    String(DURATION_S),
    '-j',
  ];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}=${v}`);
  args.push(url);
  return new Promise((res, rej) =>
    execFile(process.execPath, args, { maxBuffer: 1 << 24 }, (err, stdout) =>
      err ? rej(err) : res(JSON.parse(stdout)),
    ),
  );
}

/** Seed straight into the database, so the server's memory reflects serving, not the seeding. */
async function seed(dbFile) {
  await seedDatabase(dbFile, async (insert, p) => {
    const rows = Array.from({ length: MEMBERS }, (_, i) => ({
      id: randomUUID(),
      memberKey: randomUUID().replace(/-/g, ''),
      firstName: FIRST[i % FIRST.length],
      lastName: `${LAST[(i * 7) % LAST.length]}-${i}`,
      email: `m${i}@example.org`,
      phone: null,
      status: i % 10 === 0 ? 'suspended' : 'active',
      guestValidFrom: null,
      guestValidUntil: null,
      homeSiteId: null,
      ageBand: '30_54',
      gender: 'not_stated',
      occupation: 'not_stated',
      homeMunicipalityKey: null,
      isMinor: false,
      birthDate: null,
      guardianConsentOn: null,
      guardianName: null,
      notes: null,
    }));
    await insert(p.MemberEntity, rows);
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'werkbank-api-bench-'));
  const t0 = Date.now();
  await seed(join(dir, 'werkbank.sqlite'));
  console.log(`seeded ${MEMBERS} members in ${Date.now() - t0} ms`);
  const server = await startServer({ DEMO_MODE: 'false', LOGIN_ATTEMPTS_PER_MINUTE: '100' }, dir);
  try {
    const token = await login(server.url);
    const path = '/api/members?status=active&sort=lastName&order=desc&page=20&pageSize=50';
    const check = await (
      await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } })
    ).json();
    if (check.items.length !== 50 || check.total !== MEMBERS * 0.9)
      throw new Error(`unexpected page: total=${check.total}`);

    const base = await autocannon(`${server.url}/api/health`, {});
    const rssBefore = server.rssMb();
    server.resetPeakRss();
    const run = await autocannon(`${server.url}${path}`, { authorization: `Bearer ${token}` });
    const rss = server.rssMb();
    const peak = server.peakRssMb();
    if (run.non2xx > 0 || run.errors > 0)
      throw new Error(`errors under load: non2xx=${run.non2xx} errors=${run.errors}`);
    console.log(
      `baseline GET /api/health: ${base.requests.average.toFixed(0)} req/s, p99 ${base.latency.p99} ms`,
    );
    console.log(
      `GET ${path} (authenticated): ${run.requests.average.toFixed(0)} req/s, p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms`,
    );
    console.log(
      `server RSS: ${rssBefore.toFixed(0)} MB before, ${rss.toFixed(0)} MB after load, peak ${peak.toFixed(0)} MB`,
    );
    console.log(
      `RESULT req_per_s=${run.requests.average.toFixed(0)} p99_ms=${run.latency.p99} rss_mb=${peak.toFixed(0)} baseline_health_req_per_s=${base.requests.average.toFixed(0)} ratio=${(run.requests.average / base.requests.average).toFixed(2)}`,
    );
  } finally {
    await server.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
