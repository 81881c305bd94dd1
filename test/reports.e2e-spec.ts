import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { addDaysToDate, startOfLocalDay } from '@werkbank/access-core';
import type { Report, ReportMeasure } from '@werkbank/contracts';
import { SessionEndReason } from '@werkbank/contracts';
import {
  markReportDays,
  ReportMachineUserDayEntity,
  UsageSessionEntity,
  VisitEntity,
} from '@werkbank/persistence';
import { ReportRollup } from '../apps/server/src/reports/report-rollup';
import { Factory } from './support/factories';
import { DATABASES, type TestDatabase } from './support/postgres';
import { BERLIN, type ReportData, seedReportData } from './support/report-data';
import { startTestApp, TestApp } from './support/test-app';

/**
 * GET /api/reports on a real server, on a small dataset computed by hand (support/report-data): repeat visits,
 * new and returning members, an anonymous visitor, a headcount, an event with a headcount, a quiet site. On both
 * databases: the distinct counts are raw SQL (a subquery, instants as text on SQLite and as Date on PostgreSQL).
 */
describe.each(DATABASES)('funder report API on $name', ({ start }) => {
  let database: TestDatabase;
  let t: TestApp;
  let d: ReportData;
  let siteId: string;
  let quietId: string;
  let from: string;
  let today: string;

  const report = async (query: string): Promise<Report> =>
    (await t.as(t.adminToken).get(`/api/reports?${query}`).expect(200)).body as Report;
  const measure = (r: Report, metric: string, key: string): ReportMeasure => {
    const found = r.metrics.find((m) => m.id === metric)?.measures.find((m) => m.key === key);
    if (!found) throw new Error(`${metric}/${key} missing in ${JSON.stringify(r.metrics.map((m) => m.id))}`);
    return found;
  };
  const custom = () => d.custom;

  beforeAll(async () => {
    database = start();
    t = await startTestApp({ env: database.env });
    d = await seedReportData(t);
    ({ siteId, quietId, from, today } = d);
  });

  afterAll(async () => {
    await t?.close();
    database?.stop();
  });

  it('counts visits, users, newcomers and events as computed by hand', async () => {
    const r = await report(`${custom()}&siteIds=${siteId},${quietId}`);
    expect(r.period).toMatchObject({ kind: 'custom', from, to: today, days: 7 });
    expect(r.threshold).toBe(5);
    // M1: 7 member check-ins + 1 anonymous + a headcount of 20.
    expect(measure(r, 'M1', 'visits').total).toEqual({ value: 28, suppressed: false, reason: null });
    expect(measure(r, 'M1', 'visits').bySite).toEqual([
      { siteId, value: { value: 28, suppressed: false, reason: null } },
      { siteId: quietId, value: { value: 0, suppressed: false, reason: null } },
    ]);
    // M2: six distinct members (the anonymous visitor and the headcount are not users).
    expect(measure(r, 'M2', 'users').total.value).toBe(6);
    expect(measure(r, 'M3', 'newUsers').total.value).toBe(6);
    // M4: one member came on two days — below 5, so hidden, never its value.
    expect(measure(r, 'M4', 'returningUsers').total).toEqual({
      value: null,
      suppressed: true,
      reason: 'primary',
    });
    // M6/M7/M8: one event on its start date; 12 people × 2 h.
    expect(measure(r, 'M6', 'events').total.value).toBe(1);
    expect(measure(r, 'M7', 'attendances').total.value).toBe(12);
    expect(measure(r, 'M8', 'participantHours').total.value).toBe(24);
    expect(measure(r, 'M6', 'events').byBreakdown).toEqual([
      {
        breakdown: 'event_format',
        categories: [{ category: 'open_workshop', value: expect.objectContaining({ value: 1 }) }],
      },
    ]);
    // The quiet site says it had nothing rather than failing.
    expect(r.sites.find((s) => s.id === quietId)).toMatchObject({ name: 'Quiet corner', hasData: false });
    expect(r.sites.find((s) => s.id === siteId)).toMatchObject({ hasData: true });
    // Metrics without data say why; every metric carries its definitions.
    const m12 = r.metrics.find((m) => m.id === 'M12')!;
    expect(m12.unavailable?.de).toBeTruthy();
    expect(r.metrics.every((m) => m.definition.de.length > 10 && m.definition.en.length > 10)).toBe(true);
    // No person key anywhere in the report.
    const raw = JSON.stringify(r);
    for (const key of d.memberKeys) expect(raw).not.toContain(key);
  });

  it('compares with the previous period of the same length', async () => {
    const r = await report(`${custom()}&metrics=M1`);
    expect(r.previousPeriod).toMatchObject({ from: addDaysToDate(from, -7), to: addDaysToDate(from, -1) });
    const visits = measure(r, 'M1', 'visits');
    expect(visits.previousTotal.value).toBe(0);
    expect(visits.difference.value).toBe(28);
    expect(r.metrics.map((m) => m.id)).toEqual(['M1']);
    expect(visits.series).toHaveLength(7);
  });

  it('hides more with a stricter threshold and refuses a laxer one', async () => {
    const r = await report(`${custom()}&metrics=M2&threshold=7&siteIds=${siteId}`);
    expect(measure(r, 'M2', 'users').total).toMatchObject({ value: null, suppressed: true });
    const res = await t.as(t.adminToken).get(`/api/reports?${custom()}&threshold=4`).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'threshold', rule: 'outOfRange' })]);
    const low = await t.as(t.adminToken).get(`/api/reports?${custom()}&threshold=2`).expect(400);
    expect(low.body.details).toEqual([expect.objectContaining({ field: 'threshold' })]);
  });

  it.each([
    ['a quarter 5', 'period=quarter&year=2026&quarter=5', 'quarter', 'outOfRange'],
    ['a year before 2000', 'period=year&year=1999', 'year', 'outOfRange'],
    ['a month without its year', 'period=month&month=3', 'year', 'oneOf'],
    ['a reversed range', 'period=custom&from=2026-03-10&to=2026-03-01', 'to', 'notBefore'],
    ['a date that does not exist', 'period=custom&from=2026-02-30&to=2026-03-01', 'from', 'notADate'],
    ['a range over five years', 'period=custom&from=2020-01-01&to=2026-01-01', 'to', 'periodTooLong'],
    [
      'an unknown site',
      'period=year&year=2026&siteIds=00000000-0000-4000-8000-000000000000',
      'siteIds',
      'notFound',
    ],
  ])('answers %s with 400 naming the field and the rule', async (_case, query, field, rule) => {
    const res = await t.as(t.adminToken).get(`/api/reports?${query}`).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field, rule })]);
  });

  it('says how long a period may be', async () => {
    const res = await t
      .as(t.adminToken)
      .get('/api/reports?period=custom&from=2020-01-01&to=2026-01-01')
      .expect(400);
    expect(res.body.details[0]).toMatchObject({
      field: 'to',
      rule: 'periodTooLong',
      params: { limit: 1830 },
    });
  });

  it('refuses unknown metrics and a malformed site id', async () => {
    const m = await t.as(t.adminToken).get('/api/reports?period=year&year=2026&metrics=M1,M99').expect(400);
    expect(JSON.stringify(m.body.details)).toContain('metrics');
    const s = await t.as(t.adminToken).get('/api/reports?period=year&year=2026&siteIds=x').expect(400);
    expect(JSON.stringify(s.body.details)).toContain('siteIds');
  });

  it('lists the metric catalogue with German and English definitions', async () => {
    const res = await t.as(t.adminToken).get('/api/reports/metrics').expect(200);
    expect(res.body).toHaveLength(18);
    expect(res.body[0]).toMatchObject({ id: 'M1', name: { de: 'Besuche', en: 'Visits' } });
  });

  // Last: it adds a member to the dataset.
  it('counts a member as new only if their first visit ever, at any site, falls in the period (M3)', async () => {
    const member = await new Factory(t.as(t.adminToken)).member({});
    const db = t.app.get(DataSource);
    const visit = async (site: string, at: Date) => {
      await db.getRepository(VisitEntity).insert({
        id: randomUUID(),
        siteId: site,
        memberKey: member.memberKey,
        at,
        source: 'entrance_tap',
      });
      await markReportDays(db.manager, [{ siteId: site, utcDay: at.toISOString().slice(0, 10) }]);
    };
    await visit(quietId, new Date(Date.now() - 30 * 86_400_000)); // long before, at the other site
    await visit(siteId, new Date(startOfLocalDay(from, BERLIN) + 12 * 3_600_000));
    await t.app.get(ReportRollup).catchUp();
    const r = await report(`${custom()}&siteIds=${siteId}`);
    expect(measure(r, 'M2', 'users').total.value).toBe(7);
    expect(measure(r, 'M3', 'newUsers').total.value).toBe(6);
  });

  // Last too: it adds members, an event and check-ins.
  it('counts distinct participants (M7, M13) and the home municipalities reached (M14)', async () => {
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const db = t.app.get(DataSource);
    const dayStart = startOfLocalDay(addDaysToDate(from, 3), BERLIN);
    const ev = (
      await admin
        .post('/api/events', {
          title: 'Löten für Einsteiger',
          format: 'workshop_course',
          siteId,
          startsAt: new Date(dayStart + 17 * 3_600_000).toISOString(),
          endsAt: new Date(dayStart + 19 * 3_600_000).toISOString(),
          capacity: 10,
        })
        .expect(201)
    ).body as { id: string };
    const homes = ['05315000', '05315000', '05111000', '05111000', '05111000', '05913000'];
    const memberIds: string[] = [];
    for (const [i, homeMunicipalityKey] of homes.entries()) {
      const m = await make.member({ homeMunicipalityKey, ageBand: '18_29' });
      memberIds.push(m.id);
      const reg = (await admin.post(`/api/events/${ev.id}/registrations`, { memberId: m.id }).expect(201))
        .body;
      // Five come, the sixth does not: only those present are participants.
      if (i < 5)
        await admin
          .post(`/api/events/${ev.id}/registrations/${reg.id}/attendance`, { attended: true })
          .expect(200);
      const at = new Date(dayStart + 16 * 3_600_000);
      await db
        .getRepository(VisitEntity)
        .insert({ id: randomUUID(), siteId, memberKey: m.memberKey, at, source: 'entrance_tap' });
      await markReportDays(db.manager, [{ siteId, utcDay: at.toISOString().slice(0, 10) }]);
    }
    // A registered group without names is an attendance, never a participant.
    const group = (
      await admin.post(`/api/events/${ev.id}/registrations`, { label: 'Klasse 7b', count: 20 }).expect(201)
    ).body;
    await admin
      .post(`/api/events/${ev.id}/registrations/${group.id}/attendance`, { attended: true })
      .expect(200);
    await t.app.get(ReportRollup).catchUp();
    const r = await report(`${custom()}&siteIds=${siteId}`);
    expect(measure(r, 'M7', 'participants').total.value).toBe(5);
    expect(measure(r, 'M7', 'attendances').total.value).toBe(12 + 25);
    const ages = measure(r, 'M13', 'participants').byBreakdown.find((b) => b.breakdown === 'age_band');
    expect(ages?.categories.find((c) => c.category === '18_29')?.value.value).toBe(5);
    // Three municipalities among the users (the six new ones; the dataset's members state none).
    expect(measure(r, 'M14', 'municipalities').total.value).toBe(3);
    // Erasing a participant (Art. 17) keeps the figures: they stay a participant and a user, without a profile
    // and under a random key (the roll-up's rebuild of their days keeps them).
    const usersBefore = measure(r, 'M2', 'users').total;
    await admin.delete(`/api/members/${memberIds[0]}`).expect(204);
    await t.app.get(ReportRollup).catchUp();
    const after = await report(`${custom()}&siteIds=${siteId}`);
    expect(measure(after, 'M2', 'users').total).toEqual(usersBefore);
    expect(measure(after, 'M7', 'participants').total.value).toBe(5);
    expect(measure(after, 'M7', 'attendances').total.value).toBe(12 + 25);
  });

  it('counts inductions held, people newly qualified and qualifications valid at the end where held (M9)', async () => {
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const type = await make.machineType();
    const qualification = await make.qualification(type.id);
    const members = await Promise.all([0, 1, 2, 3, 4, 5].map(() => make.member({})));
    const trainedOn = addDaysToDate(from, 2);
    const record = (memberIds: string[], site: string) =>
      admin.post('/api/trainings', {
        qualificationId: qualification.id,
        memberIds,
        level: 'independent',
        trainedOn,
        siteId: site,
      });
    await record(
      members.slice(0, 5).map((m) => m.id),
      siteId,
    ).expect(201);
    await record([members[5].id], quietId).expect(201);
    const bad = await record([members[5].id], randomUUID()).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'siteId', rule: 'notFound' })]);
    const r = await report(`${custom()}&siteIds=${siteId}&metrics=M9`);
    expect(measure(r, 'M9', 'briefingsHeld').total.value).toBe(1);
    expect(measure(r, 'M9', 'newlyQualified').total.value).toBe(5);
    expect(measure(r, 'M9', 'validAtEnd').total.value).toBe(5);
    const both = await report(`${custom()}&siteIds=${siteId},${quietId}&metrics=M9`);
    expect(measure(both, 'M9', 'briefingsHeld').total.value).toBe(2);
    // Erasing one of the five (Art. 17) deletes their training history and keeps what it counted.
    await admin.delete(`/api/members/${members[0].id}`).expect(204);
    const erased = await report(`${custom()}&siteIds=${siteId}&metrics=M9`);
    for (const key of ['briefingsHeld', 'newlyQualified', 'validAtEnd'])
      expect(measure(erased, 'M9', key).total).toEqual(measure(r, 'M9', key).total);
    // The quiet site's single person is hidden, and cannot be worked out from the total and the other site.
    const newly = measure(both, 'M9', 'newlyQualified');
    const quiet = newly.bySite.find((s) => s.siteId === quietId)!.value;
    const main = newly.bySite.find((s) => s.siteId === siteId)!.value;
    expect(quiet).toMatchObject({ value: null, suppressed: true });
    expect(newly.total.suppressed || main.suppressed).toBe(true);
  });

  it('counts sessions and distinct users per machine type (M11), also after an erasure', async () => {
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const db = t.app.get(DataSource);
    const openingHours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
      weekday,
      opens: '10:00',
      closes: '20:00',
    }));
    const hall = (await make.site({ timezone: BERLIN, name: 'Werkhalle', openingHours })).id;
    const laser = (await make.machine(hall, (await make.machineType({ name: 'Laser' })).id)).id;
    const printer = (await make.machine(hall, (await make.machineType({ name: 'Drucker' })).id)).id;
    const at = (day: string, hour: number) => new Date(startOfLocalDay(day, BERLIN) + hour * 3_600_000);
    const members = await Promise.all([0, 1, 2, 3, 4, 5].map(() => make.member({ ageBand: '30_54' })));
    const session = (machineId: string, memberKey: string, startedAt: Date) => ({
      id: randomUUID(),
      machineId,
      siteId: hall,
      memberKey,
      startedAt,
      endedAt: new Date(startedAt.getTime() + 3_600_000),
      endReason: SessionEndReason.TapOut,
    });
    // Six on the laser (the first twice, on two days, once across midnight), five of them on the printer too.
    const rows = [
      ...members.map((m) => session(laser, m.memberKey, at(addDaysToDate(from, 1), 10))),
      session(laser, members[0].memberKey, at(addDaysToDate(from, 2), 23.5)),
      ...members.slice(0, 5).map((m) => session(printer, m.memberKey, at(addDaysToDate(from, 2), 14))),
    ];
    await db.getRepository(UsageSessionEntity).insert(rows);
    await markReportDays(
      db.manager,
      rows.map((r) => ({ siteId: hall, utcDay: r.startedAt.toISOString().slice(0, 10) })),
    );
    await t.app.get(ReportRollup).catchUp();
    const m11 = async () => {
      const r = await report(`${custom()}&siteIds=${hall}&metrics=M11`);
      const byType = (key: string) =>
        measure(r, 'M11', key).byBreakdown.find((b) => b.breakdown === 'machine_type')!.categories.length;
      return {
        sessions: measure(r, 'M11', 'sessions').total.value,
        users: measure(r, 'M11', 'sessionUsers').total.value,
        types: byType('sessionUsers'),
        perType: measure(r, 'M11', 'sessionUsers')
          .byBreakdown.find((b) => b.breakdown === 'machine_type')!
          .categories.map((c) => c.value.value)
          .sort(),
        ages: measure(r, 'M11', 'sessionUsers').byBreakdown.find((b) => b.breakdown === 'age_band')!
          .categories,
      };
    };
    // M10: 12 one-hour sessions over 7 days × 10 open hours × 2 machines; the laser had 7 of its 70 hours.
    const m10 = await report(`${custom()}&siteIds=${hall}&metrics=M10`);
    expect(measure(m10, 'M10', 'machineHours').total.value).toBeCloseTo(12, 6);
    const utilisation = measure(m10, 'M10', 'utilisation');
    expect(utilisation.total.value).toBeCloseTo(12 / 140, 6);
    expect(utilisation.byBreakdown[0].categories.map((c) => c.value.value).sort()).toEqual([
      expect.closeTo(5 / 70, 6),
      expect.closeTo(7 / 70, 6),
    ]);
    const before = await m11();
    // 12 sessions; 6 distinct users: one person counts once however many sessions and types, but once in each
    // type they used (6 on the laser, 5 on the printer).
    expect(before).toMatchObject({ sessions: 12, users: 6, types: 2, perType: [5, 6] });
    expect(before.ages).toEqual([{ category: '30_54', value: expect.objectContaining({ value: 6 }) }]);
    // Erased (Art. 17): still one distinct user in every type they used, as "not stated", under no key of
    // theirs. (The report then hides the lone "not stated" and what would give it away.)
    await admin.delete(`/api/members/${members[1].id}`).expect(204);
    await t.app.get(ReportRollup).catchUp();
    expect((await m11()).sessions).toBe(12);
    const stored = await db.getRepository(ReportMachineUserDayEntity).find({ where: { siteId: hall } });
    const perType = new Map<string, Set<string>>();
    for (const d of stored)
      perType.set(d.machineTypeId, (perType.get(d.machineTypeId) ?? new Set()).add(d.personKey));
    expect([...perType.values()].map((p) => p.size).sort()).toEqual([5, 6]);
    expect(stored.some((d) => d.personKey === members[1].memberKey)).toBe(false);
    expect(stored.filter((d) => d.retired)).toHaveLength(2);
  });
});
