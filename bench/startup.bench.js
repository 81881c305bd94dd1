// npm run bench:startup — time from process spawn to a ready /api/health on the embedded defaults
// (SQLite file, embedded MQTT broker, demo devices as `npm start` runs them). Baseline in the same run:
// a bare Node HTTP server answering /api/health, started the same way.
const { spawn } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { freePort, startServer, waitForHealth, median } = require('./support');

const RUNS = 5;

async function baselineOnce() {
  const port = await freePort();
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [
    '-e',
    `require('node:http').createServer((q, s) => s.end('{"status":"ok"}')).listen(${port}, '127.0.0.1')`,
  ]);
  await waitForHealth(`http://127.0.0.1:${port}`);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  child.kill('SIGKILL');
  return ms;
}

async function main() {
  const baseline = [];
  for (let i = 0; i < RUNS; i++) baseline.push(await baselineOnce());

  // First start: empty database, migrations, admin account.
  const dir = mkdtempSync(join(tmpdir(), 'werkbank-startup-'));
  const first = await startServer({}, dir);
  await first.stop({ keepData: true });

  // Ordinary (re)starts on the existing database.
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const s = await startServer({}, dir);
    warm.push(s.readyMs);
    await s.stop({ keepData: true });
  }
  rmSync(dir, { recursive: true, force: true });

  const startupMs = median(warm);
  const baseMs = median(baseline);
  console.log(`first start (empty database, migrations, admin account): ${first.readyMs.toFixed(0)} ms`);
  console.log(
    `restarts on existing database: ${warm.map((m) => m.toFixed(0)).join(', ')} ms (median ${startupMs.toFixed(0)})`,
  );
  console.log(`baseline bare node http server: median ${baseMs.toFixed(0)} ms`);
  console.log(
    `RESULT startup_ms=${startupMs.toFixed(0)} first_start_ms=${first.readyMs.toFixed(0)} baseline_node_ms=${baseMs.toFixed(0)} ratio=${(startupMs / baseMs).toFixed(1)}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
