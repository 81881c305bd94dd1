import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { silentLogger } from '../apps/simulator/src/logger';
import { Simulator } from '../apps/simulator/src/simulator';
import { DemoLab } from '../apps/server/src/demo/demo-lab';
import { DEMO_CARDS } from '../apps/server/src/demo/demo-seed';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually } from './support/devices';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

type OpenEvent = { id: string; status: string; startsAt: string; endsAt: string };

const SCRIPT = resolve(__dirname, '../scripts/tap.js');

function tap(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      done({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr });
    });
  });
}

/**
 * The README's first steps on the real server: the demo lab, its embedded broker with its account rules, the
 * simulator playing the demo devices, and `npm run tap` as a separate process.
 */
describe('demo lab: npm run tap against the real server', () => {
  const dir = makeTempDir('demo-tap');
  let t: TestApp;
  let sim: Simulator;
  let file: string;

  beforeAll(async () => {
    // The simulator runs in this process (no build needed); the server writes its devices file as on npm start.
    t = await startTestApp({
      dataDir: dir.path,
      keepData: true,
      env: { DEMO_MODE: 'true', DEMO_SIMULATOR: 'false', TAP_DEBOUNCE_MS: '0' },
    });
    await t.app.get(DemoLab).start(t.app.get(MqttEndpoint).url);
    file = join(dir.path, 'demo-devices.json');
    sim = Simulator.fromFile(file, { logger: silentLogger });
    await sim.start({ timeoutMs: 5000 });
  });

  afterAll(async () => {
    await sim?.stop();
    await t?.close();
    dir.remove();
  });

  it('Erika taps at the Prusa: allowed, and its simulated plug switches on', async () => {
    const run = await tap([DEMO_CARDS.trained, '--devices', file]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`tapped ${DEMO_CARDS.trained} at demo-reader-prusa`);
    expect(run.stdout).toContain('feedback: allowed');
    expect(run.stdout).toMatch(/relay shelly1pm-demo01 .* switched on/);
  });

  it('the simulator keeps its control session while taps come and go', async () => {
    // A tap logging in with the simulator's own account would replace its session on this broker (the account
    // is the client id): the simulator's will says "offline" and the tap gives up with exit code 3.
    for (let i = 0; i < 2; i += 1) {
      const run = await tap([DEMO_CARDS.untrained, '--devices', file]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('feedback: denied');
    }
  });

  it('the door counts a visit; the workshop room records attendance at the event open now', async () => {
    const admin = t.as(t.adminToken);
    // The demo lab comes with months of synthetic history: count only what this tap adds.
    const since = encodeURIComponent(new Date(Date.now() - 1000).toISOString());
    const door = await tap([DEMO_CARDS.trained, 'demo-door', '--devices', file]);
    expect(door.code).toBe(0);
    expect(door.stdout).toContain('feedback: allowed');
    const site = ((await admin.get('/api/sites').expect(200)).body as { id: string }[])[0];
    await eventually(async () => {
      const visits = (await admin.get(`/api/visits?siteId=${site.id}&from=${since}`).expect(200)).body
        .items as unknown[];
      return visits.length === 1;
    });
    const event = (
      await admin
        .post('/api/events', {
          title: 'Repair-Café',
          format: 'open_workshop',
          siteId: site.id,
          startsAt: new Date(Date.now() - 10 * 60_000).toISOString(),
          endsAt: new Date(Date.now() + 60 * 60_000).toISOString(),
        })
        .expect(201)
    ).body as { id: string };
    const room = await tap([DEMO_CARDS.trained, 'demo-event-door', '--devices', file]);
    expect(room.code).toBe(0);
    expect(room.stdout).toContain('feedback: allowed');
    // The demo's weekly open workshop may be running too (16–20 h): the reader ticks the earliest event open now.
    const now = Date.now();
    const window = `from=${encodeURIComponent(new Date(now - 86_400_000).toISOString())}&to=${encodeURIComponent(new Date(now + 86_400_000).toISOString())}`;
    const open = (
      (await admin.get(`/api/events?siteId=${site.id}&${window}`).expect(200)).body as OpenEvent[]
    )
      .filter(
        (e) =>
          e.status === 'scheduled' &&
          Date.parse(e.startsAt) < now + 30 * 60_000 &&
          Date.parse(e.endsAt) > now,
      )
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
    expect(open.map((e) => e.id)).toContain(event.id);
    const sheet = (await admin.get(`/api/events/${open[0].id}/attendance`).expect(200)).body as {
      event: { attendedCount: number };
    };
    expect(sheet.event.attendedCount).toBe(1);
  });
});
