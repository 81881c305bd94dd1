import request from 'supertest';
import { freePort } from './support/free-port';
import { spawnFromSource } from './support/run-from-source';
import { makeTempDir } from './support/temp-dir';

/** What a person (or a log collector) sees on the console of a first start, read from the real process. */
interface Started {
  url: string;
  /** Every line the server wrote to stdout, until `settleMs` after the last expected line. */
  lines: string[];
  stderr: string;
}

/**
 * A first start on a fresh data folder, read until `done(stdout)` and a while longer; `whileUp` runs before the
 * server is stopped (stopping logs lines of its own).
 */
async function firstStart(
  env: Record<string, string>,
  done: (stdout: string) => boolean,
  whileUp: (started: Started) => Promise<void> = () => Promise.resolve(),
): Promise<Started> {
  const dir = makeTempDir('console');
  const port = await freePort();
  const server = spawnFromSource(
    'apps/server/src/main.ts',
    {
      DATA_DIR: dir.path,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      MQTT_HOST: '127.0.0.1',
      DEMO_MODE: 'false',
      ...env,
    },
    { output: true },
  );
  let stdout = '';
  let stderr = '';
  server.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    for (const end = Date.now() + 60_000; !done(stdout);) {
      if (Date.now() > end || server.exitCode !== null)
        throw new Error(`the server did not print its ready lines:\n${stdout}\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Whatever the server logs right after start-up would push the ready lines up: give it time to show.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const url = `http://127.0.0.1:${port}`;
    const lines = stdout.split('\n').filter((line) => line.trim() !== '');
    const started = { url, lines, stderr };
    await whileUp(started);
    return started;
  } finally {
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
    dir.remove();
  }
}

async function logsIn(url: string, password: string): Promise<boolean> {
  const res = await request(url).post('/api/auth/login').send({ username: 'admin', password });
  return res.status === 200;
}

describe('the console of npm start', () => {
  it('in development: readable lines, no route table, and the URL and first login framed at the very end', async () => {
    let password = '';
    const { lines } = await firstStart(
      {},
      (stdout) => stdout.includes('└'),
      async (started) => {
        const login = started.lines.find((line) => line.includes('First start'));
        password = /with password (\S+)/.exec(login ?? '')?.[1] ?? '';
        expect(await logsIn(started.url, password)).toBe(true);
      },
    );
    const text = lines.join('\n');
    expect(text).not.toContain('Mapped {');
    expect(text).not.toMatch(/InstanceLoader|RoutesResolver|RouterExplorer/);
    // Human-readable: no line is a JSON object, and the server's own log lines are there (level, context).
    expect(lines.some((line) => line.trimStart().startsWith('{'))).toBe(false);
    expect(text).toMatch(/INFO: MqttEndpoint: embedded MQTT broker listening on/);
    // The frame closes the output; inside it the URL, and the login as its last line.
    const last = lines.slice(-6);
    expect(last[0]).toMatch(/^┌─+┐$/);
    expect(last[last.length - 1]).toMatch(/^└─+┘$/);
    expect(last[1]).toMatch(/^│ Werkbank is running: http:\/\/localhost:\d+ +│$/);
    expect(last[last.length - 2]).toContain(`First start: log in as "admin" with password ${password}`);
    expect(password).not.toBe('');
  }, 90_000);

  it('in production: every line is one JSON log entry, the ready lines last, the route table left out', async () => {
    let password = '';
    const { lines } = await firstStart(
      { NODE_ENV: 'production', CARD_HASH_SECRET: 'console-test-card-secret-0123456789abcdef' },
      (stdout) => stdout.includes('First start'),
      async (started) => {
        const login = started.lines.find((line) => line.includes('First start'));
        password = /with password (\S+)/.exec(login ?? '')?.[1] ?? '';
        expect(await logsIn(started.url, password)).toBe(true);
      },
    );
    expect(lines.length).toBeGreaterThan(3);
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; level: number; context?: string });
    expect(entries.map((e) => e.msg).join('\n')).not.toContain('Mapped {');
    expect(entries.some((e) => e.context === 'InstanceLoader' || e.context === 'RouterExplorer')).toBe(false);
    const tail = entries.slice(-4);
    expect(tail.every((e) => e.context === 'Werkbank' && e.level === 30)).toBe(true);
    expect(tail[0].msg).toMatch(/^Werkbank is running: http:\/\/localhost:\d+$/);
    expect(tail[tail.length - 1].msg).toContain(`log in as "admin" with password ${password}`);
  }, 90_000);

  it('LOG_FORMAT=json gives JSON outside production too, and the ready lines survive LOG_LEVEL=error', async () => {
    const { lines } = await firstStart({ LOG_FORMAT: 'json', LOG_LEVEL: 'error' }, (stdout) =>
      stdout.includes('First start'),
    );
    const entries = lines.map((line) => JSON.parse(line) as { msg: string; context?: string });
    expect(entries.map((e) => e.msg)).toEqual([
      expect.stringMatching(/^Werkbank is running: /),
      expect.stringMatching(/^API /),
      expect.stringMatching(/^Devices connect to the MQTT broker on mqtt:\/\/127\.0\.0\.1:\d+$/),
      expect.stringMatching(/^First start: log in as "admin" with password \S+/),
    ]);
  }, 90_000);
});
