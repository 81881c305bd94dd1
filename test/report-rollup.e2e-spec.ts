import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { localDateOf } from '@werkbank/access-core';
import { SessionEndReason } from '@werkbank/contracts';
import { markReportDays, ReportCellsRepository, ReportDirtyDayEntity } from '@werkbank/persistence';
import { ActivityJournal } from '../apps/server/src/access/activity-journal';
import { ReportRollup } from '../apps/server/src/reports/report-rollup';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const BERLIN = 'Europe/Berlin';

/** The daily report cells on a real SQLite file: kept in step with the activity, never counted twice. */
describe('report roll-up', () => {
  let t: TestApp;
  let make: Factory;
  let rollup: ReportRollup;
  let cells: ReportCellsRepository;
  let siteId: string;
  const today = () => localDateOf(Date.now(), BERLIN);

  /** The cells of the site today as "measure/breakdown/category → value". */
  const table = async (day = today()) =>
    Object.fromEntries(
      (await cells.cells([siteId], day, day)).map((c) => [
        `${c.measure}/${c.breakdown}/${c.category}`,
        c.value,
      ]),
    );

  beforeAll(async () => {
    t = await startTestApp();
    make = new Factory(t.as(t.adminToken));
    rollup = t.app.get(ReportRollup);
    cells = t.app.get(ReportCellsRepository);
    siteId = (await make.site({ timezone: BERLIN })).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('front-desk visits, an anonymous visitor and a headcount become cells by profile, without a person key', async () => {
    const admin = t.as(t.adminToken);
    const ada = await make.member({ ageBand: '18_29', gender: 'female', occupation: 'student' });
    await admin.post('/api/visits', { siteId, memberId: ada.id }).expect(201);
    await admin.post('/api/visits', { siteId, anonymous: true, ageBand: 'under_18' }).expect(201);
    await admin.post('/api/visits/headcount', { siteId, count: 25, note: 'Open day' }).expect(201);
    expect(await rollup.catchUp()).toBeGreaterThan(0);
    expect(await table()).toMatchObject({
      'visits//': 27,
      'visits/age_band/18_29': 1,
      'visits/age_band/under_18': 1,
      'visits/age_band/not_stated': 25,
      'visits/gender/female': 1,
      'visits/occupation_status/student': 1,
    });
    const raw = JSON.stringify(await cells.cells([siteId], today(), today()));
    expect(raw).not.toContain(ada.memberKey);
    expect(raw).not.toContain(ada.id);
  });

  it('a second run changes nothing; a deleted check-in is taken out again', async () => {
    const before = await table();
    expect(await rollup.catchUp()).toBe(0);
    expect(await table()).toEqual(before);
    const admin = t.as(t.adminToken);
    const extra = (await admin.post('/api/visits', { siteId, anonymous: true }).expect(201)).body as {
      id: string;
    };
    await rollup.catchUp();
    expect((await table())['visits//']).toBe(before['visits//'] + 1);
    await admin.delete(`/api/visits/${extra.id}`).expect(204);
    await rollup.catchUp();
    expect(await table()).toEqual(before);
  });

  it('a session from the journal: counted on its start day, its hours on each day; a replayed end counts once', async () => {
    const type = await make.machineType();
    const machine = await make.machine(siteId, type.id);
    const member = await make.member({ ageBand: '30_54' });
    const journal = t.app.get(ActivityJournal);
    const id = randomUUID();
    const start = Date.now() - 3 * 3600_000;
    const end = start + 90 * 60_000;
    journal.record({
      t: 'session_start',
      row: {
        id,
        machineId: machine.id,
        siteId,
        memberKey: member.memberKey,
        startedAt: new Date(start).toISOString(),
        endsAt: null,
        takeoverOf: null,
      },
    });
    const ended = {
      t: 'session_end' as const,
      id,
      endedAt: new Date(end).toISOString(),
      endReason: SessionEndReason.TapOut,
    };
    journal.record(ended);
    await journal.flush();
    journal.record(ended); // replayed after a restart
    await journal.flush();
    await rollup.catchUp();
    const day = localDateOf(start, BERLIN);
    const cellsOfDay = await table(day);
    expect(cellsOfDay[`sessions/machine_type/${type.id}`]).toBe(1);
    expect(cellsOfDay['sessions/age_band/30_54']).toBe(1);
    // Spread over one or two local days (if the test runs just after midnight): 1.5 h in all.
    const endDay = localDateOf(end, BERLIN);
    const later = endDay === day ? 0 : ((await table(endDay))['machineHours//'] ?? 0);
    expect(cellsOfDay['machineHours//'] + later).toBeCloseTo(1.5, 6);
  });

  it('a run that fails keeps its marks; the next run gives the same cells as an uninterrupted one', async () => {
    const expected = await table();
    const ds = t.app.get(DataSource);
    await ds.transaction((em) =>
      markReportDays(em, [{ siteId, utcDay: new Date().toISOString().slice(0, 10) }]),
    );
    const replace = jest.spyOn(cells, 'replaceDays').mockRejectedValueOnce(new Error('disk full'));
    try {
      expect(await rollup.catchUp()).toBe(0);
    } finally {
      replace.mockRestore();
    }
    expect(await ds.getRepository(ReportDirtyDayEntity).countBy({ siteId })).toBe(1);
    expect(await rollup.catchUp()).toBe(1);
    expect(await table()).toEqual(expected);
  });

  it('a day marked again while it was being rebuilt keeps its new mark', async () => {
    const ds = t.app.get(DataSource);
    const utcDay = new Date().toISOString().slice(0, 10);
    await ds.transaction((em) => markReportDays(em, [{ siteId, utcDay }]));
    const [read] = await cells.dirtyDays(10);
    await ds.transaction((em) => markReportDays(em, [{ siteId, utcDay }])); // a visit written meanwhile
    await cells.replaceDays(siteId, { days: [], cells: [], visitors: [], machineUsers: [], done: [read] });
    expect(await ds.getRepository(ReportDirtyDayEntity).countBy({ siteId, utcDay })).toBe(1);
    await rollup.catchUp();
    expect(await ds.getRepository(ReportDirtyDayEntity).countBy({ siteId })).toBe(0);
  });
});
