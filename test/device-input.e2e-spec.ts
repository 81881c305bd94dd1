import { Logger } from '@nestjs/common';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

/** 00:30 on 11 March 2026 in Europe/Berlin (CET, UTC+1), still 10 March in UTC. */
const HALF_PAST_MIDNIGHT_BERLIN = Date.parse('2026-03-10T23:30:00Z');

describe('training dates are the lab’s local dates (TIMEZONE), not UTC dates', () => {
  let t: TestApp;
  let make: Factory;

  beforeAll(async () => {
    const offsetMs = HALF_PAST_MIDNIGHT_BERLIN - Date.now();
    t = await startTestApp({
      env: { TIMEZONE: 'Europe/Berlin' },
      clock: { now: () => new Date(Date.now() + offsetMs) },
    });
    make = new Factory(t.as(t.adminToken));
  });

  afterAll(() => t.close());

  it('a member whose training ends today: expired just after local midnight, as the snapshot decides', async () => {
    const admin = t.as(t.adminToken);
    const type = await make.machineType();
    const qualification = await make.qualification(type.id, { validityMonths: 12 });
    const member = await make.member();
    const [record] = await make.training([member.id], qualification.id, { trainedOn: '2025-03-11' });
    expect(record!.expiresOn).toBe('2026-03-11');

    const standing = await admin.get(`/api/members/${member.id}/qualifications`).expect(200);
    expect(standing.body).toEqual([expect.objectContaining({ expiresOn: '2026-03-11', status: 'expired' })]);
    const expiring = await admin.get('/api/trainings/expiring?days=30').expect(200);
    expect(expiring.body).toEqual([]);
  });
});

describe('a device flooding malformed messages cannot fill the disk', () => {
  let t: TestApp;
  let clockOffsetMs = 0;
  let reader: FakeDevice;
  let relay: FakeDevice;
  let lab: { readerId: string; readerAddress: string; relayAddress: string; uid: string };
  const warn = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    t = await startTestApp({ clock: { now: () => new Date(Date.now() + clockOffsetMs) } });
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const qualification = await make.qualification(type.id);
    const member = await make.member();
    await make.training([member.id], qualification.id);
    await make.card(member.id, '008EC793');
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
      return {
        id: res.body.device.id as string,
        username: res.body.device.mqttUsername as string,
        password: res.body.mqttPassword as string,
      };
    };
    const r = await device('machine_reader', 'tasmota_reader', 'flood-reader');
    const s = await device('actuator', 'shelly_gen1', 'flood-relay');
    const mqttUrl = t.app.get(MqttEndpoint).url;
    reader = await FakeDevice.connect(mqttUrl, r.username, r.password);
    relay = await FakeDevice.connect(mqttUrl, s.username, s.password);
    expect(await relay.subscribe('shellies/flood-relay/relay/0/command')).toBe(true);
    lab = { readerId: r.id, readerAddress: 'flood-reader', relayAddress: 'flood-relay', uid: '008EC793' };
  });

  afterAll(async () => {
    warn.mockRestore();
    await reader?.close();
    await relay?.close();
    await t?.close();
  });

  const linesAbout = (deviceId: string) =>
    warn.mock.calls.filter(([first]) => (first as { deviceId?: string } | null)?.deviceId === deviceId);

  it('a broken or hostile reader: 20 000 malformed messages are all counted, logged in a bounded number of lines, and taps are still decided', async () => {
    const before = (await t.as(t.adminToken).get('/api/access/stats').expect(200)).body.malformed as number;
    warn.mockClear();
    const topic = `tele/${lab.readerAddress}/SENSOR`;
    for (let sent = 0; sent < 20_000; sent += 500) {
      await Promise.all(
        Array.from({ length: 500 }, (_, i) => reader.publish(topic, `{not json ${sent + i}`)),
      );
    }
    await eventually(async () => {
      const stats = await t.as(t.adminToken).get('/api/access/stats').expect(200);
      return stats.body.malformed - before === 20_000;
    }, 30_000);
    expect(linesAbout(lab.readerId)).toHaveLength(5);

    // The reader still works: a real card tap switches the relay on.
    const mark = relay.mark();
    await reader.publish(topic, JSON.stringify({ Time: '2026-11-23T10:00:00', RDM6300: { UID: lab.uid } }));
    expect(await relay.next(`shellies/${lab.relayAddress}/relay/0/command`, mark)).toBe('on');

    // Once the minute is over, one summary line says how many were not logged one by one.
    clockOffsetMs += 61_000;
    const summary = await eventually(() =>
      linesAbout(lab.readerId).find(([, text]) => /more rejected/.test(String(text))),
    );
    expect(summary[1]).toBe(`device ${lab.readerId}: 19995 more rejected messages in the last 60 s`);
    expect(linesAbout(lab.readerId)).toHaveLength(6);
    await t.as(t.adminToken).get('/api/health').expect(200);
  }, 120_000);
});

