import { once } from 'node:events';
import { createConnection } from 'node:net';
import { generate } from 'mqtt-packet';
import { io, Socket } from 'socket.io-client';
import {
  ClientToServerEvents,
  DenyReason,
  DomainRule,
  MachineLiveState,
  ServerToClientEvents,
  StaffRole,
  TapEvent,
} from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { makeTempDir } from './support/temp-dir';
import { DATABASES, TestDatabase } from './support/postgres';
import { startTestApp, TestApp } from './support/test-app';

interface Lab {
  siteId: string;
  laser: { id: string };
  machine: { id: string };
  closed: { id: string };
  cards: Record<'trained' | 'untrained' | 'blocked' | 'expired', { uid: string; id: string }>;
  devices: Record<
    'reader' | 'relay' | 'ownReader' | 'closedReader' | 'laserReader',
    { id: string; address: string; username: string; password: string }
  >;
}

async function setUpLab(t: TestApp): Promise<Lab> {
  const admin = t.as(t.adminToken);
  const make = new Factory(admin);
  const site = await make.site();
  const type = await make.machineType({ name: '3D printer' });
  const machine = await make.machine(site.id, type.id, { name: 'Prusa', idlePowerWatts: 10, idleMinutes: 5 });
  const closed = await make.machine(site.id, type.id, {
    name: 'Broken Prusa',
    state: 'out_of_service',
    stateReason: 'nozzle',
  });
  const q = await make.qualification(type.id, { validityMonths: 1 });
  const laserType = await make.machineType({ name: 'Laser cutter' });
  const laser = await make.machine(site.id, laserType.id, { name: 'Laser', needsSupervision: true });
  const trained = await make.member({ firstName: 'Tina' });
  const untrained = await make.member({ firstName: 'Uwe' });
  const blocked = await make.member({ firstName: 'Bea' });
  const expired = await make.member({ firstName: 'Ede' });
  await make.training([trained.id, blocked.id], q.id);
  await make.training([expired.id], q.id, { trainedOn: '2025-01-10' });
  const card = async (memberId: string, uid: string) => ({ uid, id: (await make.card(memberId, uid)).id });
  const cards = {
    trained: await card(trained.id, '008EC793'),
    untrained: await card(untrained.id, '04A2B3C4'),
    blocked: await card(blocked.id, 'BA839D07'),
    expired: await card(expired.id, '94D8FC5F'),
  };
  const device = async (machineId: string, role: string, protocol: string, address: string) => {
    const res = await admin
      .post('/api/devices', { name: address, siteId: site.id, machineId, role, protocol, address })
      .expect(201);
    return {
      id: res.body.device.id as string,
      address,
      username: res.body.device.mqttUsername as string,
      password: res.body.mqttPassword as string,
    };
  };
  return {
    siteId: site.id,
    laser,
    machine,
    closed,
    cards,
    devices: {
      reader: await device(machine.id, 'machine_reader', 'tasmota_reader', 'reader-prusa'),
      relay: await device(machine.id, 'actuator', 'shelly_gen1', 'shelly1pm-prusa'),
      ownReader: await device(machine.id, 'machine_reader', 'werkbank', 'own-reader-prusa'),
      closedReader: await device(closed.id, 'machine_reader', 'werkbank', 'own-reader-broken'),
      laserReader: await device(laser.id, 'machine_reader', 'werkbank', 'own-reader-laser'),
    },
  };
}

const sensor = (uid: string) => JSON.stringify({ Time: '2026-11-23T10:00:00', RDM6300: { UID: uid } });
let msg = 0;
const ownCard = (uid: string) =>
  JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `m-${++msg}-${uid}` });

