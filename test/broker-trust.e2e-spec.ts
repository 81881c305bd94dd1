import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessEventEntity } from '@werkbank/persistence';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { hashMqttPassword } from '../apps/server/src/mqtt/mqtt-credentials';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { Mosquitto } from './support/mosquitto';
import { makeTempDir } from './support/temp-dir';
import { startTestApp, TestApp } from './support/test-app';

interface Device {
  id: string;
  address: string;
  username: string;
  password: string;
}

interface Broker {
  env: Record<string, string>;
  /** Where devices connect, once the server runs. */
  url(t: TestApp): string;
  /** After devices changed: Mosquitto needs its files regenerated and reloaded. */
  sync(t: TestApp): Promise<void>;
  mosquitto: Mosquitto | null;
  stop(): Promise<void>;
}

const SERVER_PASSWORD = randomBytes(18).toString('base64url');

async function embedded(): Promise<Broker> {
  return {
    env: {},
    url: (t) => t.app.get(MqttEndpoint).url,
    sync: async () => undefined,
    mosquitto: null,
    stop: async () => undefined,
  };
}

/** Mosquitto with the files Werkbank generates, as docs/deployment.md sets it up. */
async function mosquitto(dir: string): Promise<Broker> {
  const serverLine = `werkbank-server:${await hashMqttPassword(SERVER_PASSWORD)}\n`;
  const broker = await Mosquitto.start(dir, {
    passwordFile: serverLine,
    aclFile: 'user werkbank-server\ntopic readwrite #\n',
  });
  return {
    env: {
      MQTT_MODE: 'external',
      MQTT_URL: broker.url,
      MQTT_USERNAME: 'werkbank-server',
      MQTT_PASSWORD: SERVER_PASSWORD,
    },
    url: () => broker.url,
    sync: async (t) => {
      const files = (await t.as(t.adminToken).get('/api/devices/mosquitto-config').expect(200)).body as {
        passwordFile: string;
        aclFile: string;
      };
      await broker.reload({ passwordFile: serverLine + files.passwordFile, aclFile: files.aclFile });
    },
    mosquitto: broker,
    stop: () => broker.stop(),
  };
}

const sensor = (uid: string) => JSON.stringify({ RDM6300: { UID: uid } });
let msg = 0;
const ownCard = (uid: string) =>
  JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `m-${++msg}` });
