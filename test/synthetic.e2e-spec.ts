import { localDateOf } from '@werkbank/access-core';
import { DataSource } from 'typeorm';
import { weekdayOf } from '../apps/server/src/demo/synthetic/plan';
import { writeSynthetic } from '../apps/server/src/demo/synthetic/synthetic-writer';
import { createSyntheticWorld } from '../apps/server/src/demo/synthetic/synthetic-world';
import { startTestApp, TestApp } from './support/test-app';

type Cell = {
  day: string;
  siteId: string;
  measure: string;
  breakdown: string;
  category: string;
  value: number;
};

/** The bulk writer on a real SQLite file: its directly computed cells are what the server's roll-up makes. */
describe('synthetic lab year', () => {
  let t: TestApp;
  let ds: DataSource;
  const cells = async () =>
    ((await ds.query('SELECT day, siteId, measure, breakdown, category, value FROM report_cells')) as Cell[])
      .map((c) => ({ ...c, value: Number(c.value) }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('writes the planned rows, nothing on closed days, and the same cells as the ReportRollup catch-up', async () => {
    const [{ id: staffId }] = (await ds.query("SELECT id FROM staff_accounts WHERE role = 'admin'")) as {
      id: string;
    }[];
    const sites = await createSyntheticWorld(ds, 'test');
    const summary = await writeSynthetic(ds, {
      seed: 4,
      from: '2026-01-05',
      to: '2026-04-30',
      sessions: 3000,
      visits: 800,
      members: 80,
      sites,
      staffId,
    });
    expect(summary).toMatchObject({ sessions: 3000, visits: 800, members: 80 });
    expect(summary.events).toBeGreaterThan(20);
    const main = sites[0];
    const started = (await ds.query('SELECT startedAt FROM usage_sessions WHERE siteId = ?', [main.id])) as {
      startedAt: string;
    }[];
    expect(started.length).toBeGreaterThan(1000);
    for (const s of started) {
      const day = localDateOf(new Date(s.startedAt).getTime(), main.timezone);
      expect(main.closedWeekdays).not.toContain(weekdayOf(day));
      expect(day).not.toBe('2026-04-03'); // Good Friday
    }
    const direct = await cells();
    const machineUsers = () =>
      ds.query(
        'SELECT siteId, day, machineTypeId, personKey FROM report_machine_user_days ORDER BY 1, 2, 3, 4',
      );
    const directUsers = await machineUsers();
    expect(directUsers.length).toBeGreaterThan(1000);
    const sessions = direct.filter((c) => c.measure === 'sessions' && c.breakdown === '');
    expect(sessions.reduce((s, c) => s + c.value, 0)).toBe(3000);

    // The production path: drop the cells, mark every day, let the roll-up rebuild them from the raw rows.
    await ds.query('DELETE FROM report_cells');
    await ds.query('DELETE FROM report_machine_user_days');
    const days = [...new Set(direct.map((c) => c.day))];
    const marks = sites.flatMap((s) => days.map((d) => `('${s.id}', '${d}', 'x')`));
    await ds.query(`INSERT INTO report_dirty_days (siteId, utcDay, stamp) VALUES ${marks.join(',')}`);
    const { ReportRollup } = await import('../apps/server/src/reports/report-rollup');
    await t.app.get(ReportRollup).catchUp();
    // The same cells; machine hours summed in another order differ in the last float digits only.
    const rebuilt = await cells();
    expect(rebuilt.map(({ value: _, ...key }) => key)).toEqual(direct.map(({ value: _, ...key }) => key));
    rebuilt.forEach((c, i) => expect(c.value).toBeCloseTo(direct[i].value, 6));
    // M11's distinct users, the same whether the generator or the roll-up wrote them.
    expect(await machineUsers()).toEqual(directUsers);
  });
});
