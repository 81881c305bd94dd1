import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import { createAdapterRegistry } from '@werkbank/device-protocol';
import type { SimDeviceConfig } from './devices-file';
import { silentLogger } from './logger';
import { Simulator } from './simulator';
import { Recorder, startTestBroker, type TestBroker } from './testing/test-broker';

/** scripts/tap.js as the lead's `npm run tap` runs it: a separate plain-Node process. */

const SCRIPT = resolve(__dirname, '../../../scripts/tap.js');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runTap(args: string[], cwd: string): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [SCRIPT, ...args], { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      done({ code, stdout, stderr });
    });
  });
}

const reader: SimDeviceConfig = {
  deviceId: '6f1d2c1e-0000-4000-8000-000000000001',
  name: 'Prusa MK4 – reader',
  protocol: DeviceProtocol.TasmotaReader,
  address: 'wb-reader-1',
  username: 'wb-reader-1',
  password: 'r-secret',
  role: DeviceRole.MachineReader,
  options: {},
};
const entrance: SimDeviceConfig = {
  ...reader,
  deviceId: '6f1d2c1e-0000-4000-8000-000000000003',
  name: 'Entrance – reader',
  address: 'wb-door',
  username: 'wb-door',
  role: DeviceRole.EntranceReader,
};
const relay: SimDeviceConfig = {
  deviceId: '6f1d2c1e-0000-4000-8000-000000000002',
  name: 'Prusa MK4 – relay',
  protocol: DeviceProtocol.ShellyGen1,
  address: 'shelly1pm-ab12',
  username: 'shelly1pm-ab12',
  password: 's-secret',
  role: DeviceRole.Actuator,
  options: { loadWatts: '120' },
};

const printer: SimDeviceConfig = {
  deviceId: '6f1d2c1e-0000-4000-8000-000000000004',
  name: 'Prusa MK4 – OctoPrint',
  protocol: DeviceProtocol.OctoprintMqtt,
  address: 'werkstatt/octoprint',
  username: 'octoprint-prusa',
  password: 'o-secret',
  role: DeviceRole.Printer,
  options: { relay: 'shelly1pm-ab12', printSeconds: '60' },
};

describe('scripts/tap.js', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'werkbank-tap-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const writeFile = (name: string, brokerUrl: string): string => {
    const file = join(dir, name);
    writeFileSync(
      file,
      JSON.stringify({
        brokerUrl,
        control: { username: 'simulator', password: 'c-secret', topic: 'werkbank-sim' },
        devices: [reader, entrance, relay, printer],
      }),
    );
    return file;
  };

  it('explains a missing devices file', async () => {
    const run = await runTap(['008EC793'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/demo-devices\.json not found/);
    expect(run.stderr).toMatch(/demo mode/);
  });

  it('refuses a malformed UID and an unknown reader', async () => {
    const file = writeFile('bad-args.json', 'mqtt://127.0.0.1:1');
    const uid = await runTap(['xyz', '--devices', file], dir);
    expect(uid.code).toBe(1);
    expect(uid.stderr).toMatch(/not a hex card UID/);
    const unknown = await runTap(['008EC793', 'laser', '--devices', file], dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no reader matches "laser"[\s\S]*wb-reader-1/);
  });

  it('explains an unreachable broker', async () => {
    const file = writeFile('down.json', 'mqtt://127.0.0.1:1');
    const run = await runTap(['008EC793', '--devices', file], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach the MQTT broker at mqtt:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/);
  });

  describe('with a broker and a simulator', () => {
    let broker: TestBroker;
    let sim: Simulator;
    let fakeServer: Recorder;
    let file: string;

    beforeAll(async () => {
      broker = await startTestBroker();
      file = writeFile('demo-devices.json', broker.url);
      sim = Simulator.fromFile(file, { logger: silentLogger });
      await sim.start({ timeoutMs: 5000 });
      // A stand-in for the server: every card at wb-reader-1 is allowed and switches the relay on.
      const registry = createAdapterRegistry();
      fakeServer = await Recorder.connect(broker.url, ['tele/+/SENSOR']);
      fakeServer.client.on('message', (topic) => {
        if (topic !== 'tele/wb-reader-1/SENSOR') return;
        const outbound = [
          ...registry
            .get(DeviceProtocol.ShellyGen1)!
            .encodeActuator({ ...relay, protocol: DeviceProtocol.ShellyGen1 }, true),
          ...registry
            .get(DeviceProtocol.TasmotaReader)!
            .encodeFeedback(
              { ...reader, protocol: DeviceProtocol.TasmotaReader },
              { result: 'allowed', reason: null, text: '' },
            ),
        ];
        for (const o of outbound) fakeServer.client.publish(o.topic, o.payload, { qos: o.qos });
      });
    });

    afterAll(async () => {
      await fakeServer?.close();
      await sim?.stop();
      await broker?.close();
    });

    it('taps, and prints the feedback and the relay that switched', async () => {
      const run = await runTap(['008ec793', 'Prusa', '--devices', file], dir);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('tapped 008EC793 at wb-reader-1 ("Prusa MK4 – reader", tasmota_reader)');
      expect(run.stdout).toMatch(
        /tele\/wb-reader-1\/SENSOR \{"Time":"[^"]+","RDM6300":\{"UID":"008EC793"\}\}/,
      );
      expect(run.stdout).toContain('feedback: allowed (Buzzer 1)');
      expect(run.stdout).toContain('relay shelly1pm-ab12 ("Prusa MK4 – relay") switched on, 120 W');
      expect(sim.relayState('shelly1pm-ab12')).toMatchObject({ on: true });
    });

    it('starts and finishes a simulated print with --print on|off (its relay is on from the tap above)', async () => {
      const on = await runTap(['--print', 'on', '--devices', file], dir);
      expect(on.stderr).toBe('');
      expect(on.code).toBe(0);
      expect(on.stdout).toContain(
        'print started on werkstatt/octoprint ("Prusa MK4 – OctoPrint", octoprint_mqtt)',
      );
      expect(sim.printerState('werkstatt/octoprint')).toMatchObject({ gcodeState: 'RUNNING' });
      const off = await runTap(['--print', 'off', 'OctoPrint', '--devices', file], dir);
      expect(off.code).toBe(0);
      expect(sim.printerState('werkstatt/octoprint')).toMatchObject({ gcodeState: 'FINISH', percent: 100 });
      const bad = await runTap(['--print', 'maybe', '--devices', file], dir);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--print takes on or off');
    });

    it('defaults to ./data/demo-devices.json and to the first reader; says when no feedback comes', async () => {
      const cwd = join(dir, 'repo');
      mkdirSync(join(cwd, 'data'), { recursive: true });
      copyFileSync(file, join(cwd, 'data', 'demo-devices.json'));
      const first = await runTap(['008EC793'], cwd);
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('tapped 008EC793 at wb-reader-1');
      const quiet = await runTap(['04A1B2C3', 'wb-door', '--wait', '1'], cwd);
      expect(quiet.code).toBe(0);
      expect(quiet.stdout).toContain('tapped 04A1B2C3 at wb-door');
      expect(quiet.stdout).toContain('no feedback from the server within 1 s');
    });

    it('says so when the simulator is not running', async () => {
      await sim.stop(); // publishes werkbank-sim/status "offline" (retained)
      const run = await runTap(['008EC793', '--devices', file], dir);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/simulator is not running/);
    });
  });
});
