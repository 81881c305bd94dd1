import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** Tasmota's default `Time`: the lab's wall time without a zone. */
function tasmotaTime(ms: number, timeZone = 'Europe/Berlin'): string {
  return new Date(ms).toLocaleString('sv-SE', { timeZone, hour12: false }).replace(' ', 'T');
}

describe('tap de-duplication by the reader’s own clock', () => {
  let t: TestApp;
  let reader: FakeDevice;
  let relay: FakeDevice;
  const sensor = (uid: string, at: number) =>
    reader.publish(
      'tele/queue-reader/SENSOR',
      JSON.stringify({ Time: tasmotaTime(at), RDM6300: { UID: uid } }),
    );
  const commands = () =>
    relay.received.filter((m) => m.topic === 'shellies/queue-plug/relay/0/command').map((m) => m.payload);

  beforeAll(async () => {
    t = await startTestApp({ env: { TIMEZONE: 'Europe/Berlin', TAP_DEBOUNCE_MS: '2000' } });
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id, { name: 'Lathe' });
    const qualification = await make.qualification(type.id);
    const member = await make.member();
    await make.card(member.id, '008EC793');
    await make.training([member.id], qualification.id);
    const device = async (role: string, protocol: string, address: string) => {
      const res = await admin
        .post('/api/devices', {
          name: address,
          siteId: site.id,
          machineId: machine.id,
          role,
          protocol,
          address,
        })
        .expect(201);
      return { username: res.body.device.mqttUsername as string, password: res.body.mqttPassword as string };
    };
    const readerAccount = await device('machine_reader', 'tasmota_reader', 'queue-reader');
    const relayAccount = await device('actuator', 'shelly_gen1', 'queue-plug');
    const url = t.app.get(MqttEndpoint).url;
    reader = await FakeDevice.connect(url, readerAccount.username, readerAccount.password);
    relay = await FakeDevice.connect(url, relayAccount.username, relayAccount.password);
    expect(await relay.subscribe('shellies/queue-plug/relay/0/command')).toBe(true);
  });

  afterAll(async () => {
    await Promise.all([reader?.close(), relay?.close()]);
    await t?.close();
  });

  it('a reader that queued a tap-in and a tap-out during a broker outage: both count, the machine is off again', async () => {
    const now = Date.now();
    // Delivered back to back after the reconnect, 10 minutes apart by the reader's clock.
    await sensor('008EC793', now - 20 * 60_000);
    await sensor('008EC793', now - 10 * 60_000);
    await eventually(() => commands().length === 2);
    expect(commands()).toEqual(['on', 'off']);
    const stats = await t.as(t.adminToken).get('/api/access/stats').expect(200);
    expect(stats.body).toMatchObject({ taps: 2, duplicates: 0 });
  });

  it('a card held at the reader: repeated reads within the window by the reader’s clock are one tap', async () => {
    const now = Date.now();
    await sensor('008EC793', now); // a new session
    await sensor('008EC793', now + 1000); // the same card, still held, a second later
    await eventually(() => commands().length === 3);
    await new Promise((r) => setTimeout(r, 150));
    expect(commands()).toEqual(['on', 'off', 'on']);
    const stats = await t.as(t.adminToken).get('/api/access/stats').expect(200);
    expect(stats.body).toMatchObject({ taps: 3, duplicates: 1 });
  });
});
