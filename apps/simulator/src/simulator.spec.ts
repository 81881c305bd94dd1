import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CardTechnology, DenyReason, DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import {
  BambuStateMerger,
  createAdapterRegistry,
  DeviceRouter,
  topicMatchesFilter,
  type DeviceAddress,
  type DeviceEvent,
  type Outbound,
} from '@werkbank/device-protocol';
import { BAMBU_PROTOCOL, loadDevicesFile, type SimDeviceConfig } from './devices-file';
import { silentLogger } from './logger';
import { Simulator } from './simulator';
import { Recorder, startTestBroker, type TestBroker } from './testing/test-broker';

/**
 * Runs the simulator against a real (in-process aedes) broker that authenticates every device with its own
 * credentials and lets it publish only where the server's adapter subscribes for it, then checks each payload
 * with the server's codecs, so the simulator and the codecs cannot drift apart.
 */

const registry = createAdapterRegistry();
const CONTROL = { username: 'simulator', password: 'control-secret', topic: 'werkbank-sim' };
const SERVER_USER = 'werkbank-server';

function device(
  deviceId: string,
  protocol: SimDeviceConfig['protocol'],
  address: string,
  role: DeviceRole,
  options: Record<string, string> = {},
): SimDeviceConfig {
  return {
    deviceId,
    name: `${address} (${protocol})`,
    protocol,
    address,
    username: `dev-${deviceId}`,
    password: `pw-${deviceId}`,
    role,
    options,
  };
}

const DEVICES: SimDeviceConfig[] = [
  device('r1', DeviceProtocol.TasmotaReader, 'wb-reader-1', DeviceRole.MachineReader),
  device('r2', DeviceProtocol.TasmotaReader, 'wb-reader-2', DeviceRole.MachineReader, { reader: 'pn532' }),
  device('r3', DeviceProtocol.TasmotaReader, 'wb-reader-3', DeviceRole.EntranceReader, {
    reader: 'rc522',
    feedbackCommand: 'Power2',
    feedbackAllowed: 'ON',
    feedbackDenied: 'OFF',
  }),
  device('t1', DeviceProtocol.TasmotaRelay, 'wb-relay-2', DeviceRole.Actuator, { loadWatts: '800' }),
  // One Tasmota board with a reader and a relay, registered twice like the server does.
  device('c1', DeviceProtocol.TasmotaReader, 'wb-combo', DeviceRole.MachineReader),
  device('c2', DeviceProtocol.TasmotaRelay, 'wb-combo', DeviceRole.Actuator, { loadWatts: '45' }),
  device('s1', DeviceProtocol.ShellyGen1, 'shelly1pm-ab12', DeviceRole.Actuator, { loadWatts: '120' }),
  device('s2', DeviceProtocol.ShellyGen2, 'shellyplus1pm-a8032ab12345', DeviceRole.Actuator, {
    loadWatts: '60',
  }),
  device('w1', DeviceProtocol.Werkbank, 'bridge-holz-1', DeviceRole.Actuator, {
    reader: 'rdm6300',
    loadWatts: '1500',
  }),
  device('e1', DeviceProtocol.EsphomeReader, 'esp-reader-1', DeviceRole.MachineReader, {
    feedbackTopic: 'esp-reader-1/feedback',
  }),
  device('b1', BAMBU_PROTOCOL, '01P00A123456789', DeviceRole.Printer, {
    relay: 'shelly1pm-ab12',
    printSeconds: '1',
  }),
  device('o1', DeviceProtocol.OctoprintMqtt, 'werkstatt/octoprint', DeviceRole.Printer, {
    relay: 'shellyplus1pm-a8032ab12345',
    printSeconds: '1',
  }),
];

const byAddress = (address: string, protocol?: string): SimDeviceConfig => {
  const found = DEVICES.find(
    (d) => d.address === address && (protocol === undefined || d.protocol === protocol),
  );
  if (!found) throw new Error(`no test device ${address}`);
  return found;
};

const asAddress = (d: SimDeviceConfig): DeviceAddress => ({
  deviceId: d.deviceId,
  protocol: d.protocol as DeviceProtocol,
  address: d.address,
  options: d.options,
});

/** The topics a device may publish: exactly what the server's adapter subscribes for it (the broker ACL). */
function publishFilters(d: SimDeviceConfig): string[] {
  if (d.protocol === BAMBU_PROTOCOL) return [`device/${d.address}/report`];
  const adapter = registry.get(d.protocol);
  if (!adapter) return [];
  const filters = adapter.subscriptions(asAddress(d));
  // The broker ACL allows the whole `shellies/<id>/` tree; the server subscribes to none of the energy counters.
  if (d.protocol === DeviceProtocol.ShellyGen1) filters.push(`shellies/${d.address}/relay/+/energy`);
  return filters;
}

function decode(d: SimDeviceConfig, topic: string, payload: string): DeviceEvent[] {
  const adapter = registry.get(d.protocol as DeviceProtocol);
  if (!adapter) throw new Error(`no adapter for ${d.protocol}`);
  const result = adapter.decode(asAddress(d), topic, payload);
  if (!result.ok) throw new Error(`${topic} ${payload}: ${result.error}`);
  return result.events;
}

