import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { type AccessOutcome, SessionEndReason } from '@werkbank/contracts';
import {
  AccessEventEntity,
  markReportDays,
  ReportCellsRepository,
  UsageSessionEntity,
  VisitEntity,
} from '@werkbank/persistence';
import { ReportRetention, RETENTION_BATCH } from '../apps/server/src/reports/report-retention';
import { ReportRollup } from '../apps/server/src/reports/report-rollup';
import { Factory } from './support/factories';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

const BERLIN = 'Europe/Berlin';
const env = { REPORT_RETENTION_DAYS: '30' };

/**
 * Retention on a real SQLite file: raw sessions, check-ins and access events older than 30 days go, their
 * figures (cells and the distinct counts' visitor days) stay;
 * a run stopped half-way and restarted after a server restart ends with the same cells as before.
 */
describe('report retention', () => {
  const dir = makeTempDir('retention');
  let t: TestApp;
  let siteId: string;
  let machineId: string;
  const today = localDateOf(Date.now(), BERLIN);
  const oldDays = [40, 39, 38].map((n) => addDaysToDate(today, -n));
  const recentDay = addDaysToDate(today, -3);
  const oldSessions = RETENTION_BATCH + 700;

  const at = (day: string, hour: number) => new Date(startOfLocalDay(day, BERLIN) + hour * 3_600_000);
  const db = () => t.app.get(DataSource);
  const count = (entity: typeof UsageSessionEntity | typeof AccessEventEntity | typeof VisitEntity) =>
    db().getRepository(entity).count();
  /** Every cell of the site as "day measure/breakdown/category → value". */
  const cells = async () =>
    Object.fromEntries(
      (await t.app.get(ReportCellsRepository).cells([siteId], '2000-01-01', today)).map((c) => [
        `${c.day} ${c.measure}/${c.breakdown}/${c.category}`,
        c.value,
      ]),
    );

  beforeAll(async () => {
    t = await startTestApp({ dataDir: dir.path, keepData: true, env });
    const make = new Factory(t.as(t.adminToken));
    siteId = (await make.site({ timezone: BERLIN })).id;
    const type = await make.machineType();
    machineId = (await make.machine(siteId, type.id)).id;
    const member = await make.member({ ageBand: '18_29' });
    const visitors = [
      member,
      ...(await Promise.all([1, 2, 3, 4, 5].map(() => make.member({ ageBand: '18_29' })))),
    ];
    // The sessions are shared among the six (M11's distinct users), the access events are the first one's.
    const session = (day: string, i: number) => ({
      id: randomUUID(),
      machineId,
      siteId,
      memberKey: visitors[i % 6].memberKey,
      startedAt: at(day, 9 + (i % 8)),
      endedAt: new Date(at(day, 9 + (i % 8)).getTime() + 30 * 60_000),
      endReason: SessionEndReason.TapOut,
    });
    const rows = [
      ...Array.from({ length: oldSessions }, (_, i) => session(oldDays[i % 3], i)),
      ...Array.from({ length: 7 }, (_, i) => session(recentDay, i)),
    ];
    for (let i = 0; i < rows.length; i += 200)
      await db()
        .getRepository(UsageSessionEntity)
        .insert(rows.slice(i, i + 200));
    const event = (when: Date) => ({
      id: randomUUID(),
      at: when,
      deviceId: randomUUID(),
      machineId,
      siteId,
      memberKey: member.memberKey,
      cardSuffix: 'abcd',
      outcome: 'allowed' as AccessOutcome,
    });
    await db()
      .getRepository(AccessEventEntity)
      .insert([event(at(oldDays[0], 10)), event(at(recentDay, 10))]);
    // The six check in on an old day (two of them twice), and three of them again recently.
    const visit = (memberKey: string, when: Date) => ({
      id: randomUUID(),
      siteId,
      memberKey,
      at: when,
      source: 'entrance_tap' as const,
    });
    await db()
      .getRepository(VisitEntity)
      .insert([
        ...visitors.map((v) => visit(v.memberKey, at(oldDays[0], 11))),
        visit(visitors[0].memberKey, at(oldDays[0], 15)),
        visit(visitors[1].memberKey, at(oldDays[2], 15)),
        ...visitors.slice(0, 3).map((v) => visit(v.memberKey, at(recentDay, 11))),
      ]);
    await markReportDays(
      db().manager,
      [...oldDays, recentDay].map((d) => ({ siteId, utcDay: at(d, 12).toISOString().slice(0, 10) })),
    );
    await t.app.get(ReportRollup).catchUp();
  });

  afterAll(async () => {
    await t?.close();
    dir.remove();
  });

  it('stopped half-way and restarted, deletes every old raw row and keeps every cell', async () => {
    const before = await cells();
    expect(before[`${oldDays[0]} sessions//`]).toBe(Math.ceil(oldSessions / 3));
    expect(before[`${recentDay} sessions//`]).toBe(7);

    const users = async (from: string) =>
      (
        await t
          .as(t.adminToken)
          .get(`/api/reports?period=custom&from=${from}&to=${today}&metrics=M2,M3,M4,M11&siteIds=${siteId}`)
          .expect(200)
      ).body.metrics.map((m: { measures: { total: unknown; series: unknown }[] }) =>
        m.measures.map((x) => [x.total, x.series]),
      );
    const oldDay = async () =>
      (
        await t
          .as(t.adminToken)
          .get(`/api/reports?period=custom&from=${oldDays[0]}&to=${oldDays[0]}&metrics=M2&siteIds=${siteId}`)
          .expect(200)
      ).body.metrics[0].measures[0].total;
    const distinct = await users(oldDays[0]);
    expect(await oldDay()).toEqual({ value: 6, suppressed: false, reason: null });
    // M11's distinct users: the six, before and (below) after their sessions are gone.
    expect(distinct[3][1][0]).toEqual({ value: 6, suppressed: false, reason: null });

    const first = await t.app.get(ReportRetention).run({ maxBatches: 1 });
    expect(first).toEqual({ sessions: RETENTION_BATCH, visits: 0, accessEvents: 0, complete: false });
    // A restart mid-way (the job's state is the seal and the rows left).
    await t.close();
    t = await startTestApp({ dataDir: dir.path, keepData: true, env });
    const second = await t.app.get(ReportRetention).run();
    expect(second).toEqual({
      sessions: oldSessions - RETENTION_BATCH,
      visits: 8,
      accessEvents: 1,
      complete: true,
    });

    expect(await count(UsageSessionEntity)).toBe(7);
    expect(await count(AccessEventEntity)).toBe(1);
    expect(await count(VisitEntity)).toBe(3);
    expect(await cells()).toEqual(before);
    // The distinct counts (users, new, returning) are the same without the raw check-ins.
    expect(await users(oldDays[0])).toEqual(distinct);
    expect(await oldDay()).toEqual({ value: 6, suppressed: false, reason: null });
    // A third run has nothing left to do and changes nothing.
    expect(await t.app.get(ReportRetention).run()).toEqual({
      sessions: 0,
      visits: 0,
      accessEvents: 0,
      complete: true,
    });
    expect(await cells()).toEqual(before);
    // A roll-up of a sealed day (a mark left over) keeps its cells and visitor days.
    await markReportDays(db().manager, [{ siteId, utcDay: at(oldDays[0], 12).toISOString().slice(0, 10) }]);
    await t.app.get(ReportRollup).catchUp();
    expect(await cells()).toEqual(before);
    expect(await users(oldDays[0])).toEqual(distinct);
  });

  it('refuses a headcount on a sealed day (it would count nowhere), naming the first open day', async () => {
    const before = await cells();
    const res = await t
      .as(t.adminToken)
      .post('/api/visits/headcount', { siteId, count: 9, day: oldDays[1] })
      .expect(400);
    expect(res.body.details).toEqual([
      expect.objectContaining({
        field: 'day',
        rule: 'outOfRange',
        params: { min: addDaysToDate(today, -30) },
      }),
    ]);
    await t.as(t.adminToken).post('/api/visits/headcount', { siteId, count: 9, day: recentDay }).expect(201);
    await t.app.get(ReportRollup).catchUp();
    const after = await cells();
    expect(after[`${recentDay} visits//`]).toBe((before[`${recentDay} visits//`] ?? 0) + 9);
    expect(after[`${oldDays[1]} visits//`]).toBe(before[`${oldDays[1]} visits//`]);
  });

  it('the report still shows the sessions whose raw rows are gone', async () => {
    const res = await t
      .as(t.adminToken)
      .get(`/api/reports?period=custom&from=${oldDays[0]}&to=${today}&metrics=M11&siteIds=${siteId}`)
      .expect(200);
    const sessions = res.body.metrics[0].measures.find((m: { key: string }) => m.key === 'sessions');
    expect(sessions.total.value).toBe(oldSessions + 7);
  });
});
