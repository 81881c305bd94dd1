import { localDateOf } from '@werkbank/access-core';
import { DomainRule, StaffRole } from '@werkbank/contracts';
import { ReportCellsRepository } from '@werkbank/persistence';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { ReportRollup } from '../apps/server/src/reports/report-rollup';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { DATABASES, TestDatabase } from './support/postgres';
import { startTestApp, TestApp } from './support/test-app';

interface Day {
  day: string;
  entries: number;
  persons: number;
  members: number;
  anonymous: number;
  headcount: number;
  newMembers: number;
}

const today = () => localDateOf(Date.now(), 'Europe/Berlin');

/**
 * Visits at the front desk and the entrance, headcounts, the daily summary and what counts once. On both
 * databases: the summary's first-visit query (M3) reads raw timestamps, which the two return differently.
 */
describe.each(DATABASES)('visits on $name', ({ start }) => {
  let database: TestDatabase;
  let t: TestApp;
  let make: Factory;
  let siteId: string;
  let staff: { id: string; token: string };
  let trainer: { id: string; token: string };

  const summary = async (query: string): Promise<{ days: Day[]; totals: Record<string, number> }> =>
    (await t.as(staff.token).get(`/api/visits/summary?${query}`).expect(200)).body;
  const todayAt = async (site: string) => {
    const res = await summary(`siteId=${site}&from=${today()}&to=${today()}`);
    return { ...res.days[0], distinctMembers: res.totals.distinctMembers };
  };

  beforeAll(async () => {
    database = start();
    t = await startTestApp({ env: { DEVICE_LANGUAGE: 'en', ...database.env } });
    make = new Factory(t.as(t.adminToken));
    siteId = (await make.site()).id;
    staff = await t.createStaff(StaffRole.Staff, 'desk');
    trainer = await t.createStaff(StaffRole.Trainer, 'visit-trainer');
  });

  afterAll(async () => {
    await t?.close();
    database?.stop();
  });

  it('a member twice and two anonymous visitors: 4 entries, 3 persons; a headcount adds to both', async () => {
    const member = await make.member();
    const desk = t.as(staff.token);
    const first = await desk.post('/api/visits', { siteId, memberId: member.id }).expect(201);
    expect(first.body).toMatchObject({
      siteId,
      deploymentId: null,
      memberKey: member.memberKey,
      source: 'manual',
      ageBand: null,
      gender: null,
    });
    await desk.post('/api/visits', { siteId, memberId: member.id }).expect(201);
    const anon = await desk
      .post('/api/visits', { siteId, anonymous: true, ageBand: 'under_18', gender: 'female' })
      .expect(201);
    expect(anon.body).toMatchObject({ memberKey: null, ageBand: 'under_18', gender: 'female' });
    const plain = await desk.post('/api/visits', { siteId, anonymous: true }).expect(201);
    expect(plain.body).toMatchObject({ ageBand: 'not_stated', gender: 'not_stated' });

    expect(await todayAt(siteId)).toMatchObject({
      day: today(),
      entries: 4,
      persons: 3,
      members: 1,
      anonymous: 2,
      headcount: 0,
      newMembers: 1,
      distinctMembers: 1,
    });
    await desk.post('/api/visits/headcount', { siteId, count: 25, note: 'Open day' }).expect(201);
    expect(await todayAt(siteId)).toMatchObject({ entries: 29, persons: 28, headcount: 25, members: 1 });

    const list = await desk.get(
      `/api/visits?siteId=${siteId}&from=${new Date(Date.now() - 60_000).toISOString()}`,
    );
    expect(list.body.total).toBe(4);
  });

  it('the same member at another site on the same day: one person at each site', async () => {
    const member = await make.member();
    const other = (await make.site()).id;
    const third = (await make.site()).id;
    await t.as(staff.token).post('/api/visits', { siteId: other, memberId: member.id }).expect(201);
    await t.as(staff.token).post('/api/visits', { siteId: third, memberId: member.id }).expect(201);
    expect(await todayAt(other)).toMatchObject({ entries: 1, persons: 1 });
    expect(await todayAt(third)).toMatchObject({ entries: 1, persons: 1 });
  });

  it('a member checked in at the desk is greeted as already checked in at the entrance reader', async () => {
    const site = (await make.site()).id;
    const member = await make.member();
    await make.card(member.id, '0E0E0E01');
    const res = await t
      .as(t.adminToken)
      .post('/api/devices', {
        name: 'Door',
        siteId: site,
        role: 'entrance_reader',
        protocol: 'werkbank',
        address: 'visit-door',
      })
      .expect(201);
    const door = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      res.body.device.mqttUsername as string,
      res.body.mqttPassword as string,
    );
    try {
      expect(await door.subscribe('werkbank/v1/visit-door/cmd/#')).toBe(true);
      await t.as(staff.token).post('/api/visits', { siteId: site, memberId: member.id }).expect(201);
      const mark = door.mark();
      await door.publish(
        'werkbank/v1/visit-door/evt/card',
        JSON.stringify({ uid: '0E0E0E01', tech: 'em4100', at: new Date().toISOString(), msgId: 'v-1' }),
      );
      expect(JSON.parse(await door.next('werkbank/v1/visit-door/cmd/feedback', mark))).toMatchObject({
        result: 'allowed',
        text: 'Already checked in',
      });
      // A second member taps in: their visit is journaled; the desk's member still has one entry only.
      const other = await make.member();
      await make.card(other.id, '0E0E0E02');
      await door.publish(
        'werkbank/v1/visit-door/evt/card',
        JSON.stringify({ uid: '0E0E0E02', tech: 'em4100', at: new Date().toISOString(), msgId: 'v-2' }),
      );
      const visits = await eventually(async () => {
        const r = await t.as(staff.token).get(`/api/visits?siteId=${site}`).expect(200);
        return r.body.total === 2 ? (r.body.items as { id: string; source: string }[]) : null;
      });
      // An entrance tap is the access trail: not deleted through the API.
      const tapped = visits.find((v) => v.source === 'entrance_tap') as { id: string };
      const refused = await t.as(staff.token).delete(`/api/visits/${tapped.id}`).expect(409);
      expect(refused.body.details[0]).toMatchObject({ rule: DomainRule.ManualOnly });
    } finally {
      await door.close();
    }
  });

  it('a mistaken check-in is deleted (audited); the count drops', async () => {
    const site = (await make.site()).id;
    const visit = await t.as(staff.token).post('/api/visits', { siteId: site, anonymous: true }).expect(201);
    expect((await todayAt(site)).entries).toBe(1);
    await t.as(trainer.token).delete(`/api/visits/${visit.body.id}`).expect(403);
    await t.as(staff.token).delete(`/api/visits/${visit.body.id}`).expect(204);
    expect((await todayAt(site)).entries).toBe(0);
    await t.as(staff.token).delete(`/api/visits/${visit.body.id}`).expect(404);
    const audit = await t.as(t.adminToken).get(`/api/audit?entityId=${visit.body.id}`).expect(200);
    expect((audit.body.items as { action: string }[]).map((e) => e.action).sort()).toEqual([
      'check_in',
      'delete',
    ]);
  });

  describe('the mobile lab', () => {
    let van: string;
    let stop: { id: string };

    beforeAll(async () => {
      van = (await make.site({ kind: 'mobile' })).id;
      stop = (
        await t
          .as(staff.token)
          .post(`/api/sites/${van}/deployments`, { startsOn: today(), endsOn: today(), place: 'Marktplatz' })
          .expect(201)
      ).body;
    });

    it('visits and a headcount at a deployment count for the deployment and the site', async () => {
      const member = await make.member();
      const desk = t.as(staff.token);
      const visit = await desk
        .post('/api/visits', { deploymentId: stop.id, memberId: member.id })
        .expect(201);
      expect(visit.body).toMatchObject({ siteId: van, deploymentId: stop.id });
      await desk
        .post('/api/visits/headcount', { siteId: van, deploymentId: stop.id, count: 40, day: today() })
        .expect(201);
      await desk.post('/api/visits', { siteId: van, anonymous: true }).expect(201); // at the van's base
      const atStop = await summary(`siteId=${van}&deploymentId=${stop.id}&from=${today()}&to=${today()}`);
      expect(atStop.days[0]).toMatchObject({ entries: 41, persons: 41, members: 1, headcount: 40 });
      const wholeSite = await summary(`siteId=${van}&from=${today()}&to=${today()}`);
      expect(wholeSite.days[0]).toMatchObject({ entries: 42, persons: 42 });
    });

    it('a deployment of another site, or not on that day: 400 with the rule, nothing written', async () => {
      const before = (await summary(`siteId=${van}&from=${today()}&to=${today()}`)).days[0].entries;
      const desk = t.as(staff.token);
      const other = await desk
        .post('/api/visits', { siteId, deploymentId: stop.id, anonymous: true })
        .expect(400);
      expect(other.body.details[0]).toMatchObject({
        field: 'deploymentId',
        rule: DomainRule.DeploymentOfOtherSite,
      });
      const lastYear = await desk
        .post('/api/visits/headcount', { deploymentId: stop.id, count: 5, day: '2025-06-01' })
        .expect(400);
      expect(lastYear.body.details[0]).toMatchObject({
        field: 'deploymentId',
        rule: DomainRule.DeploymentNotOnDay,
      });
      expect((await summary(`siteId=${van}&from=${today()}&to=${today()}`)).days[0].entries).toBe(before);
    });
  });

  it('member erasure deletes the check-ins and keeps what they counted in the report cells', async () => {
    const site = (await make.site()).id;
    const member = await make.member({ ageBand: '18_29' });
    await t.as(staff.token).post('/api/visits', { siteId: site, memberId: member.id }).expect(201);
    await t.as(staff.token).post('/api/visits', { siteId: site, memberId: member.id }).expect(201);
    expect(await todayAt(site)).toMatchObject({ entries: 2, persons: 1, distinctMembers: 1 });
    const cells = async () => {
      await t.app.get(ReportRollup).catchUp();
      const sums: Record<string, number> = {};
      for (const c of await t.app.get(ReportCellsRepository).reportCells([site], '2000-01-01', '2100-01-01'))
        sums[`${c.day} ${c.measure}/${c.breakdown}/${c.category}`] =
          (sums[`${c.day} ${c.measure}/${c.breakdown}/${c.category}`] ?? 0) + c.value;
      return sums;
    };
    const before = await cells();
    expect(before[`${today()} visits/age_band/18_29`]).toBe(2);
    await t.as(t.adminToken).delete(`/api/members/${member.id}`).expect(204);
    expect(await cells()).toEqual(before);
    // The day list reads the raw rows, and those are gone with the person.
    expect(await todayAt(site)).toMatchObject({ entries: 0, distinctMembers: 0 });
    const rows = await t.as(staff.token).get(`/api/visits?siteId=${site}`).expect(200);
    expect(rows.body.items).toEqual([]);
  });

  it('bad input: 400 with the field and the rule, nothing written', async () => {
    const site = (await make.site()).id;
    const member = await make.member();
    const cases: [string, object, string, string][] = [
      ['/api/visits', { siteId: site, memberId: member.id, anonymous: true }, 'memberId', DomainRule.OneOf],
      ['/api/visits', { siteId: site }, 'memberId', DomainRule.OneOf],
      ['/api/visits', { anonymous: true }, 'siteId', DomainRule.OneOf],
      [
        '/api/visits',
        { siteId: site, memberId: member.id, ageBand: 'under_18' },
        'ageBand',
        DomainRule.AnonymousOnly,
      ],
      ['/api/visits', { siteId: site, anonymous: true, gender: 'x' }, 'gender', 'isEnum'],
      ['/api/visits', { siteId: site, anonymous: false }, 'anonymous', 'equals'],
      [
        '/api/visits',
        { siteId: '00000000-0000-4000-8000-000000000000', anonymous: true },
        'siteId',
        DomainRule.NotFound,
      ],
      [
        '/api/visits',
        { siteId: site, memberId: '00000000-0000-4000-8000-000000000000' },
        'memberId',
        DomainRule.NotFound,
      ],
      ['/api/visits/headcount', { siteId: site, count: 0 }, 'count', 'min'],
      ['/api/visits/headcount', { siteId: site, count: 2.5 }, 'count', 'isInt'],
      ['/api/visits/headcount', { siteId: site, count: 5, day: '2999-01-01' }, 'day', DomainRule.NotInFuture],
      ['/api/visits/headcount', { siteId: site, count: 5, day: '2026-02-30' }, 'day', 'isDateString'],
      [
        '/api/visits/headcount',
        { siteId: site, count: 5, day: today(), at: new Date().toISOString() },
        'at',
        DomainRule.OneOf,
      ],
    ];
    for (const [path, body, field, rule] of cases) {
      const res = await t.as(staff.token).post(path, body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    expect(await todayAt(site)).toMatchObject({ entries: 0, persons: 0 });

    const badSummary: [string, string, string][] = [
      [`siteId=${site}&from=2026-06-10&to=2026-06-09`, 'to', DomainRule.NotBefore],
      [`siteId=${site}&from=2026-01-01&to=2027-01-02`, 'to', DomainRule.PeriodTooLong],
      [`siteId=${site}&from=2026-06-10`, 'to', 'matches'],
    ];
    for (const [query, field, rule] of badSummary) {
      const res = await t.as(staff.token).get(`/api/visits/summary?${query}`).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    await t
      .as(staff.token)
      .get(`/api/visits/summary?siteId=00000000-0000-4000-8000-000000000000&from=2026-06-10&to=2026-06-10`)
      .expect(404);
    // A trainer may read the counts, not check anyone in.
    await t
      .as(trainer.token)
      .get(`/api/visits/summary?siteId=${site}&from=${today()}&to=${today()}`)
      .expect(200);
    await t.as(trainer.token).post('/api/visits', { siteId: site, anonymous: true }).expect(403);
  });
});