const quiet = (ms = 400) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ['the embedded broker', (_dir: string) => embedded()],
  ['Mosquitto with the generated ACL', (dir: string) => mosquitto(dir)],
])('device trust on %s', (_name, makeBroker) => {
  const dir = makeTempDir('broker-trust');
  const brokerDir = makeTempDir('mosquitto');
  let broker: Broker;
  let t: TestApp;
  let url: string;
  let siteId: string;
  let victimMachine: string;
  let otherMachine: string;
  const devices: Record<string, Device> = {};
  const open: FakeDevice[] = [];

  const register = async (
    key: string,
    machineId: string,
    role: string,
    protocol: string,
    address: string,
  ) => {
    const res = await t
      .as(t.adminToken)
      .post('/api/devices', { name: key, siteId, machineId, role, protocol, address })
      .expect(201);
    devices[key] = {
      id: res.body.device.id,
      address,
      username: res.body.device.mqttUsername,
      password: res.body.mqttPassword,
    };
  };
  const connect = async (key: string, extra = {}) => {
    const d = devices[key] as Device;
    const device = await FakeDevice.connect(url, d.username, d.password, extra);
    open.push(device);
    return device;
  };

  beforeAll(async () => {
    broker = await makeBroker(brokerDir.path);
    t = await startTestApp({ dataDir: dir.path, env: { TAP_DEBOUNCE_MS: '300', ...broker.env } });
    url = broker.url(t);
    const make = new Factory(t.as(t.adminToken));
    const site = await make.site();
    siteId = site.id;
    const type = await make.machineType({ name: 'Printer' });
    victimMachine = (await make.machine(siteId, type.id, { name: 'Victim' })).id;
    otherMachine = (await make.machine(siteId, type.id, { name: 'Other' })).id;
    const q = await make.qualification(type.id);
    const trained = await make.member({ firstName: 'Tina' });
    await make.training([trained.id], q.id);
    await make.card(trained.id, '008EC793');
    await register('reader', victimMachine, 'machine_reader', 'tasmota_reader', 'reader-prusa');
    await register('relay', victimMachine, 'actuator', 'tasmota_relay', 'relay-prusa');
    await register('own', victimMachine, 'machine_reader', 'werkbank', 'own-prusa');
    // Devices whose names are the first levels of other devices' topics.
    await register('tele', otherMachine, 'machine_reader', 'tasmota_reader', 'tele');
    await register('cmnd', otherMachine, 'actuator', 'tasmota_relay', 'cmnd');
    await register('v1', otherMachine, 'machine_reader', 'werkbank', 'v1');
    await broker.sync(t);
  });

  afterAll(async () => {
    await Promise.all(open.map((d) => d.close()));
    await t?.close();
    await broker?.stop();
    dir.remove();
    brokerDir.remove();
  });

  it('a device named after another device’s topic level can neither read nor forge that device’s traffic', async () => {
    const relay = await connect('relay');
    expect(await relay.subscribe('cmnd/relay-prusa/#')).toBe(true);
    const reader = await connect('reader');
    const tele = await connect('tele');
    const cmnd = await connect('cmnd');
    const v1 = await connect('v1');
    // Listening in on every reader: refused (embedded answers SUBACK 0x80; Mosquitto delivers nothing).
    await tele.subscribe('tele/#');
    await tele.subscribe('tele/reader-prusa/SENSOR');
    await v1.subscribe('werkbank/v1/#');

    // Forged taps at the victim machine and a forged relay command: nothing switches.
    await tele.publish('tele/reader-prusa/SENSOR', sensor('008EC793'));
    await v1.publish('werkbank/v1/own-prusa/evt/card', ownCard('008EC793'));
    await cmnd.publish('cmnd/relay-prusa/POWER', 'ON');
    await quiet();
    expect(relay.received).toEqual([]);
    // The refused publishes cost the offenders nothing but the message (as Mosquitto does).
    expect(tele.client.connected && v1.client.connected && cmnd.client.connected).toBe(true);

    // The real reader's tap works, and nobody else hears its card.
    await reader.publish('tele/reader-prusa/SENSOR', sensor('008EC793'));
    expect(await relay.next('cmnd/relay-prusa/POWER')).toBe('ON');
    await quiet(200);
    for (const spy of [tele, v1, cmnd])
      expect(
        spy.received.filter((m) => m.topic.includes('reader-prusa') || m.topic.includes('own-prusa')),
      ).toEqual([]);
    const events = await t.app
      .get(DataSource)
      .getRepository(AccessEventEntity)
      .findBy({ machineId: victimMachine });
    expect(events.map((e) => e.deviceId)).toEqual([devices.reader?.id]);
    await reader.publish('tele/reader-prusa/SENSOR', sensor('008EC793')); // tap out after the debounce
  });

  it('no client id knocks off the server or another device; a second login of the same account is counted', async () => {
    const victim = await connect('own');
    // The server's guessable name and the victim's username as client ids, with another device's password.
    const guess1 = await connect('v1', { clientId: 'werkbank-server' });
    const guess2 = await connect('v1', { clientId: devices.own?.username });
    await quiet(300);
    expect(victim.client.connected).toBe(true);
    expect((await t.as(t.adminToken).get('/api/health').expect(200)).body.mqtt).toBe(true);
    expect(guess1.client.connected || guess2.client.connected).toBe(true);

    // The same account twice: the newer session replaces the older one (one session per account).
    const first = await connect('tele');
    const closed = new Promise<void>((resolve) => first.client.once('close', () => resolve()));
    await connect('tele');
    await closed;
    if (!broker.mosquitto) {
      const stats = (await t.as(t.adminToken).get('/api/access/stats').expect(200)).body;
      expect(stats.brokerTakeovers).toBeGreaterThanOrEqual(1);
      const list = (await t.as(t.adminToken).get('/api/devices').expect(200)).body as {
        id: string;
        takeovers: number;
      }[];
      expect(list.find((d) => d.id === devices.tele?.id)?.takeovers).toBeGreaterThanOrEqual(1);
      expect(list.find((d) => d.id === devices.own?.id)?.takeovers).toBe(0);
    }
  });

  it('refuses overlapping and hostile addresses, naming the other device', async () => {
    const admin = t.as(t.adminToken);
    const body = (address: string, protocol = 'tasmota_reader') => ({
      name: `x-${address}`,
      siteId,
      machineId: otherMachine,
      role: 'machine_reader',
      protocol,
      address,
    });
    await register('lab', otherMachine, 'machine_reader', 'tasmota_reader', 'lab');
    const nested = await admin.post('/api/devices', body('lab/saw')).expect(409);
    expect(nested.body.details).toEqual([
      expect.objectContaining({ field: 'address', rule: 'topicsOverlap', params: { device: 'lab' } }),
    ]);
    const esp = await admin.post('/api/devices', body('tele', 'esphome_reader')).expect(409);
    expect(esp.body.details[0].problem).toContain('belongs to');
    for (const hostile of ['x\nuser werkbank-server\ntopic readwrite #', 'a/#', 'a b', '$SYS']) {
      const res = await admin.post('/api/devices', body(hostile));
      expect([hostile, res.status]).toEqual([hostile, expect.any(Number)]);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
    const acl = (await admin.get('/api/devices/mosquitto-config').expect(200)).body.aclFile as string;
    expect(acl.split('\n').filter((l) => l === 'topic readwrite #')).toHaveLength(1);
  });
});

describe('a Mosquitto restart under load', () => {
  const dir = makeTempDir('restart-load');
  const brokerDir = makeTempDir('mosquitto-restart');
  let broker: Broker;
  let t: TestApp;

  afterAll(async () => {
    await t?.close();
    await broker?.stop();
    dir.remove();
    brokerDir.remove();
  });

  it('loses no tap the broker acknowledged and decides none twice', async () => {
    broker = await mosquitto(brokerDir.path);
    t = await startTestApp({ dataDir: dir.path, env: { LOG_LEVEL: 'error', ...broker.env } });
    const make = new Factory(t.as(t.adminToken));
    const site = await make.site();
    const type = await make.machineType({ name: 'Printer' });
    const readers: Device[] = [];
    for (let i = 0; i < 6; i++) {
      const machine = await make.machine(site.id, type.id, { name: `M${i}` });
      const res = await t
        .as(t.adminToken)
        .post('/api/devices', {
          name: `r${i}`,
          siteId: site.id,
          machineId: machine.id,
          role: 'machine_reader',
          protocol: 'werkbank',
          address: `load-${i}`,
        })
        .expect(201);
      readers.push({
        id: res.body.device.id,
        address: `load-${i}`,
        username: res.body.device.mqttUsername,
        password: res.body.mqttPassword,
      });
    }
    await broker.sync(t);
    const clients = await Promise.all(
      readers.map((r) => FakeDevice.connect(broker.url(t), r.username, r.password, { reconnectPeriod: 100 })),
    );
    const mosq = broker.mosquitto as Mosquitto;
    let acknowledged = 0;
    let stop = false;
    const load = clients.map(async (client, i) => {
      const pending: Promise<void>[] = [];
      for (let n = 0; !stop; n++) {
        // A new unknown card each time: no debounce, every tap is decided and recorded once.
        const uid = `${(0x10000000 + i * 100_000 + n).toString(16).toUpperCase()}`;
        pending.push(
          client.publish(`werkbank/v1/load-${i}/evt/card`, ownCard(uid)).then(() => {
            acknowledged += 1;
          }),
        );
        await quiet(40);
      }
      await Promise.all(pending);
    });
    await quiet(1000);
    await mosq.restart();
    await quiet(2500);
    stop = true;
    await Promise.all(load);
    expect(acknowledged).toBeGreaterThan(300);
    const events = t.app.get(DataSource).getRepository(AccessEventEntity);
    await eventually(async () => (await events.count()) >= acknowledged, 10_000).catch(() => undefined);
    const rows = await events.find();
    expect(rows.length).toBe(acknowledged);
    expect(new Set(rows.map((r) => `${r.deviceId}:${r.msgId}`)).size).toBe(rows.length);
    await Promise.all(clients.map((c) => c.close()));
  });
});