function json(payload: string): Record<string, unknown> {
  return JSON.parse(payload) as Record<string, unknown>;
}

describe('Simulator against a real broker', () => {
  let broker: TestBroker;
  let dir: string;
  let file: string;
  let sim: Simulator;
  let observer: Recorder;
  let server: Recorder;

  const send = async (outbound: Outbound[]): Promise<void> => {
    for (const o of outbound) await server.publish(o.topic, o.payload, o.qos);
  };

  beforeAll(async () => {
    const users = new Map<string, string>([
      [CONTROL.username, CONTROL.password],
      ['observer', 'x'],
      [SERVER_USER, 'x'],
      ...DEVICES.map((d) => [d.username as string, d.password as string] as [string, string]),
    ]);
    broker = await startTestBroker({
      users,
      mayPublish: (username, topic) => {
        if (username === SERVER_USER || username === 'observer') return true;
        if (username === CONTROL.username) return topic.startsWith(`${CONTROL.topic}/`);
        const d = DEVICES.find((x) => x.username === username);
        return d !== undefined && publishFilters(d).some((f) => topicMatchesFilter(f, topic));
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'werkbank-sim-'));
    file = join(dir, 'demo-devices.json');
    writeFileSync(
      file,
      JSON.stringify({ brokerUrl: broker.url, control: CONTROL, devices: DEVICES }, null, 2),
    );
    sim = Simulator.fromFile(file, { logger: silentLogger, telePeriodMs: 250, reconnectPeriodMs: 200 });
    await sim.start({ timeoutMs: 5000 });
    observer = await Recorder.connect(broker.url, ['#']);
    server = await Recorder.connect(broker.url, [], SERVER_USER);
  });

  afterAll(async () => {
    await sim?.stop();
    await observer?.close();
    await server?.close();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the devices file the server writes', () => {
    const { config, skipped } = loadDevicesFile(file);
    expect(skipped).toEqual([]);
    expect(config.devices).toHaveLength(DEVICES.length);
    expect(config.control).toEqual(CONTROL);
  });

  it('connects every device with its own credentials and the control user', () => {
    const users = broker.connectedUsers();
    for (const d of DEVICES) expect(users).toContain(d.username);
    expect(users).toContain(CONTROL.username);
    expect(sim.list().every((d) => d.online)).toBe(true);
  });

  it('announces availability retained, in each protocol', async () => {
    const late = await Recorder.connect(broker.url, ['#']);
    const retained = async (topic: string): Promise<string> =>
      (await late.next((m) => m.topic === topic && m.retain)).payload;
    try {
      expect(await retained('tele/wb-reader-1/LWT')).toBe('Online');
      expect(await retained('tele/wb-relay-2/LWT')).toBe('Online');
      expect(await retained('shellies/shelly1pm-ab12/online')).toBe('true');
      expect(await retained('shellyplus1pm-a8032ab12345/online')).toBe('true');
      expect(await retained('werkbank/v1/bridge-holz-1/status')).toBe('online');
      expect(await retained('esp-reader-1/status')).toBe('online');
      expect(await retained('werkbank-sim/status')).toBe('online');
      const state = json(await retained('werkbank/v1/bridge-holz-1/state'));
      expect(state).toMatchObject({ on: false, watts: 0.5 });
      for (const [address, protocol, topic] of [
        ['wb-reader-1', DeviceProtocol.TasmotaReader, 'tele/wb-reader-1/LWT'],
        ['shelly1pm-ab12', DeviceProtocol.ShellyGen1, 'shellies/shelly1pm-ab12/online'],
        ['shellyplus1pm-a8032ab12345', DeviceProtocol.ShellyGen2, 'shellyplus1pm-a8032ab12345/online'],
        ['bridge-holz-1', DeviceProtocol.Werkbank, 'werkbank/v1/bridge-holz-1/status'],
        ['esp-reader-1', DeviceProtocol.EsphomeReader, 'esp-reader-1/status'],
      ] as const) {
        const payload = await retained(topic);
        expect(decode(byAddress(address, protocol), topic, payload)).toEqual([
          { kind: 'availability', online: true },
        ]);
      }
    } finally {
      await late.close();
    }
  });

  describe('Tasmota reader', () => {
    it('publishes an RDM6300 read like the firmware, and the server codec decodes it', async () => {
      const sensor = observer.nextOn('tele/wb-reader-1/SENSOR');
      const result = await sim.tap('wb-reader-1', '008ec793');
      const message = await sensor;
      const body = json(message.payload);
      expect(Object.keys(body)).toEqual(['Time', 'RDM6300']);
      expect(body['Time']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/); // local time, no zone
      expect(body['RDM6300']).toEqual({ UID: '008EC793' });
      expect(message.retain).toBe(false);
      expect(result).toMatchObject({
        address: 'wb-reader-1',
        uid: '008EC793',
        topic: 'tele/wb-reader-1/SENSOR',
      });
      expect(decode(byAddress('wb-reader-1'), message.topic, message.payload)).toEqual([
        {
          kind: 'card',
          uid: '008EC793',
          technology: CardTechnology.Em4100,
          msgId: null,
          at: null,
          localAt: body['Time'],
        },
      ]);
    });

    it('speaks PN532 and RC522 when options.reader says so', async () => {
      const pn = observer.nextOn('tele/wb-reader-2/SENSOR');
      await sim.tap('wb-reader-2', '04:A1:B2:C3:D4:E5:F6');
      const pnMessage = await pn;
      expect(json(pnMessage.payload)['PN532']).toEqual({ UID: '04A1B2C3D4E5F6', Data: '' });
      expect(decode(byAddress('wb-reader-2'), pnMessage.topic, pnMessage.payload)).toMatchObject([
        { kind: 'card', uid: '04A1B2C3D4E5F6' },
      ]);

      const rc = observer.nextOn('tele/wb-reader-3/SENSOR');
      await sim.tap('wb-reader-3', 'BA839D07');
      const rcMessage = await rc;
      expect(json(rcMessage.payload)['RC522']).toEqual({ UID: 'BA839D07', Data: '', Type: 'MIFARE 1KB' });
      expect(decode(byAddress('wb-reader-3'), rcMessage.topic, rcMessage.payload)).toMatchObject([
        { kind: 'card', uid: 'BA839D07', technology: CardTechnology.MifareClassic },
      ]);
    });

    it('refuses cards the reader hardware cannot read, and bad UIDs', async () => {
      await expect(sim.tap('wb-reader-1', '04A1B2C3D4E5F6')).rejects.toThrow(/RDM6300.*cannot read a 7-byte/);
      await expect(sim.tap('wb-reader-2', '14008EC793')).rejects.toThrow(/cannot read a 5-byte EM4100/);
      await expect(sim.tap('wb-reader-1', 'XYZ')).rejects.toThrow(/UID is not hex/);
      await expect(sim.tap('wb-relay-2', '008EC793')).rejects.toThrow(/is not a reader/);
      await expect(sim.tap('nope', '008EC793')).rejects.toThrow(/no simulated device .*"nope"/);
    });

    it('keeps the feedback the server sends (encoded by the server adapter)', async () => {
      const adapter = registry.get(DeviceProtocol.TasmotaReader)!;
      const reader = asAddress(byAddress('wb-reader-1'));
      expect(sim.lastFeedback('wb-reader-1')).toBeNull();

      const allowed = sim.nextFeedback('wb-reader-1');
      await send(adapter.encodeFeedback(reader, { result: 'allowed', reason: null, text: 'Hallo' }));
      expect(await allowed).toMatchObject({ command: 'Buzzer', payload: '1', result: 'allowed' });

      const denied = sim.nextFeedback('r1'); // by deviceId
      await send(
        adapter.encodeFeedback(reader, { result: 'denied', reason: DenyReason.NotTrained, text: 'x' }),
      );
      expect(await denied).toMatchObject({
        topic: 'cmnd/wb-reader-1/Buzzer',
        payload: '3',
        result: 'denied',
      });
      expect(sim.lastFeedback('wb-reader-1')).toMatchObject({ result: 'denied' });

      // Configured feedback command (an LED on Power2), read with the device's own options.
      const led = asAddress(byAddress('wb-reader-3'));
      const ledFeedback = sim.nextFeedback('wb-reader-3');
      await send(adapter.encodeFeedback(led, { result: 'allowed', reason: null, text: '' }));
      expect(await ledFeedback).toMatchObject({ command: 'Power2', payload: 'ON', result: 'allowed' });
    });
  });

  describe('Tasmota relay', () => {
    const relay = () => asAddress(byAddress('wb-relay-2'));
    const adapter = () => registry.get(DeviceProtocol.TasmotaRelay)!;

    it('switches on POWER ON and answers RESULT, POWER and the meter reading', async () => {
      const result = observer.nextOn('stat/wb-relay-2/RESULT');
      const power = observer.nextOn('stat/wb-relay-2/POWER');
      const sensor = observer.nextOn('tele/wb-relay-2/SENSOR', 3000, (p) => p.includes('"Power":800'));
      await send(adapter().encodeActuator(relay(), true));
      const r = await result;
      expect(json(r.payload)).toEqual({ POWER: 'ON' });
      expect((await power).payload).toBe('ON');
      const s = await sensor;
      expect(decode(byAddress('wb-relay-2'), r.topic, r.payload)).toEqual([{ kind: 'relay', on: true }]);
      expect(decode(byAddress('wb-relay-2'), s.topic, s.payload)).toEqual([{ kind: 'power', watts: 800 }]);
      expect(sim.relayState('wb-relay-2')).toMatchObject({ on: true, watts: 800, printing: false });
    });

    it('answers a state query (empty POWER) and reports STATE and SENSOR every TelePeriod', async () => {
      const result = observer.nextOn('stat/wb-relay-2/RESULT');
      await send(adapter().encodeStateQuery(relay()));
      expect(json((await result).payload)).toEqual({ POWER: 'ON' });

      const state = await observer.nextOn('tele/wb-relay-2/STATE', 2000);
      expect(json(state.payload)).toMatchObject({ POWER: 'ON', Wifi: expect.any(Object) });
      expect(decode(byAddress('wb-relay-2'), state.topic, state.payload)).toEqual([
        { kind: 'relay', on: true },
      ]);
      const sensor = await observer.nextOn('tele/wb-relay-2/SENSOR', 2000);
      expect(json(sensor.payload)['ENERGY']).toMatchObject({ Power: 800, Voltage: 230 });
    });

    it('raises the draw while a print is simulated, and drops to standby when off', async () => {
      const printing = observer.nextOn('tele/wb-relay-2/SENSOR', 3000, (p) => p.includes('"Power":1600'));
      expect(sim.setPrinting('wb-relay-2', true)).toEqual(['wb-relay-2']);
      await printing;
      expect(sim.relayState('wb-relay-2')).toMatchObject({ on: true, printing: true, watts: 1600 });

      const off = observer.nextOn('stat/wb-relay-2/POWER', 3000, (p) => p === 'OFF');
      await send(adapter().encodeActuator(relay(), false));
      await off;
      expect(sim.relayState('wb-relay-2')).toMatchObject({ on: false, printing: false, watts: 0.5 });
      expect(() => sim.setPrinting('wb-relay-2', true)).toThrow(/is off: switch it on/);
    });

    it('honours PulseTime as a device-side auto-off', async () => {
      await server.publish('cmnd/wb-relay-2/PulseTime', '3'); // 0.3 s
      const on = observer.nextOn('stat/wb-relay-2/POWER', 3000, (p) => p === 'ON');
      const off = observer.nextOn('stat/wb-relay-2/POWER', 3000, (p) => p === 'OFF');
      await send(adapter().encodeActuator(relay(), true));
      await on;
      await off;
      expect(sim.relayState('wb-relay-2')).toMatchObject({ on: false });
      await server.publish('cmnd/wb-relay-2/PulseTime', '0');
    });

    it('shares a topic with a reader on the same board without mixing up commands', async () => {
      const relayAddress = asAddress(byAddress('wb-combo', DeviceProtocol.TasmotaRelay));
      const readerAddress = asAddress(byAddress('wb-combo', DeviceProtocol.TasmotaReader));
      const on = observer.nextOn('stat/wb-combo/POWER');
      await send(adapter().encodeActuator(relayAddress, true));
      expect((await on).payload).toBe('ON');
      const feedback = sim.nextFeedback('wb-combo');
      await send(
        registry
          .get(DeviceProtocol.TasmotaReader)!
          .encodeFeedback(readerAddress, { result: 'allowed', reason: null, text: '' }),
      );
      expect(await feedback).toMatchObject({ command: 'Buzzer', result: 'allowed' });
      expect(sim.lastFeedback('wb-combo')?.command).toBe('Buzzer'); // POWER was not taken as feedback
      expect(sim.relayState('wb-combo')).toMatchObject({ on: true, watts: 45 });

      const sensor = observer.nextOn('tele/wb-combo/SENSOR');
      await sim.tap('wb-combo', '008EC793');
      const message = await sensor;
      // The server routes the board's SENSOR to both registrations; each decodes its part.
      const router = new DeviceRouter(registry);
      router.add(readerAddress);
      router.add(relayAddress);
      const routed = router.route(message.topic);
      expect(routed.map((r) => r.device.protocol).sort()).toEqual([
        DeviceProtocol.TasmotaReader,
        DeviceProtocol.TasmotaRelay,
      ]);
      expect(
        decode(byAddress('wb-combo', DeviceProtocol.TasmotaReader), message.topic, message.payload),
      ).toMatchObject([{ kind: 'card', uid: '008EC793' }]);
    });
  });

  describe('Shelly Gen1', () => {
    const shelly = () => asAddress(byAddress('shelly1pm-ab12'));
    const adapter = () => registry.get(DeviceProtocol.ShellyGen1)!;

    it('switches on relay/0/command and reports relay/0 and relay/0/power', async () => {
      const state = observer.nextOn('shellies/shelly1pm-ab12/relay/0', 3000, (p) => p === 'on');
      const power = observer.nextOn('shellies/shelly1pm-ab12/relay/0/power', 3000, (p) => p === '120.00');
      await send(adapter().encodeActuator(shelly(), true));
      const s = await state;
      const p = await power;
      expect(decode(byAddress('shelly1pm-ab12'), s.topic, s.payload)).toEqual([{ kind: 'relay', on: true }]);
      expect(decode(byAddress('shelly1pm-ab12'), p.topic, p.payload)).toEqual([
        { kind: 'power', watts: 120 },
      ]);
      expect(sim.relayState('shelly1pm-ab12')).toMatchObject({ on: true, watts: 120 });
    });

    it('republishes its status on `update`', async () => {
      const state = observer.nextOn('shellies/shelly1pm-ab12/relay/0');
      await send(adapter().encodeStateQuery(shelly()));
      expect((await state).payload).toBe('on');
    });
  });

  describe('Shelly Gen2', () => {
    const prefix = 'shellyplus1pm-a8032ab12345';
    const shelly = () => asAddress(byAddress(prefix));
    const adapter = () => registry.get(DeviceProtocol.ShellyGen2)!;
    const replyTopic = `werkbank-server/${prefix}/rpc`;

    it('answers Switch.Set on the requester src with the request id, then notifies the change', async () => {
      const reply = observer.nextOn(replyTopic);
      const output = observer.nextOn(`${prefix}/events/rpc`, 3000, (p) => p.includes('"output":true'));
      const apower = observer.nextOn(`${prefix}/events/rpc`, 3000, (p) => p.includes('"apower":60'));
      await send(adapter().encodeActuator(shelly(), true));
      const r = await reply;
      expect(json(r.payload)).toEqual({
        id: 1,
        src: prefix,
        dst: `werkbank-server/${prefix}`,
        result: { was_on: false },
      });
      expect(decode(byAddress(prefix), r.topic, r.payload)).toEqual([{ kind: 'relay', on: true }]);
      const o = await output;
      expect(json(o.payload)).toMatchObject({
        method: 'NotifyStatus',
        params: { 'switch:0': { output: true } },
      });
      expect(decode(byAddress(prefix), o.topic, o.payload)).toEqual([{ kind: 'relay', on: true }]);
      const a = await apower;
      expect(decode(byAddress(prefix), a.topic, a.payload)).toEqual([{ kind: 'power', watts: 60 }]);
    });

    it('answers Switch.GetStatus with the full switch status', async () => {
      const reply = observer.nextOn(replyTopic);
      await send(adapter().encodeStateQuery(shelly()));
      const r = await reply;
      expect(json(r.payload)).toMatchObject({ id: 3, result: { id: 0, output: true, apower: 60 } });
      expect(decode(byAddress(prefix), r.topic, r.payload)).toEqual([
        { kind: 'relay', on: true },
        { kind: 'power', watts: 60 },
      ]);
    });

    it('replies with an error like the device does, which the server decodes as command-failed', async () => {
      const reply = observer.nextOn(replyTopic);
      await server.publish(
        `${prefix}/rpc`,
        JSON.stringify({ id: 9, src: `werkbank-server/${prefix}`, method: 'Foo.Bar' }),
      );
      const r = await reply;
      expect(json(r.payload)).toMatchObject({
        id: 9,
        error: { code: 404, message: 'No handler for Foo.Bar' },
      });
      expect(decode(byAddress(prefix), r.topic, r.payload)).toEqual([
        { kind: 'command-failed', code: '404', message: 'No handler for Foo.Bar' },
      ]);
      const off = observer.nextOn(replyTopic);
      await send(adapter().encodeActuator(shelly(), false));
      expect(json((await off).payload)).toMatchObject({ id: 2, result: { was_on: true } });
      expect(sim.relayState(prefix)).toMatchObject({ on: false, watts: 0.5 });
    });
  });

  describe('own protocol (werkbank)', () => {
    const bridge = () => asAddress(byAddress('bridge-holz-1'));
    const adapter = () => registry.get(DeviceProtocol.Werkbank)!;

    it('publishes evt/card with a msgId and a zoned timestamp', async () => {
      const card = observer.nextOn('werkbank/v1/bridge-holz-1/evt/card');
      await sim.tap('bridge-holz-1', '008EC793');
      const message = await card;
      const [event] = decode(byAddress('bridge-holz-1'), message.topic, message.payload);
      expect(event).toMatchObject({ kind: 'card', uid: '008EC793', technology: CardTechnology.Em4100 });
      expect(event).toHaveProperty('msgId', expect.stringMatching(/^[0-9a-f-]{36}$/));
      expect(event).toHaveProperty('at', expect.stringMatching(/Z$/));
    });

    it('switches on cmd/actuator, publishes the retained state, and drops stale commands', async () => {
      const state = observer.nextOn('werkbank/v1/bridge-holz-1/state', 3000, (p) => p.includes('"on":true'));
      await send(
        adapter().encodeActuator(bridge(), true, { sessionId: 's-1', issuedAt: new Date().toISOString() }),
      );
      const s = await state;
      expect(s.retain).toBe(false); // delivered live to a subscriber; the broker keeps it retained
      expect(decode(byAddress('bridge-holz-1'), s.topic, s.payload)).toEqual([
        { kind: 'relay', on: true },
        { kind: 'power', watts: 1500 },
      ]);

      const republished = observer.nextOn('werkbank/v1/bridge-holz-1/state');
      const stale = new Date(Date.now() - 60_000).toISOString();
      await send(adapter().encodeActuator(bridge(), false, { sessionId: 's-1', issuedAt: stale }));
      expect(json((await republished).payload)).toMatchObject({ on: true }); // still on: the command was too old
      expect(sim.relayState('bridge-holz-1')).toMatchObject({ on: true });

      const queried = observer.nextOn('werkbank/v1/bridge-holz-1/state');
      await send(adapter().encodeStateQuery(bridge()));
      await queried;
      await send(adapter().encodeActuator(bridge(), false, { issuedAt: new Date().toISOString() }));
      await sim.waitForRelay('bridge-holz-1', false);
    });

    it('decodes cmd/feedback', async () => {
      const feedback = sim.nextFeedback('bridge-holz-1');
      await send(
        adapter().encodeFeedback(bridge(), {
          result: 'denied',
          reason: DenyReason.NotTrained,
          text: 'Keine Einweisung',
        }),
      );
      expect(await feedback).toMatchObject({
        result: 'denied',
        reason: 'NOT_TRAINED',
        text: 'Keine Einweisung',
      });
    });
  });

  describe('ESPHome reader', () => {
    it('publishes the tag on its card topic and keeps JSON feedback', async () => {
      const tag = observer.nextOn('esp-reader-1/tag');
      await sim.tap('esp-reader-1', '74103794');
      const message = await tag;
      expect(message.payload).toBe('74-10-37-94');
      expect(decode(byAddress('esp-reader-1'), message.topic, message.payload)).toMatchObject([
        { kind: 'card', uid: '74103794' },
      ]);
      const feedback = sim.nextFeedback('esp-reader-1');
      await send(
        registry.get(DeviceProtocol.EsphomeReader)!.encodeFeedback(asAddress(byAddress('esp-reader-1')), {
          result: 'allowed',
          reason: null,
          text: 'Hallo Alex',
        }),
      );
      expect(await feedback).toMatchObject({ result: 'allowed', text: 'Hallo Alex' });
    });
  });

  describe('Bambu printer', () => {
    it('runs a print job PREPARE → RUNNING → FINISH and raises its relay draw meanwhile', async () => {
      const merger = new BambuStateMerger();
      const reports = observer.messages.length;
      // Power the printer's relay first, as the server would after a tap.
      await send(
        registry.get(DeviceProtocol.ShellyGen1)!.encodeActuator(asAddress(byAddress('shelly1pm-ab12')), true),
      );
      await sim.waitForRelay('shelly1pm-ab12', true);
      const finished = observer.nextOn('device/01P00A123456789/report', 5000, (p) => p.includes('"FINISH"'));
      const printing = observer.nextOn('shellies/shelly1pm-ab12/relay/0/power', 3000, (p) => p === '240.00');
      expect(sim.setPrinting('01P00A123456789', true)).toEqual(['01P00A123456789']);
      await printing;
      await finished;
      expect(sim.printerState('01P00A123456789')).toMatchObject({ gcodeState: 'FINISH', percent: 100 });
      const states = observer.messages
        .slice(reports)
        .filter((m) => m.topic === 'device/01P00A123456789/report')
        .map((m) => merger.decode(m.payload))
        .flatMap((r) => (r.ok ? r.events : []))
        .map((e) => (e.kind === 'printer' ? e.state : e.kind));
      expect(states).toEqual(expect.arrayContaining(['preparing', 'printing', 'finished']));
      expect(sim.relayState('shelly1pm-ab12')).toMatchObject({ printing: false, watts: 120 });
    });

    it('answers pushall with a full report and stop with FAILED', async () => {
      const full = observer.nextOn('device/01P00A123456789/report', 3000, (p) => p.includes('"msg":0'));
      await server.publish(
        'device/01P00A123456789/request',
        JSON.stringify({ pushing: { sequence_id: '0', command: 'pushall', version: 1, push_target: 1 } }),
      );
      const merger = new BambuStateMerger();
      expect(merger.decode((await full).payload)).toMatchObject({
        ok: true,
        events: [{ kind: 'printer', state: 'finished' }],
      });

      sim.setPrinting('shelly1pm-ab12', true); // via the relay: the linked printer starts too
      expect(sim.printerState('01P00A123456789')?.gcodeState).toBe('PREPARE');
      const failed = sim.waitFor((e) => e.type === 'printer' && e.gcodeState === 'FAILED');
      await server.publish(
        'device/01P00A123456789/request',
        JSON.stringify({ print: { sequence_id: '7', command: 'stop', param: '' } }),
      );
      await failed;
      expect(sim.relayState('shelly1pm-ab12')).toMatchObject({ printing: false });
    });
  });

  describe('OctoPrint printer', () => {
    it('reports a job through the MQTT plugin: PrintStarted, progress, PrintDone; a power cut fails it', async () => {
      const adapter = registry.get(DeviceProtocol.OctoprintMqtt)!;
      const printer = asAddress(byAddress('werkstatt/octoprint'));
      const relayAdapter = registry.get(DeviceProtocol.ShellyGen2)!;
      const relay = asAddress(byAddress('shellyplus1pm-a8032ab12345'));
      const states = (from: number) =>
        observer.messages
          .slice(from)
          .filter((m) => m.topic.startsWith('werkstatt/octoprint/'))
          .map((m) => adapter.decode(printer, m.topic, m.payload))
          .flatMap((r) => (r.ok ? r.events : []))
          .map((e) => (e.kind === 'printer' ? e.state : e.kind));
      await send(relayAdapter.encodeActuator(relay, true));
      await sim.waitForRelay('shellyplus1pm-a8032ab12345', true);
      const from = observer.messages.length;
      const done = observer.nextOn('werkstatt/octoprint/event/PrintDone', 5000);
      expect(sim.setPrinting('werkstatt/octoprint', true)).toEqual(['werkstatt/octoprint']);
      await done;
      expect(sim.printerState('werkstatt/octoprint')).toMatchObject({ gcodeState: 'FINISH', percent: 100 });
      expect(states(from)).toEqual(expect.arrayContaining(['printing', 'finished']));

      // Switching the relay off mid-print fails the job, as OctoPrint loses its printer.
      sim.setPrinting('werkstatt/octoprint', true);
      const failed = observer.nextOn('werkstatt/octoprint/event/PrintFailed', 3000);
      const again = observer.messages.length;
      await send(relayAdapter.encodeActuator(relay, false));
      await failed;
      expect(states(again)).toContain('failed');
    });
  });

  describe('control topics', () => {
    it('taps on <topic>/tap and answers on <topic>/events with the request id', async () => {
      const sensor = observer.nextOn('tele/wb-reader-1/SENSOR');
      const result = observer.nextOn('werkbank-sim/events', 3000, (p) => p.includes('"requestId":"req-1"'));
      await observer.publish(
        'werkbank-sim/tap',
        JSON.stringify({ address: 'wb-reader-1', uid: '008EC793', requestId: 'req-1' }),
      );
      expect(json((await sensor).payload)['RDM6300']).toEqual({ UID: '008EC793' });
      expect(json((await result).payload)).toMatchObject({
        type: 'tap-result',
        ok: true,
        address: 'wb-reader-1',
        uid: '008EC793',
      });
    });

    it('finds the reader by deviceId, and reports failures', async () => {
      const sensor = observer.nextOn('tele/wb-reader-2/SENSOR');
      await observer.publish('werkbank-sim/tap', JSON.stringify({ deviceId: 'r2', uid: '94D8FC5F' }));
      expect(json((await sensor).payload)['PN532']).toMatchObject({ UID: '94D8FC5F' });

      const failure = observer.nextOn('werkbank-sim/events', 3000, (p) => p.includes('"requestId":"bad"'));
      await observer.publish(
        'werkbank-sim/tap',
        JSON.stringify({ address: 'nope', uid: '008EC793', requestId: 'bad' }),
      );
      expect(json((await failure).payload)).toMatchObject({
        ok: false,
        error: expect.stringContaining('nope'),
      });
    });

    it('forwards what the devices see (feedback) on <topic>/events', async () => {
      const event = observer.nextOn('werkbank-sim/events', 3000, (p) => p.includes('"type":"feedback"'));
      await send(
        registry
          .get(DeviceProtocol.TasmotaReader)!
          .encodeFeedback(asAddress(byAddress('wb-reader-1')), { result: 'allowed', reason: null, text: '' }),
      );
      expect(json((await event).payload)).toMatchObject({
        address: 'wb-reader-1',
        result: 'allowed',
        command: 'Buzzer',
      });
    });

    it('simulates a print on <topic>/print', async () => {
      await send(
        registry.get(DeviceProtocol.TasmotaRelay)!.encodeActuator(asAddress(byAddress('wb-relay-2')), true),
      );
      await sim.waitForRelay('wb-relay-2', true);
      const result = observer.nextOn('werkbank-sim/events', 3000, (p) => p.includes('"type":"print-result"'));
      await observer.publish('werkbank-sim/print', JSON.stringify({ address: 'wb-relay-2', printing: true }));
      expect(json((await result).payload)).toMatchObject({ ok: true, devices: ['wb-relay-2'] });
      expect(sim.relayState('wb-relay-2')).toMatchObject({ printing: true, watts: 1600 });
      sim.setPrinting('wb-relay-2', false);
    });
  });

  describe('availability', () => {
    it('lets the broker publish the last will on a power loss, and comes back Online', async () => {
      const offline = observer.nextOn('tele/wb-reader-1/LWT', 5000, (p) => p === 'Offline');
      await sim.setOnline('wb-reader-1', false, 'crash');
      await offline;
      await expect(sim.tap('wb-reader-1', '008EC793')).rejects.toThrow(/offline/);
      const online = observer.nextOn('tele/wb-reader-1/LWT', 5000, (p) => p === 'Online');
      await sim.setOnline('wb-reader-1', true);
      await online;
    });

    it('goes offline over the control topic (power loss of a Shelly)', async () => {
      const offline = observer.nextOn('shellyplus1pm-a8032ab12345/online', 5000, (p) => p === 'false');
      await observer.publish(
        'werkbank-sim/online',
        JSON.stringify({ address: 'shellyplus1pm-a8032ab12345', online: false, mode: 'crash' }),
      );
      await offline;
      const online = observer.nextOn('shellyplus1pm-a8032ab12345/online', 5000, (p) => p === 'true');
      await observer.publish(
        'werkbank-sim/online',
        JSON.stringify({ address: 'shellyplus1pm-a8032ab12345', online: true }),
      );
      await online;
    });
  });

  it('published only on topics the server subscribes for each device, all decodable by its codecs', () => {
    expect(broker.violations).toEqual([]);
    const router = new DeviceRouter(registry);
    for (const d of DEVICES) if (d.protocol !== BAMBU_PROTOCOL) expect(router.add(asAddress(d))).toEqual([]);
    const fromDevices = broker.publications.filter((p) => DEVICES.some((d) => d.username === p.username));
    expect(fromDevices.length).toBeGreaterThan(50);
    const unrouted = new Set<string>();
    for (const p of fromDevices) {
      if (p.topic.startsWith('device/')) continue; // Bambu: checked with BambuStateMerger above
      const own = router
        .route(p.topic)
        .find((r) => DEVICES.find((d) => d.deviceId === r.device.deviceId)?.username === p.username);
      if (own === undefined) {
        unrouted.add(p.topic);
        continue;
      }
      const result = own.adapter.decode(own.device, p.topic, p.payload);
      expect({ topic: p.topic, payload: p.payload, ok: result.ok }).toEqual({
        topic: p.topic,
        payload: p.payload,
        ok: true,
      });
    }
    // Allowed by the ACL (shellies/<id>/) but not read by the server: the Gen1 energy counter.
    expect([...unrouted]).toEqual(['shellies/shelly1pm-ab12/relay/0/energy']);
  });
});

describe('Simulator.start', () => {
  it('gives up with a clear message when the broker is not reachable', async () => {
    const sim = new Simulator(
      {
        brokerUrl: 'mqtt://127.0.0.1:1',
        control: null,
        werkbankPrefix: 'werkbank',
        devices: [device('r1', DeviceProtocol.TasmotaReader, 'wb-reader-1', DeviceRole.MachineReader)],
      },
      { logger: silentLogger, reconnectPeriodMs: 100 },
    );
    await expect(sim.start({ timeoutMs: 500 })).rejects.toThrow(
      /not connected to mqtt:\/\/127\.0\.0\.1:1 within 500 ms: wb-reader-1/,
    );
  });

  it('publishes retained offline messages on a graceful stop (SIGTERM)', async () => {
    const broker = await startTestBroker();
    const sim = new Simulator(
      {
        brokerUrl: broker.url,
        control: { username: null, password: null, topic: 'sim' },
        werkbankPrefix: 'werkbank',
        devices: [
          device('r1', DeviceProtocol.TasmotaReader, 'wb-reader-1', DeviceRole.MachineReader),
          device('s1', DeviceProtocol.ShellyGen1, 'shelly1pm-ab12', DeviceRole.Actuator),
          device('w1', DeviceProtocol.Werkbank, 'bridge-1', DeviceRole.MachineReader),
        ],
      },
      { logger: silentLogger },
    );
    try {
      await sim.start({ timeoutMs: 3000 });
      await sim.stop();
      const late = await Recorder.connect(broker.url, ['#']);
      const retained = async (topic: string) =>
        (await late.next((m) => m.topic === topic && m.retain)).payload;
      expect(await retained('tele/wb-reader-1/LWT')).toBe('Offline');
      expect(await retained('shellies/shelly1pm-ab12/online')).toBe('false');
      expect(await retained('werkbank/v1/bridge-1/status')).toBe('offline');
      expect(await retained('sim/status')).toBe('offline');
      await late.close();
    } finally {
      await sim.stop();
      await broker.close();
    }
  });

  it('reloads a changed devices file: new devices connect, removed ones go offline', async () => {
    const broker = await startTestBroker();
    const base = {
      brokerUrl: broker.url,
      control: null,
      werkbankPrefix: 'werkbank',
      devices: [device('r1', DeviceProtocol.TasmotaReader, 'wb-reader-1', DeviceRole.MachineReader)],
    };
    const sim = new Simulator(base, { logger: silentLogger });
    const observer = await Recorder.connect(broker.url, ['#']);
    try {
      await sim.start({ timeoutMs: 3000 });
      const added = sim.waitFor((e) => e.type === 'online' && e.address === 'wb-relay-9');
      const gone = observer.nextOn('tele/wb-reader-1/LWT', 3000, (p) => p === 'Offline');
      const summary = await sim.reload({
        ...base,
        devices: [device('t9', DeviceProtocol.TasmotaRelay, 'wb-relay-9', DeviceRole.Actuator)],
      });
      expect(summary).toEqual({ added: ['t9'], removed: ['r1'], changed: [] });
      await added;
      await gone;
      expect(sim.list().map((d) => d.address)).toEqual(['wb-relay-9']);
    } finally {
      await observer.close();
      await sim.stop();
      await broker.close();
    }
  });
});
