import { DataSource } from 'typeorm';
import { DenyReason } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { DATABASES, TestDatabase } from './support/postgres';
import { startTestApp, TestApp } from './support/test-app';

let msg = 0;
const ownCard = (uid: string) =>
  JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `ev-${++msg}-${uid}` });

/**
 * A training event qualifies its attendees in one step, and the access runtime learns it at once: a member
 * who was denied at the machine is let in at the next tap. Real broker, real reader protocol.
 */
describe.each(DATABASES)('a training event qualifies its attendees on $name', ({ start }) => {
  let database: TestDatabase;
  let t: TestApp;
  let reader: FakeDevice;
  let address: string;
  let eventId: string;
  let qualificationId: string;
  let member: { id: string };
  let absent: { id: string };

  const tap = async (uid: string) => {
    const mark = reader.mark();
    await reader.publish(`werkbank/v1/${address}/evt/card`, ownCard(uid));
    return JSON.parse(await reader.next(`werkbank/v1/${address}/cmd/feedback`, mark)) as {
      result: string;
      reason: string | null;
    };
  };
  const trainingRows = async () =>
    Number((await t.app.get(DataSource).query('SELECT COUNT(*) AS n FROM training_records'))[0].n);

  beforeAll(async () => {
    database = start();
    t = await startTestApp({ env: { TAP_DEBOUNCE_MS: '100', ...database.env } });
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType({ name: 'Lasercutter' });
    const machine = await make.machine(site.id, type.id, { name: 'Laser' });
    qualificationId = (await make.qualification(type.id, { currentContentVersion: 'v3' })).id;
    member = await make.member({ firstName: 'Lena' });
    absent = await make.member({ firstName: 'Moritz' });
    await make.card(member.id, '11AA22BB');
    address = 'event-laser-reader';
    const device = await admin
      .post('/api/devices', {
        name: address,
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address,
      })
      .expect(201);
    reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      device.body.device.mqttUsername,
      device.body.mqttPassword,
    );
    expect(await reader.subscribe(`werkbank/v1/${address}/cmd/#`)).toBe(true);
    // The briefing ran this morning, an hour long.
    const now = Date.now();
    const ev = await admin
      .post('/api/events', {
        title: 'Laser-Einweisung',
        format: 'workshop_course',
        siteId: site.id,
        startsAt: new Date(now - 2 * 3_600_000).toISOString(),
        endsAt: new Date(now - 3_600_000).toISOString(),
        capacity: 6,
        qualificationId,
        contentVersion: 'v3-event',
      })
      .expect(201);
    eventId = ev.body.id;
    for (const m of [member, absent])
      await admin.post(`/api/events/${eventId}/registrations`, { memberId: m.id }).expect(201);
  });

  afterAll(async () => {
    await reader?.close();
    await t?.close();
    database?.stop();
  });

  it('an untrained member is denied at the machine', async () => {
    await expect(tap('11AA22BB')).resolves.toMatchObject({ result: 'denied', reason: DenyReason.NotTrained });
  });

  it('refuses to qualify someone the attendance does not list as present, and writes nothing', async () => {
    const admin = t.as(t.adminToken);
    const sheet = (await admin.get(`/api/events/${eventId}/attendance`).expect(200)).body;
    const row = sheet.registrations.find((r: { memberId: string }) => r.memberId === member.id);
    await admin
      .post(`/api/events/${eventId}/registrations/${row.id}/attendance`, { attended: true })
      .expect(200);
    const before = await trainingRows();
    const res = await admin
      .post(`/api/events/${eventId}/qualify`, { memberIds: [member.id, absent.id], level: 'independent' })
      .expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'memberIds', rule: 'notAttended' });
    expect(await trainingRows()).toBe(before);
  });

  it('qualifies the attendee through the training records, and the next tap is allowed', async () => {
    const admin = t.as(t.adminToken);
    const sheet = (
      await admin
        .post(`/api/events/${eventId}/qualify`, { memberIds: [member.id], level: 'independent' })
        .expect(200)
    ).body;
    expect(sheet.registrations.find((r: { memberId: string }) => r.memberId === member.id)).toMatchObject({
      qualifiedLevel: 'independent',
    });
    const standing = (await admin.get(`/api/members/${member.id}/qualifications`).expect(200)).body;
    expect(standing).toEqual([
      expect.objectContaining({ qualificationId, level: 'independent', contentVersion: 'v3-event' }),
    ]);
    await expect(tap('11AA22BB')).resolves.toMatchObject({ result: 'allowed' });
  });

  it('refuses qualifying through an event that trains nothing', async () => {
    const admin = t.as(t.adminToken);
    const ev = (await admin.patch(`/api/events/${eventId}`, { qualificationId: null }).expect(200)).body;
    const res = await admin
      .post(`/api/events/${ev.id}/qualify`, { memberIds: [member.id], level: 'independent' })
      .expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'qualificationId', rule: 'notATrainingEvent' });
  });
});
