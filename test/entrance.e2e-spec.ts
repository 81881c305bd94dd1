import { DenyReason } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

interface Feedback {
  result: string;
  reason: string | null;
  text: string;
}

/** Entrance readers on the real broker: who is greeted, what counts as a visit, and deleted sites. */
describe('entrance taps', () => {
  const dir = makeTempDir('entrance');
  let t: TestApp;
  let entrance: FakeDevice;
  let siteId: string;
  let account: { username: string; password: string };
  let msg = 0;

  const connect = async () => {
    entrance = await FakeDevice.connect(t.app.get(MqttEndpoint).url, account.username, account.password);
    expect(await entrance.subscribe('werkbank/v1/door-1/cmd/#')).toBe(true);
  };

  const tap = async (uid: string): Promise<Feedback> => {
    const mark = entrance.mark();
    await entrance.publish(
      'werkbank/v1/door-1/evt/card',
      JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `e-${++msg}` }),
    );
    return JSON.parse(await entrance.next('werkbank/v1/door-1/cmd/feedback', mark)) as Feedback;
  };

  const visitsOf = async (memberKey: string): Promise<number> => {
    const res = await t.as(t.adminToken).get(`/api/visits?siteId=${siteId}`).expect(200);
    return (res.body.items as { memberKey: string }[]).filter((v) => v.memberKey === memberKey).length;
  };

  beforeAll(async () => {
    t = await startTestApp({ dataDir: dir.path, keepData: true, env: { DEVICE_LANGUAGE: 'en' } });
    const admin = t.as(t.adminToken);
    siteId = (await new Factory(admin).site()).id;
    const res = await admin
      .post('/api/devices', {
        name: 'Door',
        siteId,
        role: 'entrance_reader',
        protocol: 'werkbank',
        address: 'door-1',
      })
      .expect(201);
    account = { username: res.body.device.mqttUsername as string, password: res.body.mqttPassword as string };
    await connect();
  });

  afterAll(async () => {
    await entrance?.close();
    await t?.close();
    dir.remove();
  });

  it('a guest whose pass has expired: denied with the reason at the door, and no visit counted', async () => {
    const make = new Factory(t.as(t.adminToken));
    const guest = await make.member({
      status: 'guest',
      guestValidFrom: '2025-01-01',
      guestValidUntil: '2025-01-31',
    });
    await make.card(guest.id, '0A0B0C0D');
    expect(await tap('0A0B0C0D')).toMatchObject({ result: 'denied', reason: DenyReason.GuestPassExpired });
    // A visit of someone else goes through the journal afterwards: the guest's would have been written before.
    const other = await make.member();
    await make.card(other.id, '0A0B0C0E');
    expect(await tap('0A0B0C0E')).toMatchObject({ result: 'allowed' });
    await eventually(async () => (await visitsOf(other.memberKey)) === 1);
    expect(await visitsOf(guest.memberKey)).toBe(0);
  });

  it('a member tapping the door again and again: one visit per day, also across a restart', async () => {
    const make = new Factory(t.as(t.adminToken));
    const member = await make.member();
    await make.card(member.id, '1A2B3C4D');
    expect(await tap('1A2B3C4D')).toMatchObject({ result: 'allowed' });
    expect(await tap('1A2B3C4D')).toMatchObject({ result: 'allowed', text: 'Already checked in' });
    expect(await tap('1A2B3C4D')).toMatchObject({ result: 'allowed', text: 'Already checked in' });
    await eventually(async () => (await visitsOf(member.memberKey)) === 1);

    await entrance.close();
    await t.close();
    t = await startTestApp({ dataDir: dir.path, keepData: true, env: { DEVICE_LANGUAGE: 'en' } });
    await connect();
    expect(await tap('1A2B3C4D')).toMatchObject({ result: 'allowed', text: 'Already checked in' });
    // Let a journal batch pass: a visit would be in the database by now.
    await new Promise((r) => setTimeout(r, 200));
    expect(await visitsOf(member.memberKey)).toBe(1);
  });

  it('a staff member marking themselves on site at a deleted site: refused, the site left the snapshot', async () => {
    const admin = t.as(t.adminToken);
    const gone = await new Factory(admin).site();
    await admin.post(`/api/sites/${gone.id}/presence`, { present: false }).expect(200);
    await admin.delete(`/api/sites/${gone.id}`).expect(204);
    const res = await admin.post(`/api/sites/${gone.id}/presence`, { present: false }).expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: expect.any(String) });
  });
});
