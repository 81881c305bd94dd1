import { DataSource } from 'typeorm';
import { StaffRole } from '@werkbank/contracts';
import { Factory } from './support/factories';
import { DATABASES, TestDatabase } from './support/postgres';
import { startTestApp, TestApp } from './support/test-app';

/** Events, series, registrations with a waiting list, the door, erasure and bad input, on a real server. */
describe.each(DATABASES)('events and workshops on $name', ({ start }) => {
  let database: TestDatabase;
  let t: TestApp;
  let admin: ReturnType<TestApp['as']>;
  let make: Factory;
  let siteId: string;
  let trainer: { id: string; token: string };

  const event = (over: object = {}) => ({
    title: 'Löten für Einsteiger',
    format: 'workshop_course',
    siteId,
    startsAt: '2027-02-10T16:00:00Z',
    endsAt: '2027-02-10T18:00:00Z',
    capacity: 10,
    targetGroups: ['teens', 'adults'],
    ...over,
  });
  const auditCount = async () =>
    Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM audit_log'))[0].n);
  const eventCount = async () =>
    Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM events'))[0].n);

  beforeAll(async () => {
    database = start();
    t = await startTestApp({ env: database.env });
    admin = t.as(t.adminToken);
    make = new Factory(admin);
    siteId = (await make.site({ address: 'Marktplatz 1, Musterstadt' })).id;
    trainer = await t.createStaff(StaffRole.Trainer, 'events-trainer');
  });
  afterAll(async () => {
    await t?.close();
    database?.stop();
  });

  it('creates an event with partners and staff, audited, and lists it by range and site', async () => {
    const school = await admin
      .post('/api/partners', { name: 'Gesamtschule Nord', type: 'school' })
      .expect(201);
    const before = await auditCount();
    const created = await admin
      .post('/api/events', event({ partnerIds: [school.body.id], staffIds: [trainer.id], public: true }))
      .expect(201);
    expect(created.body).toMatchObject({
      partnerIds: [school.body.id],
      staffIds: [trainer.id],
      registeredCount: 0,
      attendedCount: 0,
      status: 'scheduled',
    });
    expect(await auditCount()).toBe(before + 1);
    const list = await t
      .as(trainer.token)
      .get(`/api/events?from=2027-02-10T00:00:00Z&to=2027-02-11T00:00:00Z&siteId=${siteId}`)
      .expect(200);
    expect(list.body.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    const outside = await admin
      .get('/api/events?from=2027-02-11T00:00:00Z&to=2027-02-12T00:00:00Z')
      .expect(200);
    expect(outside.body.find((e: { id: string }) => e.id === created.body.id)).toBeUndefined();
    // A partner named on an event stays.
    const del = await admin.delete(`/api/partners/${school.body.id}`).expect(409);
    expect(del.body.details[0]).toMatchObject({ field: 'id', rule: 'alreadyUsed' });
    // Trainers see but do not write.
    await t.as(trainer.token).post('/api/events', event()).expect(403);
    await t.as(trainer.token).post('/api/partners', { name: 'X', type: 'other' }).expect(403);
  });

  it.each([
    ['end before start', { endsAt: '2027-02-10T15:00:00Z' }, 'endsAt', 'notBefore'],
    ['end equals start', { endsAt: '2027-02-10T16:00:00Z' }, 'endsAt', 'notBefore'],
    ['unknown site', { siteId: '00000000-0000-4000-8000-000000000000' }, 'siteId', 'notFound'],
    ['unknown partner', { partnerIds: ['00000000-0000-4000-8000-000000000000'] }, 'partnerIds', 'notFound'],
    ['unknown staff', { staffIds: ['00000000-0000-4000-8000-000000000000'] }, 'staffIds', 'notFound'],
    [
      'unknown deployment',
      { deploymentId: '00000000-0000-4000-8000-000000000000' },
      'deploymentId',
      'notFound',
    ],
  ])('refuses %s with 400 naming the field, nothing written', async (_, over, field, rule) => {
    const before = await eventCount();
    const audits = await auditCount();
    const res = await admin.post('/api/events', event(over)).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field, rule })]);
    expect(await eventCount()).toBe(before);
    expect(await auditCount()).toBe(audits);
  });

  it('refuses a bad format, target group and capacity in the DTO', async () => {
    for (const over of [
      { format: 'party' },
      { targetGroups: ['robots'] },
      { capacity: 0 },
      { startsAt: 'morgen' },
    ])
      await admin.post('/api/events', event(over)).expect(400);
  });

  it('a deployment must belong to the site and hold the event', async () => {
    const mobile = await make.site({ kind: 'mobile' });
    const dep = await admin
      .post(`/api/sites/${mobile.id}/deployments`, {
        startsOn: '2027-05-03',
        endsOn: '2027-05-04',
        place: 'Marktplatz',
      })
      .expect(201);
    const other = await admin.post('/api/events', event({ deploymentId: dep.body.id })).expect(400);
    expect(other.body.details[0]).toMatchObject({ field: 'deploymentId', rule: 'deploymentOfOtherSite' });
    const outside = await admin
      .post('/api/events', event({ siteId: mobile.id, deploymentId: dep.body.id }))
      .expect(400);
    expect(outside.body.details[0]).toMatchObject({ field: 'startsAt', rule: 'outsideDeployment' });
    // 4 May 2027 until local midnight (22:00 UTC in summer) is still inside.
    await admin
      .post(
        '/api/events',
        event({
          siteId: mobile.id,
          deploymentId: dep.body.id,
          format: 'mobile_deployment',
          startsAt: '2027-05-04T08:00:00Z',
          endsAt: '2027-05-04T22:00:00Z',
        }),
      )
      .expect(201);
  });

  it('registers members and a class; the class that does not fit waits whole; cancelling promotes in order', async () => {
    const ev = (await admin.post('/api/events', event({ capacity: 25 })).expect(201)).body;
    const m1 = await make.member({ firstName: 'Ana' });
    const m2 = await make.member({ firstName: 'Ben' });
    const path = `/api/events/${ev.id}/registrations`;
    const a = (await admin.post(path, { memberId: m1.id }).expect(201)).body;
    expect(a).toMatchObject({ status: 'confirmed', count: 1, memberName: expect.stringContaining('Ana') });
    const klasse = (await admin.post(path, { label: 'Klasse 7b', count: 24 }).expect(201)).body;
    expect(klasse.status).toBe('confirmed');
    const b = (await admin.post(path, { memberId: m2.id }).expect(201)).body;
    expect(b.status).toBe('waitlisted');
    const klasse2 = (await admin.post(path, { label: 'Klasse 8a', count: 24 }).expect(201)).body;
    expect(klasse2.status).toBe('waitlisted');
    // The same member twice: 409.
    const dup = await admin.post(path, { memberId: m1.id }).expect(409);
    expect(dup.body.details[0]).toMatchObject({ field: 'memberId', rule: 'alreadyRegistered' });
    // Neither or both of memberId and label: 400.
    expect((await admin.post(path, {}).expect(400)).body.details[0]).toMatchObject({ rule: 'exactlyOne' });
    await admin.post(path, { memberId: m1.id, label: 'x' }).expect(400);
    await admin.post(path, { memberId: '00000000-0000-4000-8000-000000000000' }).expect(400);

    let got = (await admin.get(`/api/events/${ev.id}`).expect(200)).body;
    expect(got).toMatchObject({ registeredCount: 25, waitlistCount: 25 });
    // Capacity below the confirmed seats: 409 naming capacity, nothing changed.
    const low = await admin.patch(`/api/events/${ev.id}`, { capacity: 24 }).expect(409);
    expect(low.body.details[0]).toMatchObject({ field: 'capacity', rule: 'capacityBelowRegistrations' });
    expect((await admin.get(`/api/events/${ev.id}`).expect(200)).body.capacity).toBe(25);

    // Ana cancels: one seat; the next in order is Ben (1 fits), the second class (24) keeps waiting.
    await admin.delete(`${path}/${a.id}`).expect(204);
    await admin.delete(`${path}/${a.id}`).expect(204); // idempotent
    let rows = (await admin.get(path).expect(200)).body as { id: string; status: string }[];
    expect(rows.find((r) => r.id === b.id)?.status).toBe('confirmed');
    expect(rows.find((r) => r.id === klasse2.id)?.status).toBe('waitlisted');
    // The first class cancels: the second moves up whole.
    await admin.delete(`${path}/${klasse.id}`).expect(204);
    rows = (await admin.get(path).expect(200)).body;
    expect(rows.find((r) => r.id === klasse2.id)?.status).toBe('confirmed');
    got = (await admin.get(`/api/events/${ev.id}`).expect(200)).body;
    expect(got).toMatchObject({ registeredCount: 25, waitlistCount: 0 });
  });

  it('parallel registrations for the last seats: never more confirmed than capacity', async () => {
    const ev = (await admin.post('/api/events', event({ capacity: 3 })).expect(201)).body;
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        admin.post(`/api/events/${ev.id}/registrations`, { label: `Gruppe ${i}`, count: 1 }).expect(201),
      ),
    );
    const confirmed = results.filter((r) => r.body.status === 'confirmed');
    expect(confirmed).toHaveLength(3);
    expect((await admin.get(`/api/events/${ev.id}`).expect(200)).body).toMatchObject({
      registeredCount: 3,
      waitlistCount: 5,
    });
  });

  it('raising the capacity moves the waiting list up', async () => {
    const ev = (await admin.post('/api/events', event({ capacity: 1 })).expect(201)).body;
    const path = `/api/events/${ev.id}/registrations`;
    await admin.post(path, { label: 'Gruppe A', count: 1 }).expect(201);
    const waiting = (await admin.post(path, { label: 'Gruppe B', count: 3 }).expect(201)).body;
    expect(waiting.status).toBe('waitlisted');
    await admin.patch(`/api/events/${ev.id}`, { capacity: 4 }).expect(200);
    const rows = (await admin.get(path).expect(200)).body as { id: string; status: string }[];
    expect(rows.find((r) => r.id === waiting.id)?.status).toBe('confirmed');
  });

  it('takes attendance idempotently: ticks, walk-ins, headcount, cards', async () => {
    const ev = (await admin.post('/api/events', event({ capacity: 20 })).expect(201)).body;
    const m = await make.member({ firstName: 'Cleo' });
    const walker = await make.member({ firstName: 'Dora' });
    const card = await make.card(walker.id, '0A0B0C0D');
    const reg = (await admin.post(`/api/events/${ev.id}/registrations`, { memberId: m.id }).expect(201)).body;
    await admin.post(`/api/events/${ev.id}/registrations`, { label: 'Klasse 5c', count: 12 }).expect(201);
    const door = t.as(trainer.token);
    const tick = `/api/events/${ev.id}/registrations/${reg.id}/attendance`;
    await door.post(tick, { attended: true }).expect(200);
    const audits = await auditCount();
    await door.post(tick, { attended: true }).expect(200);
    expect(await auditCount()).toBe(audits); // ticking twice changes nothing
    await door.patch(`/api/events/${ev.id}/attendance`, { walkIns: 3, headcount: 30 }).expect(200);
    await door.patch(`/api/events/${ev.id}/attendance`, { walkIns: 3 }).expect(200);
    // The card's holder has no registration: a card row; the same card again changes nothing.
    const byCard = await door
      .post(`/api/events/${ev.id}/attendance/card`, { cardUid: '0a:0b:0c:0d' })
      .expect(200);
    expect(byCard.body).toMatchObject({ memberId: walker.id, source: 'card', attended: true });
    await door.post(`/api/events/${ev.id}/attendance/card`, { cardId: card.id }).expect(200);
    await door.post(`/api/events/${ev.id}/attendance/card`, { cardUid: 'FFFFFFFF' }).expect(400);
    await door.post(`/api/events/${ev.id}/attendance/card`, {}).expect(400);
    // A named walk-in of unnamed persons.
    await door.post(`/api/events/${ev.id}/walk-ins`, { label: 'Eltern', count: 2 }).expect(201);
    const sheet = (await door.get(`/api/events/${ev.id}/attendance`).expect(200)).body;
    // Cleo 1 + Dora (card) 1 + Eltern 2 + 3 anonymous = 7; the class did not come.
    expect(sheet.event).toMatchObject({ attendedCount: 7, walkIns: 3, headcount: 30, registeredCount: 13 });
    expect(sheet.registrations).toHaveLength(4);
    // Untick.
    await door.post(tick, { attended: false }).expect(200);
    expect((await door.get(`/api/events/${ev.id}`).expect(200)).body.attendedCount).toBe(6);
    // The service method the event readers will call: idempotent as well.
    const { EventsService } = await import('../apps/server/src/events/events.service');
    await t.app.get(EventsService).recordCardAttendance(ev.id, walker.id);
    expect((await door.get(`/api/events/${ev.id}`).expect(200)).body.attendedCount).toBe(6);
    await door.patch(`/api/events/${ev.id}/attendance`, { walkIns: -1 }).expect(400);
  });

  it('cancelling keeps the row, raises the sequence and refuses new registrations', async () => {
    const ev = (await admin.post('/api/events', event()).expect(201)).body;
    await admin.delete(`/api/events/${ev.id}`).expect(204);
    const got = (await admin.get(`/api/events/${ev.id}`).expect(200)).body;
    expect(got).toMatchObject({ status: 'cancelled', sequence: 1 });
    const res = await admin.post(`/api/events/${ev.id}/registrations`, { label: 'x', count: 1 }).expect(409);
    expect(res.body.details[0].rule).toBe('eventCancelled');
    await admin.get('/api/events/00000000-0000-4000-8000-000000000000').expect(404);
    await admin.patch('/api/events/00000000-0000-4000-8000-000000000000', { title: 'x' }).expect(404);
  });

  it('erasing a member keeps the event counts: the row loses the person, not the number', async () => {
    const ev = (await admin.post('/api/events', event()).expect(201)).body;
    const m = await make.member({ firstName: 'Erik', lastName: 'Vergessen' });
    const reg = (await admin.post(`/api/events/${ev.id}/registrations`, { memberId: m.id }).expect(201)).body;
    await admin
      .post(`/api/events/${ev.id}/registrations/${reg.id}/attendance`, { attended: true })
      .expect(200);
    const before = (await admin.get(`/api/events/${ev.id}`).expect(200)).body;
    await admin.delete(`/api/members/${m.id}`).expect(204);
    const after = (await admin.get(`/api/events/${ev.id}`).expect(200)).body;
    expect(after).toMatchObject({
      registeredCount: before.registeredCount,
      attendedCount: before.attendedCount,
    });
    const rows = (await admin.get(`/api/events/${ev.id}/registrations`).expect(200)).body;
    expect(rows).toEqual([
      expect.objectContaining({ id: reg.id, memberId: null, memberName: null, count: 1, attended: true }),
    ]);
    const raw = await t.app.get(DataSource).query(`SELECT * FROM event_registrations WHERE id = '${reg.id}'`);
    expect(JSON.stringify(raw)).not.toContain(m.id);
  });

  describe('series', () => {
    const series = (over: object = {}) => ({
      title: 'Offene Werkstatt',
      format: 'open_workshop',
      siteId,
      frequency: 'weekly',
      startDate: '2027-03-16',
      startTime: '18:00',
      endTime: '21:00',
      count: 4,
      capacity: 15,
      ...over,
    });

    it('materialises occurrences at the same Berlin wall clock across DST', async () => {
      const s = (await admin.post('/api/event-series', series()).expect(201)).body;
      expect(s.occurrenceIds).toHaveLength(4);
      const events = await Promise.all(
        s.occurrenceIds.map(async (id: string) => (await admin.get(`/api/events/${id}`).expect(200)).body),
      );
      // Berlin switches to summer time on 28 March 2027.
      expect(events.map((e) => e.startsAt)).toEqual([
        '2027-03-16T17:00:00.000Z',
        '2027-03-23T17:00:00.000Z',
        '2027-03-30T16:00:00.000Z',
        '2027-04-06T16:00:00.000Z',
      ]);
      expect(events.every((e) => e.seriesId === s.id && e.title === 'Offene Werkstatt')).toBe(true);
    });

    it('exceptions: a moved or cancelled occurrence keeps its own state when the series changes', async () => {
      const s = (await admin.post('/api/event-series', series({ startDate: '2027-06-01' })).expect(201)).body;
      const [first, second, third] = s.occurrenceIds as string[];
      await admin
        .patch(`/api/events/${second}`, { startsAt: '2027-06-09T16:00:00Z', endsAt: '2027-06-09T19:00:00Z' })
        .expect(200);
      await admin.delete(`/api/events/${third}`).expect(204);
      await admin
        .patch(`/api/event-series/${s.id}`, { title: 'Repair-Café', startTime: '17:00' })
        .expect(200);
      const get = async (id: string) => (await admin.get(`/api/events/${id}`).expect(200)).body;
      expect(await get(first)).toMatchObject({ title: 'Repair-Café', startsAt: '2027-06-01T15:00:00.000Z' });
      expect(await get(second)).toMatchObject({
        title: 'Offene Werkstatt',
        startsAt: '2027-06-09T16:00:00.000Z',
        detached: true,
      });
      expect(await get(third)).toMatchObject({ status: 'cancelled', title: 'Offene Werkstatt' });
      // Cancelling the series cancels what follows.
      await admin.delete(`/api/event-series/${s.id}`).expect(204);
      expect((await get(first)).status).toBe('cancelled');
    });

    it.each([
      ['without an end', { count: undefined }, 'until', 'seriesEnd'],
      ['with both ends', { until: '2027-05-01' }, 'until', 'seriesEnd'],
      ['too long', { count: undefined, until: '2032-01-01' }, 'until', 'seriesTooLong'],
      ['ending before it starts', { endTime: '17:00' }, 'endTime', 'notBefore'],
      [
        'with an unknown partner',
        { partnerIds: ['00000000-0000-4000-8000-000000000000'] },
        'partnerIds',
        'notFound',
      ],
    ])('refuses a series %s, nothing written', async (_, over, field, rule) => {
      const before = await eventCount();
      const res = await admin.post('/api/event-series', series(over)).expect(400);
      expect(res.body.details[0]).toMatchObject({ field, rule });
      expect(await eventCount()).toBe(before);
      expect(
        Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM event_series'))[0].n),
      ).toBeGreaterThan(0);
    });
  });
});
