import { DeviceRole, StaffRole } from '@werkbank/contracts';
import { DataSource } from 'typeorm';
import { DemoSeed } from '../apps/server/src/demo/demo-seed';
import { startTestApp, TestApp } from './support/test-app';

const DAY = 24 * 3600_000;

/** What `npm start` shows a newcomer: the demo lab as the API reads it back from a real SQLite file. */
describe('demo lab seed', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const seed = t.app.get(DemoSeed);
    expect(await seed.needed()).toBe(true);
    const admin = (await t.as(t.adminToken).get('/api/auth/me').expect(200)).body as { id: string };
    await seed.seed({
      id: admin.id,
      username: 'demo-setup',
      displayName: 'Demo setup',
      role: StaffRole.Admin,
      memberId: null,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('seeds once: a second start finds the lab', async () => {
    expect(await t.app.get(DemoSeed).needed()).toBe(false);
  });

  it('has a reader at each machine, its relay, the printer, the door and the event room', async () => {
    const devices = (await t.as(t.adminToken).get('/api/devices').expect(200)).body as {
      role: DeviceRole;
      machineId: string | null;
      options: Record<string, string> | null;
    }[];
    const roles = devices.map((d) => d.role);
    expect(roles.filter((r) => r === DeviceRole.MachineReader)).toHaveLength(2);
    expect(roles).toEqual(expect.arrayContaining([DeviceRole.Actuator, DeviceRole.Printer]));
    const siteReaders = devices.filter(
      (d) => d.role === DeviceRole.EntranceReader || d.role === DeviceRole.EventReader,
    );
    expect(siteReaders.map((d) => [d.role, d.machineId]).sort()).toEqual([
      [DeviceRole.EntranceReader, null],
      [DeviceRole.EventReader, null],
    ]);
    // Every demo device is played by the simulator.
    expect(devices.every((d) => d.options?.simulated === 'true')).toBe(true);
  });

  it("shows a week in the calendar: the open workshop, a course, a school class and Jonas's bookings", async () => {
    const admin = t.as(t.adminToken);
    const from = new Date(Date.now() - DAY).toISOString();
    const to = new Date(Date.now() + 8 * DAY).toISOString();
    const events = (await admin.get(`/api/events?from=${from}&to=${to}`).expect(200)).body as {
      title: string;
      format: string;
    }[];
    const titles = events.map((e) => e.title);
    expect(titles.filter((x) => x === 'Offene Werkstatt').length).toBeGreaterThanOrEqual(1);
    expect(titles).toEqual(expect.arrayContaining(['3D-Druck für Einsteiger', 'Schulklasse 7b: Löten']));
    const bookings = (await admin.get(`/api/bookings?from=${from}&to=${to}`).expect(200)).body as {
      memberName: string | null;
    }[];
    expect(bookings.map((b) => b.memberName)).toEqual(Array(4).fill('Jonas Beispiel'));
    // The series runs eight weeks.
    const all = (
      await admin.get(`/api/events?from=${from}&to=${new Date(Date.now() + 60 * DAY).toISOString()}`)
    ).body as { title: string }[];
    expect(all.filter((e) => e.title === 'Offene Werkstatt')).toHaveLength(8);
  });

  it('has four months of synthetic history, rolled up into the report cells', async () => {
    const ds = t.app.get(DataSource);
    const [{ n }] = (await ds.query('SELECT COUNT(*) AS n FROM usage_sessions')) as { n: number }[];
    expect(Number(n)).toBe(2500);
    const [{ total }] = (await ds.query(
      "SELECT SUM(value) AS total FROM report_cells WHERE measure = 'sessions' AND breakdown = ''",
    )) as { total: number }[];
    expect(Number(total)).toBe(2500);
    const [{ last }] = (await ds.query('SELECT MAX(startedAt) AS last FROM usage_sessions')) as {
      last: string;
    }[];
    expect(new Date(last).getTime()).toBeLessThan(Date.now() - DAY);
    const report = await t.as(t.adminToken).get('/api/reports?period=year&year=' + new Date().getFullYear());
    expect(report.status).toBe(200);
  });
});
