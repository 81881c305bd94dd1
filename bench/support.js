// Shared helpers of the benchmarks: start the built server as a child process on a temp data dir.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync, readFileSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const net = require('node:net');

const ROOT = resolve(__dirname, '..');
const MAIN = join(ROOT, 'dist/apps/server/apps/server/src/main.js');
/** The V8 flags `npm start` runs the server with (package.json is the one place they are set). */
const SERVER_NODE_ARGS = require(join(ROOT, 'package.json'))
  .scripts.start.split(' ')
  .filter((arg) => arg.startsWith('--'));

function freePort() {
  return new Promise((res, rej) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

async function waitForHealth(url, timeoutMs = Number(process.env.BENCH_READY_TIMEOUT_MS ?? 120_000)) {
  const started = Date.now();
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() - started > timeoutMs) throw new Error(`server did not become ready at ${url}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Start the built server; resolves once /api/health answers. */
async function startServer(env = {}, dataDir = mkdtempSync(join(tmpdir(), 'werkbank-bench-'))) {
  const port = await freePort();
  const mqttPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const t0 = process.hrtime.bigint();
  const nodeArgs = [...SERVER_NODE_ARGS, ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: String(mqttPort),
      MQTT_HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${dataDir}/werkbank.sqlite`,
      ADMIN_PASSWORD: 'bench-admin-password',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  try {
    await waitForHealth(url);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${output}`);
  }
  const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    url,
    mqttPort,
    child,
    dataDir,
    readyMs,
    output: () => output,
    rssMb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
    /** Restart the peak-RSS counter (Linux clear_refs 5), e.g. after seeding. */
    resetPeakRss: () => writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    /** CPU time the server has used (user + system), from /proc; 10 ms resolution. */
    cpuMs: () => {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    },
    peakRssMb: () =>
      Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024,
    async stop({ keepData = false } = {}) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(process.env.BENCH_STOP_SIGNAL ?? 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function login(url, username = 'admin', password = 'bench-admin-password') {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return (await res.json()).token;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/**
 * Seed a fresh database straight through TypeORM (not through the server), so the server's memory and
 * timings reflect serving. `fill(insert, p)` gets a chunked bulk insert and the persistence lib.
 */
async function seedDatabase(dbFile, fill) {
  require('reflect-metadata');
  const p = require(join(ROOT, 'dist/apps/server/libs/persistence/src'));
  const { DataSource } = require('typeorm');
  const ds = await new DataSource(
    p.buildDataSourceOptions({ type: 'sqlite', location: dbFile }),
  ).initialize();
  try {
    await ds.runMigrations();
    const insert = async (entity, rows) => {
      for (let i = 0; i < rows.length; i += 400)
        await ds
          .createQueryBuilder()
          .insert()
          .into(entity)
          .values(rows.slice(i, i + 400))
          .execute();
    };
    await fill(insert, p);
  } finally {
    await ds.destroy();
  }
}

module.exports = {
  ROOT,
  seedDatabase,
  MAIN,
  freePort,
  startServer,
  waitForHealth,
  login,
  median,
  percentile,
};
