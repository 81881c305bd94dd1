import { DenyReason } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Feedback {
  result: string;
  reason: string | null;
  text: string;
}

const MINUTE = 60_000;

/** An event reader on the real broker and database: the card at the door ticks the event open now. */
describe('event reader taps', () => {
  let t: TestApp;
  let reader: FakeDevice;
  let siteId: string;
  let otherSiteId: string;
  let make: Factory;
  let msg = 0;

  const tap = async (uid: string): Promise<Feedback> => {
    const mark = reader.mark();
    await reader.publish(
      'werkbank/v1/room-1/evt/card',
      JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `r-${++msg}` }),
    );
    return JSON.parse(await reader.next('werkbank/v1/room-1/cmd/feedback', mark)) as Feedback;
  };

  const createEvent = async (fields: {
    startsIn: number;
    minutes: number;
    site?: string;
    title?: string;
  }) => {
    const start = Date.now() + fields.startsIn * MINUTE;
    const res = await t
      .as(t.adminToken)
      .post('/api/events', {
        title: fields.title ?? 'Löt-Workshop',
        format: 'workshop_course',
        siteId: fields.site ?? siteId,
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + fields.minutes * MINUTE).toISOString(),
      })
      .expect(201);
    return res.body.id as string;
  };

  const sheet = async (eventId: string) =>
    (await t.as(t.adminToken).get(`/api/events/${eventId}/attendance`).expect(200)).body as {
      event: { attendedCount: number };
      registrations: { memberId: string | null; source: string; attended: boolean }[];
    };

  beforeAll(async () => {
    t = await startTestApp({ env: { DEVICE_LANGUAGE: 'en', TAP_DEBOUNCE_MS: '0' } });
    const admin = t.as(t.adminToken);
    make = new Factory(admin);
    siteId = (await make.site()).id;
    otherSiteId = (await make.site()).id;
    const res = await admin
      .post('/api/devices', {
        name: 'Room 1 door',
        siteId,
        role: 'event_reader',
        protocol: 'werkbank',
        address: 'room-1',
      })
      .expect(201);
    expect(res.body.device).toMatchObject({ role: 'event_reader', machineId: null });
    reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      res.body.device.mqttUsername as string,
      res.body.mqttPassword as string,
    );
    expect(await reader.subscribe('werkbank/v1/room-1/cmd/#')).toBe(true);
  });

  afterAll(async () => {
    await reader?.close();
    await t?.close();
  });

  it('an event reader is bound to no machine: one sent along is dropped, as for entrance readers', async () => {
    const admin = t.as(t.adminToken);
    const type = await make.machineType();
    const machine = await make.machine(siteId, type.id);
    const res = await admin
      .post('/api/devices', {
        name: 'Room 2 door',
        siteId,
        role: 'event_reader',
        protocol: 'werkbank',
        address: 'room-2',
        machineId: machine.id,
      })
      .expect(201);
    expect(res.body.device).toMatchObject({ role: 'event_reader', machineId: null });
  });

  it('no event open at the site (only one elsewhere, one cancelled, one later today): NO_EVENT_NOW', async () => {
    await createEvent({ startsIn: -10, minutes: 60, site: otherSiteId });
    const cancelled = await createEvent({ startsIn: -10, minutes: 60, title: 'Abgesagt' });
    await t.as(t.adminToken).delete(`/api/events/${cancelled}`).expect(204);
    await createEvent({ startsIn: 45, minutes: 60, title: 'Später' });
    const member = await make.member();
    await make.card(member.id, '0B0B0B01');
    expect(await tap('0B0B0B01')).toEqual({
      result: 'denied',
      reason: DenyReason.NoEventNow,
      text: 'No event right now',
    });
    expect((await sheet(cancelled)).registrations).toEqual([]);
  });

  it('ticks a registered member and adds a card row for one who is not; a second tap counts once', async () => {
    const eventId = await createEvent({ startsIn: 20, minutes: 90, title: 'Doors open' });
    const registered = await make.member({ firstName: 'Ada' });
    const walkIn = await make.member({ firstName: 'Ben' });
    await make.card(registered.id, '0C0C0C01');
    await make.card(walkIn.id, '0C0C0C02');
    await t
      .as(t.adminToken)
      .post(`/api/events/${eventId}/registrations`, { memberId: registered.id })
      .expect(201);

    expect(await tap('0C0C0C01')).toEqual({ result: 'allowed', reason: null, text: 'Attendance recorded' });
    expect(await tap('0C0C0C02')).toMatchObject({ result: 'allowed' });
    // The same card again (no repeat window here): the row exists, nothing is counted twice.
    expect(await tap('0C0C0C02')).toMatchObject({ result: 'allowed' });
    const after = await sheet(eventId);
    expect(after.event.attendedCount).toBe(2);
    expect(after.registrations.map((r) => [r.memberId, r.source, r.attended]).sort()).toEqual(
      [
        [registered.id, 'registration', true],
        [walkIn.id, 'card', true],
      ].sort(),
    );
  });

  it('a blocked card is denied with its reason and nothing is written', async () => {
    const eventId = await createEvent({ startsIn: -5, minutes: 30, title: 'Running' });
    const member = await make.member();
    const card = await make.card(member.id, '0D0D0D01');
    await t.as(t.adminToken).post(`/api/cards/${card.id}/block`).expect(200);
    expect(await tap('0D0D0D01')).toMatchObject({ result: 'denied', reason: DenyReason.CardBlocked });
    expect((await sheet(eventId)).registrations).toEqual([]);
  });
});
