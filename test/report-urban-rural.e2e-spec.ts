import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { type Report, StaffRole } from '@werkbank/contracts';
import { markReportDays, VisitEntity } from '@werkbank/persistence';
import { ReportRollup } from '../apps/server/src/reports/report-rollup';
import { Factory } from './support/factories';
import { DATABASES, type TestDatabase } from './support/postgres';
import { startTestApp, TestApp } from './support/test-app';

const BERLIN = 'Europe/Berlin';

/**
 * M14's urban/rural classes from a classification the admin imports (CSV, BBSR district types or words): the
 * users' breakdown, the rural share read from it, the cells rebuilt with the classes, and the import's rules.
 */
describe.each(DATABASES)('urban/rural classification on $name', ({ name, start }) => {
  let database: TestDatabase;
  let t: TestApp;
  let siteId: string;
  const today = localDateOf(Date.now(), BERLIN);
  const from = addDaysToDate(today, -6);
  const query = () => `/api/reports?period=custom&from=${from}&to=${today}&siteIds=${siteId}`;
  const report = async (metrics: string) =>
    (await t.as(t.adminToken).get(`${query()}&metrics=${metrics}`).expect(200)).body as Report;
  const measure = (r: Report, metric: string, key: string) =>
    r.metrics.find((m) => m.id === metric)?.measures.find((m) => m.key === key);
  const categories = (r: Report, metric: string, key: string) =>
    Object.fromEntries(
      (measure(r, metric, key)?.byBreakdown.find((b) => b.breakdown === 'urban_rural')?.categories ?? []).map(
        (c) => [c.category, c.value.value],
      ),
    );

  beforeAll(async () => {
    database = start();
    t = await startTestApp({ env: database.env });
    const make = new Factory(t.as(t.adminToken));
    siteId = (await make.site({ timezone: BERLIN })).id;
    const db = t.app.get(DataSource);
    // Five from Cologne, six from a village in Höxter's district, five from Munich, two from Flensburg.
    const homes = [
      ...Array(5).fill('05315000'),
      ...Array(6).fill('05762004'),
      ...Array(5).fill('09162000'),
      '01001000',
      '01001000',
    ];
    for (const homeMunicipalityKey of homes) {
      const member = await make.member({ homeMunicipalityKey });
      const at = new Date(startOfLocalDay(addDaysToDate(from, 1), BERLIN) + 11 * 3_600_000);
      await db
        .getRepository(VisitEntity)
        .insert({ id: randomUUID(), siteId, memberKey: member.memberKey, at, source: 'entrance_tap' });
      await markReportDays(db.manager, [{ siteId, utcDay: at.toISOString().slice(0, 10) }]);
    }
    await t.app.get(ReportRollup).catchUp();
  });

  afterAll(async () => {
    await t?.close();
    database?.stop();
  });

  it('counts every home as not stated and gives no rural share before a classification exists', async () => {
    const r = await report('M14');
    expect(categories(r, 'M14', 'users')).toEqual({ not_stated: 18 });
    expect(measure(r, 'M14', 'ruralShare')).toBeUndefined();
    const summary = (await t.as(t.adminToken).get('/api/reports/urban-rural').expect(200)).body;
    expect(summary).toEqual({
      districts: 0,
      municipalities: 0,
      urban: 0,
      rural: 0,
      membersClassified: 0,
      membersWithHome: 18,
    });
  });

  it('lets only an admin replace it, and refuses a file with a bad line naming it (nothing changes)', async () => {
    const staff = await t.createStaff(
      StaffRole.Staff,
      `classes-staff-${name.replace(/\W+/g, '-').toLowerCase()}`,
    );
    const csv = 'Kreiskennziffer;Kreistyp\n05315;1\n05762;4\n';
    await t.as(staff.token).put('/api/reports/urban-rural', csv).expect(403);
    await t.as(staff.token).delete('/api/reports/urban-rural').expect(403);
    const bad = await t
      .as(t.adminToken)
      .put('/api/reports/urban-rural', 'ags,class\n05315,urban\n0576x,rural\n')
      .expect(422);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'line 3' })]);
    expect((await t.as(t.adminToken).get('/api/reports/urban-rural').expect(200)).body.districts).toBe(0);
  });

  it('classifies the users by district type and computes the rural share from the published counts', async () => {
    const csv = 'Kreisname;Kreiskennziffer;Kreistyp\nKöln;05315;1\nHöxter;05762;4\n';
    const summary = (await t.as(t.adminToken).put('/api/reports/urban-rural', csv).expect(200)).body;
    expect(summary).toEqual({
      districts: 2,
      municipalities: 0,
      urban: 1,
      rural: 1,
      membersClassified: 11,
      membersWithHome: 18,
    });
    const r = await report('M14');
    // The distinct counts read the class at report time: at once.
    expect(categories(r, 'M14', 'users')).toEqual({ urban: 5, rural: 6, not_stated: 7 });
    // 6 rural among the 11 classified (the seven from places not classified are not in the share).
    expect(measure(r, 'M14', 'ruralShare')?.total.value).toBeCloseTo(6 / 11, 10);
    // The visits' cells follow with the roll-up of the marked days.
    await t.app.get(ReportRollup).catchUp();
    const visits = await report('M1');
    expect(categories(visits, 'M1', 'visits')).toMatchObject({ urban: 5, rural: 6 });
  });

  it('hides the rural share when a count it rests on is hidden, and a municipality wins over its district', async () => {
    // Flensburg's two are rural on their own: a count below 5, hidden, and so is the share.
    await t
      .as(t.adminToken)
      .put('/api/reports/urban-rural', 'ags,class\n05315,urban\n05762,urban\n01001000,rural\n')
      .expect(200);
    const few = await report('M14');
    // (The five not stated are hidden too: with the total they would give the two away.)
    expect(categories(few, 'M14', 'users')).toEqual({ urban: 11, rural: null, not_stated: null });
    expect(measure(few, 'M14', 'ruralShare')?.total).toMatchObject({ value: null, suppressed: true });
    // The village's own entry (rural) wins over its district's (urban).
    await t
      .as(t.adminToken)
      .put(
        '/api/reports/urban-rural',
        'ags,class\n05315,urban\n05762,urban\n05762004,rural\n09162,urban\n01001,1\n',
      )
      .expect(200);
    const own = await report('M14');
    expect(categories(own, 'M14', 'users')).toEqual({ urban: 12, rural: 6 });
    expect(measure(own, 'M14', 'ruralShare')?.total.value).toBeCloseTo(6 / 18, 10);
    // Cleared: every home is not stated again, and the share is not known.
    await t.as(t.adminToken).delete('/api/reports/urban-rural').expect(204);
    expect(measure(await report('M14'), 'M14', 'ruralShare')).toBeUndefined();
  });
});