/** On both databases: sessions, journal reconciliation and restarts go through the same TypeORM code. */
describe.each(DATABASES)(
  'access core end to end on $name: real broker, real devices, live staff view',
  ({ start }) => {
    const dir = makeTempDir('access');
    let database: TestDatabase;
    let t: TestApp;
    let lab: Lab;
    let mqttUrl: string;
    let reader: FakeDevice;
    let relay: FakeDevice;
    let ownReader: FakeDevice;
    let closedReader: FakeDevice;
    let socket: Socket<ServerToClientEvents, ClientToServerEvents>;
    const taps: TapEvent[] = [];

    async function connectDevices(): Promise<void> {
      const d = lab.devices;
      reader = await FakeDevice.connect(mqttUrl, d.reader.username, d.reader.password);
      relay = await FakeDevice.connect(mqttUrl, d.relay.username, d.relay.password);
      ownReader = await FakeDevice.connect(mqttUrl, d.ownReader.username, d.ownReader.password);
      closedReader = await FakeDevice.connect(mqttUrl, d.closedReader.username, d.closedReader.password);
      expect(await reader.subscribe(`cmnd/${d.reader.address}/#`)).toBe(true);
      expect(await relay.subscribe(`shellies/${d.relay.address}/relay/0/command`)).toBe(true);
      expect(await ownReader.subscribe(`werkbank/v1/${d.ownReader.address}/cmd/#`)).toBe(true);
      expect(await closedReader.subscribe(`werkbank/v1/${d.closedReader.address}/cmd/#`)).toBe(true);
    }

    async function closeDevices(): Promise<void> {
      await Promise.all([reader, relay, ownReader, closedReader].map((d) => d?.close()));
    }

    /** Stops the server and starts it again on the same data (a restart), the devices reconnected. */
    async function restartServer(env: Record<string, string> = {}): Promise<void> {
      await closeDevices();
      await t.close();
      t = await startTestApp({ dataDir: dir.path, keepData: true, env: { ...database.env, ...env } });
      mqttUrl = t.app.get(MqttEndpoint).url;
      await connectDevices();
    }

    beforeAll(async () => {
      database = start();
      t = await startTestApp({
        dataDir: dir.path,
        keepData: true,
        env: { TAP_DEBOUNCE_MS: '400', ...database.env },
      });
      mqttUrl = t.app.get(MqttEndpoint).url;
      lab = await setUpLab(t);
      await connectDevices();
      socket = io(t.url, { auth: { token: t.adminToken }, transports: ['websocket'] });
      socket.on('tap', (e) => taps.push(e));
      await eventually(() => socket.connected);
    });

    afterAll(async () => {
      socket?.close();
      await closeDevices();
      await t?.close();
      database?.stop();
      dir.remove();
    });

    const ownFeedback = async (device: FakeDevice, address: string, since: number) =>
      JSON.parse(await device.next(`werkbank/v1/${address}/cmd/feedback`, since)) as {
        result: string;
        reason: string | null;
        text: string;
      };

    it('refuses devices without valid credentials', async () => {
      await expect(
        FakeDevice.connect(mqttUrl, lab.devices.reader.username, 'wrong-password'),
      ).rejects.toThrow();
      await expect(FakeDevice.connect(mqttUrl, 'nobody', 'x')).rejects.toThrow();
    });

    it('switches the Shelly relay on for a trained member, and the staff socket sees it', async () => {
      const relayMark = relay.mark();
      const readerMark = reader.mark();
      const started = new Promise<unknown>((resolve) => socket.once('session.started', resolve));
      await reader.publish(`tele/${lab.devices.reader.address}/SENSOR`, sensor(lab.cards.trained.uid));
      expect(await relay.next(`shellies/${lab.devices.relay.address}/relay/0/command`, relayMark)).toBe('on');
      expect(await reader.next(`cmnd/${lab.devices.reader.address}/Buzzer`, readerMark)).toBeDefined();
      await expect(started).resolves.toMatchObject({
        machineId: lab.machine.id,
        memberName: expect.stringContaining('Tina'),
      });
      const tap = await eventually(() =>
        taps.find((e) => e.cardSuffix === 'C793' && e.outcome === 'allowed'),
      );
      expect(tap).toMatchObject({ machineId: lab.machine.id, reason: null, sessionId: expect.any(String) });
      const live = await t.as(t.adminToken).get(`/api/live/machines`).expect(200);
      expect(
        live.body.find((m: { machineId: string }) => m.machineId === lab.machine.id).session,
      ).toMatchObject({ sessionId: tap.sessionId });
    });

    it('ignores a repeated read of the held card (no double session, no tap-out)', async () => {
      const mark = relay.mark();
      await reader.publish(`tele/${lab.devices.reader.address}/SENSOR`, sensor(lab.cards.trained.uid));
      await new Promise((r) => setTimeout(r, 150));
      expect(relay.received.slice(mark)).toEqual([]);
      const stats = await t.as(t.adminToken).get('/api/access/stats').expect(200);
      expect(stats.body.duplicates).toBeGreaterThanOrEqual(1);
    });

    it.each([
      ['untrained', DenyReason.NotTrained],
      ['expired', DenyReason.TrainingExpired],
    ] as const)('denies the %s member with the reason at the reader', async (who, reason) => {
      const mark = ownReader.mark();
      await ownReader.publish(
        `werkbank/v1/${lab.devices.ownReader.address}/evt/card`,
        ownCard(lab.cards[who].uid),
      );
      const feedback = await ownFeedback(ownReader, lab.devices.ownReader.address, mark);
      expect(feedback).toMatchObject({ result: 'denied', reason });
      expect(feedback.text.length).toBeGreaterThan(3);
      await eventually(() => taps.find((e) => e.reason === reason));
    });

    it('denies at an out-of-service machine', async () => {
      const mark = closedReader.mark();
      await closedReader.publish(
        `werkbank/v1/${lab.devices.closedReader.address}/evt/card`,
        ownCard(lab.cards.trained.uid),
      );
      expect(await ownFeedback(closedReader, lab.devices.closedReader.address, mark)).toMatchObject({
        result: 'denied',
        reason: DenyReason.MachineOutOfService,
      });
    });

    it('denies a card blocked through the API at the very next tap', async () => {
      const admin = t.as(t.adminToken);
      let mark = ownReader.mark();
      await ownReader.publish(
        `werkbank/v1/${lab.devices.ownReader.address}/evt/card`,
        ownCard(lab.cards.blocked.uid),
      );
      // The machine runs Tina's session: Bea is trained but the machine is in use.
      expect(await ownFeedback(ownReader, lab.devices.ownReader.address, mark)).toMatchObject({
        reason: DenyReason.MachineInUse,
      });
      await admin.post(`/api/cards/${lab.cards.blocked.id}/block`, { reason: 'lost' }).expect(200);
      mark = ownReader.mark();
      await ownReader.publish(
        `werkbank/v1/${lab.devices.ownReader.address}/evt/card`,
        ownCard(lab.cards.blocked.uid),
      );
      expect(await ownFeedback(ownReader, lab.devices.ownReader.address, mark)).toMatchObject({
        result: 'denied',
        reason: DenyReason.CardBlocked,
      });
    });

    it('reports the next unknown card at a chosen reader for enrollment, and device availability', async () => {
      const ack = await socket.emitWithAck('enrollment.start', lab.devices.ownReader.id);
      expect(ack).toEqual({ ok: true });
      const enrolled = new Promise<{ deviceId: string; uid: string }>((resolve) =>
        socket.once('enrollment.card', resolve),
      );
      await ownReader.publish(`werkbank/v1/${lab.devices.ownReader.address}/evt/card`, ownCard('0A1B2C3D'));
      await expect(enrolled).resolves.toMatchObject({ deviceId: lab.devices.ownReader.id, uid: '0A1B2C3D' });
      const admin = t.as(t.adminToken);
      const member = await new Factory(admin).member({ firstName: 'Neu' });
      await admin
        .post(`/api/members/${member.id}/cards`, { uid: '0A1B2C3D', technology: 'em4100' })
        .expect(201);

      const offline = new Promise<{ deviceId: string; online: boolean }>((resolve) =>
        socket.on('device', (e) => e.deviceId === lab.devices.relay.id && resolve(e)),
      );
      await relay.publish(`shellies/${lab.devices.relay.address}/online`, 'true', true);
      await expect(offline).resolves.toMatchObject({ online: true });
      const devices = await admin.get('/api/devices').expect(200);
      expect(devices.body.find((d: { id: string }) => d.id === lab.devices.relay.id)).toMatchObject({
        online: true,
        topicRights: { publish: ['shellies/shelly1pm-prusa/#'], subscribe: ['shellies/shelly1pm-prusa/#'] },
      });
    });

    it('needs a staff member on site for a supervised machine', async () => {
      const laserReader = await FakeDevice.connect(
        mqttUrl,
        lab.devices.laserReader.username,
        lab.devices.laserReader.password,
      );
      const address = lab.devices.laserReader.address;
      expect(await laserReader.subscribe(`werkbank/v1/${address}/cmd/#`)).toBe(true);
      let mark = laserReader.mark();
      await laserReader.publish(`werkbank/v1/${address}/evt/card`, ownCard(lab.cards.untrained.uid));
      expect(await ownFeedback(laserReader, address, mark)).toMatchObject({
        result: 'denied',
        reason: DenyReason.SupervisionRequired,
      });
      const staff = await t.createStaff(StaffRole.Staff, 'supervisor');
      // A colleague at the front desk marks the supervisor present (nobody marks themselves present).
      await t
        .as(t.adminToken)
        .post(`/api/sites/${lab.siteId}/presence`, { present: true, staffId: staff.id })
        .expect(200);
      mark = laserReader.mark();
      await laserReader.publish(`werkbank/v1/${address}/evt/card`, ownCard(lab.cards.untrained.uid));
      expect(await ownFeedback(laserReader, address, mark)).toMatchObject({ result: 'allowed' });
      await t.as(staff.token).post(`/api/sites/${lab.siteId}/presence`, { present: false }).expect(200);
      const presence = await t.as(staff.token).get(`/api/sites/${lab.siteId}/presence`).expect(200);
      expect(presence.body.staffIds).toEqual([]);
      await laserReader.close();
    });

    it('records a visit for a member and toggles presence for a staff member at an entrance reader', async () => {
      const admin = t.as(t.adminToken);
      const res = await admin
        .post('/api/devices', {
          name: 'Eingang',
          siteId: lab.siteId,
          role: 'entrance_reader',
          protocol: 'werkbank',
          address: 'entrance-1',
        })
        .expect(201);
      const entrance = await FakeDevice.connect(mqttUrl, res.body.device.mqttUsername, res.body.mqttPassword);
      expect(await entrance.subscribe('werkbank/v1/entrance-1/cmd/#')).toBe(true);
      const make = new Factory(admin);
      const staffMember = await make.member({ firstName: 'Sam' });
      await make.card(staffMember.id, 'CAFE0001');
      const staff = await t.createStaff(StaffRole.Staff, 'sam', staffMember.id);

      let mark = entrance.mark();
      await entrance.publish('werkbank/v1/entrance-1/evt/card', ownCard(lab.cards.untrained.uid));
      expect(await ownFeedback(entrance, 'entrance-1', mark)).toMatchObject({ result: 'allowed' });
      const visits = await eventually(async () => {
        const v = await admin.get(`/api/visits?siteId=${lab.siteId}`).expect(200);
        return v.body.total === 1 ? v.body : null;
      });
      expect(visits.items[0]).toMatchObject({
        source: 'entrance_tap',
        memberKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      });

      mark = entrance.mark();
      await entrance.publish('werkbank/v1/entrance-1/evt/card', ownCard('CAFE0001'));
      expect(await ownFeedback(entrance, 'entrance-1', mark)).toMatchObject({ result: 'allowed' });
      const present = await admin.get(`/api/sites/${lab.siteId}/presence`).expect(200);
      expect(present.body.staff).toEqual([
        { id: staff.id, displayName: 'sam', arrivedAt: expect.any(String) },
      ]);
      mark = entrance.mark();
      await entrance.publish('werkbank/v1/entrance-1/evt/card', ownCard('CAFE0001'));
      await ownFeedback(entrance, 'entrance-1', mark);
      expect((await admin.get(`/api/sites/${lab.siteId}/presence`).expect(200)).body.staffIds).toEqual([]);
      await entrance.close();
    });

    it('generates Mosquitto password and ACL files from the device registry', async () => {
      const res = await t.as(t.adminToken).get('/api/devices/mosquitto-config').expect(200);
      expect(res.body.passwordFile).toMatch(
        new RegExp(`^${lab.devices.reader.username}:\\$7\\$\\d+\\$`, 'm'),
      );
      expect(res.body.aclFile).toContain(
        `user ${lab.devices.relay.username}\ntopic write shellies/${lab.devices.relay.address}/#\ntopic read shellies/${lab.devices.relay.address}/#`,
      );
      expect(res.body.aclFile).toContain('user werkbank-server\ntopic readwrite #');
      await t
        .as((await t.createStaff(StaffRole.Staff, 'no-mosquitto')).token)
        .get('/api/devices/mosquitto-config')
        .expect(403);
    });

    it('ends a device’s broker session when its password is rotated or it is removed, and keeps the server’s names', async () => {
      const admin = t.as(t.adminToken);
      const created = await admin
        .post('/api/devices', {
          name: 'spare',
          siteId: lab.siteId,
          machineId: lab.machine.id,
          role: 'machine_reader',
          protocol: 'werkbank',
          address: 'spare-reader',
        })
        .expect(201);
      const { id, mqttUsername } = created.body.device as { id: string; mqttUsername: string };
      const closed = (device: FakeDevice) =>
        new Promise<void>((resolve) => device.client.once('close', () => resolve()));

      const first = await FakeDevice.connect(mqttUrl, mqttUsername, created.body.mqttPassword);
      const firstClosed = closed(first);
      const rotated = await admin.post(`/api/devices/${id}/credentials`, {}).expect(200);
      await firstClosed;
      await expect(FakeDevice.connect(mqttUrl, mqttUsername, created.body.mqttPassword)).rejects.toThrow();

      const second = await FakeDevice.connect(mqttUrl, mqttUsername, rotated.body.mqttPassword);
      expect(await second.subscribe('werkbank/v1/spare-reader/cmd/#')).toBe(true);
      const secondClosed = closed(second);
      await admin.delete(`/api/devices/${id}`).expect(204);
      await secondClosed;
      await expect(FakeDevice.connect(mqttUrl, mqttUsername, rotated.body.mqttPassword)).rejects.toThrow();
      // Other devices stay connected.
      expect(reader.client.connected).toBe(true);

      // A protocol that cannot serve the role is refused at the field.
      const mismatch = await admin
        .post('/api/devices', {
          name: 'plug as reader',
          siteId: lab.siteId,
          machineId: lab.machine.id,
          role: 'machine_reader',
          protocol: 'shelly_gen1',
          address: 'plug-x',
        })
        .expect(400);
      expect(mismatch.body.details).toEqual([
        {
          field: 'protocol',
          problem: expect.stringContaining('read no cards'),
          rule: DomainRule.ProtocolRole,
        },
      ]);
      await admin
        .post('/api/devices', {
          name: 'reader as relay',
          siteId: lab.siteId,
          machineId: lab.machine.id,
          role: 'actuator',
          protocol: 'tasmota_reader',
          address: 'rdr-x',
        })
        .expect(400);

      for (const name of ['werkbank-server', 'simulator']) {
        const res = await admin
          .post('/api/devices', {
            name,
            siteId: lab.siteId,
            machineId: lab.machine.id,
            role: 'machine_reader',
            protocol: 'werkbank',
            address: `x-${name}`,
            mqttUsername: name,
          })
          .expect(409);
        expect(res.body.details).toEqual([
          { field: 'mqttUsername', problem: 'reserved', rule: DomainRule.Reserved },
        ]);
      }
    });

    it('confines each device to its own topics and survives malformed payloads', async () => {
      const mark = relay.mark();
      // With another reader's credentials, a device may neither listen to nor switch the relay.
      const created = await t
        .as(t.adminToken)
        .post('/api/devices', {
          name: 'rogue',
          siteId: lab.siteId,
          machineId: lab.machine.id,
          role: 'machine_reader',
          protocol: 'tasmota_reader',
          address: 'rogue-reader',
        })
        .expect(201);
      const rogue = await FakeDevice.connect(
        mqttUrl,
        created.body.device.mqttUsername,
        created.body.mqttPassword,
      );
      expect(await rogue.subscribe(`shellies/${lab.devices.relay.address}/#`)).toBe(false);
      // MQTT 3.1.1 cannot refuse a publish: like Mosquitto, the broker acknowledges and discards it.
      await rogue.publish(`shellies/${lab.devices.relay.address}/relay/0/command`, 'off');
      expect(rogue.client.connected).toBe(true);
      await rogue.close();
      for (const junk of ['{not json', '{"RDM6300":{"UID":"XYZ"}}', 'x'.repeat(20_000), '']) {
        await reader.publish(`tele/${lab.devices.reader.address}/SENSOR`, junk);
      }
      await ownReader.publish(`werkbank/v1/${lab.devices.ownReader.address}/evt/card`, '{"uid": 42}');
      await new Promise((r) => setTimeout(r, 200));
      expect(relay.received.slice(mark)).toEqual([]);
      const stats = await t.as(t.adminToken).get('/api/access/stats').expect(200);
      expect(stats.body.malformed).toBeGreaterThanOrEqual(4);
      await t.as(t.adminToken).get('/api/health').expect(200);
    });

    it('closes a broker connection that announces an oversized packet, before or after login', async () => {
      const { port } = new URL(mqttUrl);
      /** Writes raw bytes to the broker; true once the broker closes the connection, false after `waitMs`. */
      const closedAfter = async (waitMs: number, ...writes: Buffer[]): Promise<boolean> => {
        const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
        await once(socket, 'connect');
        socket.resume(); // read what the broker answers, so its closing is seen
        const closed = once(socket, 'close').then(() => true);
        for (const bytes of writes) {
          socket.write(bytes);
          await new Promise((r) => setTimeout(r, 50));
        }
        let timer: NodeJS.Timeout | undefined;
        const result = await Promise.race([
          closed,
          new Promise<boolean>((r) => (timer = setTimeout(() => r(false), waitMs))),
        ]);
        clearTimeout(timer);
        socket.destroy();
        return result;
      };
      const before = (await t.as(t.adminToken).get('/api/access/stats').expect(200)).body.brokerOversized;
      // A stranger's CONNECT announcing 10 MB: refused before anything is buffered or checked.
      expect(await closedAfter(5000, Buffer.from([0x10, 0x80, 0x80, 0x80, 0x05]))).toBe(true);
      // A logged-in device announcing a 1 MB publish, sending only its first bytes.
      const login = generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        keepalive: 30,
        clientId: 'oversize-test',
        username: lab.devices.reader.username,
        password: Buffer.from(lab.devices.reader.password),
      });
      const header = Buffer.from([0x30, 0x80, 0x80, 0x40]); // PUBLISH, remaining length 1 048 576
      expect(await closedAfter(5000, login, Buffer.concat([header, Buffer.alloc(1000)]))).toBe(true);
      const after = (await t.as(t.adminToken).get('/api/access/stats').expect(200)).body.brokerOversized;
      expect(after - before).toBe(2);
      // An ordinary login stays connected.
      expect(await closedAfter(500, login)).toBe(false);
    });

    it('loses nothing across a restart mid-session and reconciles with the relay', async () => {
      const before = await t
        .as(t.adminToken)
        .get(`/api/sessions?machineId=${lab.machine.id}&openOnly=true`)
        .expect(200);
      expect(before.body.total).toBe(1);
      const sessionId = before.body.items[0].id as string;
      socket.close();
      await restartServer({ TAP_DEBOUNCE_MS: '400' });
      const live = await t.as(t.adminToken).get('/api/live/machines').expect(200);
      expect(
        live.body.find((m: { machineId: string }) => m.machineId === lab.machine.id).session,
      ).toMatchObject({ sessionId });

      // The relay reports it is still on: the session goes on; the holder taps out, power goes off.
      await relay.publish(`shellies/${lab.devices.relay.address}/relay/0`, 'on');
      const mark = relay.mark();
      await reader.publish(`tele/${lab.devices.reader.address}/SENSOR`, sensor(lab.cards.trained.uid));
      expect(await relay.next(`shellies/${lab.devices.relay.address}/relay/0/command`, mark)).toBe('off');

      const sessions = await eventually(async () => {
        const res = await t.as(t.adminToken).get(`/api/sessions?machineId=${lab.machine.id}`).expect(200);
        return res.body.items[0]?.endedAt ? res.body : null;
      });
      expect(sessions.total).toBe(1);
      expect(sessions.items[0]).toMatchObject({ id: sessionId, endReason: 'tap_out' });
      const csv = await t.as(t.adminToken).get(`/api/sessions.csv?machineId=${lab.machine.id}`).expect(200);
      expect(csv.text.trim().split('\n')).toHaveLength(2);
      expect(csv.text).not.toContain('Tina');
    });

    it('closes a restored session whose relay reports off (power was lost)', async () => {
      await new Promise((r) => setTimeout(r, 450)); // past the debounce of the previous tap-out
      const mark = relay.mark();
      await reader.publish(`tele/${lab.devices.reader.address}/SENSOR`, sensor(lab.cards.trained.uid));
      expect(await relay.next(`shellies/${lab.devices.relay.address}/relay/0/command`, mark)).toBe('on');
      await restartServer();
      await relay.publish(`shellies/${lab.devices.relay.address}/relay/0`, 'off');
      const ended = await eventually(async () => {
        const res = await t
          .as(t.adminToken)
          .get(`/api/sessions?machineId=${lab.machine.id}&order=desc`)
          .expect(200);
        const open = res.body.items.find((s: { endedAt: string | null }) => !s.endedAt);
        return open ? null : res.body;
      });
      expect(ended.total).toBe(2);
      expect(ended.items.map((s: { endReason: string }) => s.endReason).sort()).toEqual([
        'reconciled',
        'tap_out',
      ]);
    });

    it('lets staff force a machine off: the running session ends, and an idle machine is switched off too', async () => {
      const admin = t.as(t.adminToken);
      const topic = `shellies/${lab.devices.relay.address}/relay/0/command`;
      const mark = relay.mark();
      await ownReader.publish(
        `werkbank/v1/${lab.devices.ownReader.address}/evt/card`,
        ownCard(lab.cards.trained.uid),
      );
      expect(await relay.next(topic, mark)).toBe('on');
      const offMark = relay.mark();
      const res = await admin.post(`/api/machines/${lab.machine.id}/force-off`, {}).expect(200);
      expect(res.body.session).toBeNull();
      expect(await relay.next(topic, offMark)).toBe('off');
      // Usage rows reach the database from the journal within a batch interval.
      const forced = await eventually(async () => {
        const sessions = await admin.get(`/api/sessions?machineId=${lab.machine.id}&order=desc`).expect(200);
        return (sessions.body.items as { endReason: string | null; endedAt: string | null }[]).find(
          (x) => x.endReason === 'force_off',
        );
      });
      expect(forced.endedAt).toEqual(expect.any(String));
      // No session now; staff still make sure the power is off (e.g. after someone switched the plug by hand).
      const idleMark = relay.mark();
      await admin.post(`/api/machines/${lab.machine.id}/force-off`, { cutUnderPrint: false }).expect(200);
      expect(await relay.next(topic, idleMark)).toBe('off');
    });

    it('keeps the power on under a print an OctoPrint reports, also across a restart, and cuts it when the print is done', async () => {
      // Without a cool-down, so the relay goes off as soon as the printer says the job is done.
      await restartServer({ COOL_DOWN_MINUTES: '0' });
      let admin = t.as(t.adminToken);
      // A printer protocol is refused in a relay's role; as the machine's printer it is accepted.
      const printerDevice = {
        name: 'OctoPrint Prusa',
        siteId: lab.siteId,
        machineId: lab.machine.id,
        protocol: 'octoprint_mqtt',
        address: 'werkstatt/prusa',
      };
      const wrongRole = await admin.post('/api/devices', { ...printerDevice, role: 'actuator' }).expect(400);
      expect(wrongRole.body.details[0]).toMatchObject({ field: 'protocol', rule: DomainRule.ProtocolRole });
      const registered = await admin.post('/api/devices', { ...printerDevice, role: 'printer' }).expect(201);
      let octoprint = await FakeDevice.connect(
        mqttUrl,
        registered.body.device.mqttUsername,
        registered.body.mqttPassword,
      );
      const messages = async () => (await admin.get('/api/access/stats').expect(200)).body.messages as number;
      /** Publishes as the printer and waits until the server has taken the message. */
      const report = async (topic: string, payload: object) => {
        const before = await messages();
        await octoprint.publish(`werkstatt/prusa/${topic}`, JSON.stringify(payload));
        await eventually(async () => (await messages()) > before);
      };
      const topic = `shellies/${lab.devices.relay.address}/relay/0/command`;
      const tap = () =>
        ownReader.publish(
          `werkbank/v1/${lab.devices.ownReader.address}/evt/card`,
          ownCard(lab.cards.trained.uid),
        );
      try {
        const onMark = relay.mark();
        await tap();
        expect(await relay.next(topic, onMark)).toBe('on');
        // The OctoPrint-MQTT plugin's event (fixture shape); then the member taps out mid-print.
        await report('event/PrintStarted', {
          _event: 'PrintStarted',
          _timestamp: Math.floor(Date.now() / 1000),
          name: 'benchy.gcode',
          path: 'benchy.gcode',
          origin: 'local',
        });
        // The server restarts mid-print (an update). The embedded broker keeps no retained message over it,
        // and OctoPrint would say nothing until its next percent: the server must remember the print.
        await octoprint.close();
        await restartServer({ COOL_DOWN_MINUTES: '0' });
        admin = t.as(t.adminToken);
        octoprint = await FakeDevice.connect(
          mqttUrl,
          registered.body.device.mqttUsername,
          registered.body.mqttPassword,
        );
        await relay.publish(`shellies/${lab.devices.relay.address}/relay/0`, 'on');
        const outMark = relay.mark();
        await new Promise((r) => setTimeout(r, 450)); // past the tap debounce
        await tap();
        await new Promise((r) => setTimeout(r, 400));
        expect(relay.received.slice(outMark)).toEqual([]); // never under a running print
        // The board says why the power stays on, and what prints.
        await report('progress/printing', { location: 'local', path: 'benchy.gcode', progress: 42 });
        const board = async () =>
          ((await admin.get('/api/live/machines').expect(200)).body as MachineLiveState[]).find(
            (m) => m.machineId === lab.machine.id,
          ) as MachineLiveState;
        expect(await board()).toMatchObject({
          waitingForPrint: true,
          print: { printing: true, progress: 0.42, jobName: 'benchy.gcode' },
        });
        await report('event/PrintDone', {
          _event: 'PrintDone',
          _timestamp: Math.floor(Date.now() / 1000),
          name: 'benchy.gcode',
          path: 'benchy.gcode',
          origin: 'local',
          time: 2710.4,
        });
        expect(await relay.next(topic, outMark)).toBe('off');
        const ended = await eventually(async () => {
          const res = await admin.get(`/api/sessions?machineId=${lab.machine.id}&order=desc`).expect(200);
          const last = res.body.items[0] as { endedAt: string | null; endReason: string | null };
          return last.endedAt ? last : null;
        });
        expect(ended.endReason).toBe('tap_out');
        expect(await board()).toMatchObject({
          waitingForPrint: false,
          session: null,
          print: { printing: false, progress: 1 },
        });
      } finally {
        await octoprint.close();
      }
    });
  },
);