describe('own-protocol taps: stale and replayed taps are refused, also after a restart', () => {
  const dir = makeTempDir('replay');
  let t: TestApp;
  let reader: FakeDevice;
  let relay: FakeDevice;
  let creds: {
    reader: { username: string; password: string };
    relay: { username: string; password: string };
  };
  const readerTopic = 'werkbank/v1/replay-reader/evt/card';
  const relayCommand = 'shellies/replay-relay/relay/0/command';
  const tap = (msgId: string, at: Date) =>
    JSON.stringify({ uid: '008EC793', tech: 'em4100', at: at.toISOString(), msgId });
  const stats = async () => (await t.as(t.adminToken).get('/api/access/stats').expect(200)).body;

  async function connectDevices(): Promise<void> {
    const mqttUrl = t.app.get(MqttEndpoint).url;
    reader = await FakeDevice.connect(mqttUrl, creds.reader.username, creds.reader.password);
    relay = await FakeDevice.connect(mqttUrl, creds.relay.username, creds.relay.password);
    expect(await relay.subscribe(relayCommand)).toBe(true);
  }

  beforeAll(async () => {
    t = await startTestApp({ dataDir: dir.path, keepData: true });
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const qualification = await make.qualification(type.id);
    const member = await make.member();
    await make.training([member.id], qualification.id);
    await make.card(member.id, '008EC793');
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
    creds = {
      reader: await device('machine_reader', 'werkbank', 'replay-reader'),
      relay: await device('actuator', 'shelly_gen1', 'replay-relay'),
    };
    await connectDevices();
  });

  afterAll(async () => {
    await reader?.close();
    await relay?.close();
    await t?.close();
    dir.remove();
  });

  it('anyone on the network who recorded a tap: replaying it after a server restart does not switch the machine again', async () => {
    let mark = relay.mark();
    await reader.publish(readerTopic, tap('tap-in-1', new Date()));
    expect(await relay.next(relayCommand, mark)).toBe('on');
    mark = relay.mark();
    await reader.publish(readerTopic, tap('tap-out-1', new Date()));
    expect(await relay.next(relayCommand, mark)).toBe('off');

    await reader.close();
    await relay.close();
    await t.close();
    t = await startTestApp({ dataDir: dir.path, keepData: true });
    await connectDevices();

    mark = relay.mark();
    const recorded = tap('tap-in-1', new Date(Date.now() - 5000));
    await reader.publish(readerTopic, recorded);
    await eventually(async () => (await stats()).replayed === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(relay.received.slice(mark)).toEqual([]);
    expect((await stats()).taps).toBe(0);
  });

  it('anyone replaying an old recording or a device with a forged clock: taps older than TAP_MAX_AGE_S or ahead of the clock are refused', async () => {
    const mark = relay.mark();
    const before = await stats();
    await reader.publish(readerTopic, tap('old-1', new Date(Date.now() - 121_000)));
    await reader.publish(readerTopic, tap('ahead-1', new Date(Date.now() + 31_000)));
    await eventually(async () => (await stats()).stale === before.stale + 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(relay.received.slice(mark)).toEqual([]);
    expect((await stats()).taps).toBe(before.taps);

    // A fresh tap with a new id is decided as always.
    await reader.publish(readerTopic, tap('tap-in-2', new Date()));
    expect(await relay.next(relayCommand, mark)).toBe('on');
  });
});
