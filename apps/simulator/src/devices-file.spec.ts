import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevicesFileError, loadDevicesFile, parseSimulatorConfig } from './devices-file';
import { parseCliArgs } from './cli';
import { LoadModel } from './devices/load-model';
import { pulseTimeMs } from './devices/tasmota-relay.device';
import { tasmotaTime, tasmotaUptime } from './time.util';

const base = {
  brokerUrl: 'mqtt://127.0.0.1:1883',
  control: { username: 'simulator', password: 'secret', topic: 'werkbank-sim' },
};

const entry = (over: Record<string, unknown>) => ({
  deviceId: 'd1',
  name: 'Prusa MK4 – reader',
  protocol: 'tasmota_reader',
  address: 'wb-reader-1',
  username: 'wb-reader-1',
  password: 'pw',
  role: 'machine_reader',
  ...over,
});

describe('devices file', () => {
  it('reads the documented shape, coercing numeric options to strings', () => {
    const { config, skipped } = parseSimulatorConfig({
      ...base,
      devices: [
        entry({}),
        entry({
          deviceId: 'd2',
          protocol: 'shelly_gen1',
          address: 'shelly1pm-ab12',
          options: { loadWatts: 120 },
        }),
      ],
    });
    expect(skipped).toEqual([]);
    expect(config.werkbankPrefix).toBe('werkbank');
    expect(config.control).toEqual(base.control);
    expect(config.devices[1]).toEqual({
      deviceId: 'd2',
      name: 'Prusa MK4 – reader',
      protocol: 'shelly_gen1',
      address: 'shelly1pm-ab12',
      username: 'wb-reader-1',
      password: 'pw',
      role: 'machine_reader',
      options: { loadWatts: '120' },
    });
  });

  it('skips devices it cannot run, with the server adapter’s reasons, and keeps the rest', () => {
    const { config, skipped } = parseSimulatorConfig({
      ...base,
      devices: [
        entry({}),
        entry({ deviceId: 'd2', protocol: 'octoprint' }),
        entry({ deviceId: 'd3', address: 'tele/+/x' }),
        entry({ deviceId: 'd1' }),
        entry({ deviceId: 'd4', options: { reader: 'pn533' } }),
        entry({ deviceId: 'd5', protocol: 'shelly_gen1', options: { loadWatts: 'lots' } }),
        entry({ deviceId: 'd6', protocol: 'bambu', address: '01P00A123456789' }),
        'nonsense',
      ],
    });
    expect(config.devices.map((d) => d.deviceId)).toEqual(['d1', 'd6']);
    expect(skipped.map((s) => [s.index, s.problems.join('; ')])).toEqual([
      [1, expect.stringContaining('protocol "octoprint" is not one of')],
      [2, 'address must be a Tasmota topic without wildcards or empty levels'],
      [3, 'deviceId appears twice'],
      [4, 'options.reader must be one of rdm6300, pn532, rc522'],
      [5, 'options.loadWatts must be a number ≥ 0'],
      [7, 'entry is not an object'],
    ]);
  });

  it('runs without control when the file has none', () => {
    expect(parseSimulatorConfig({ brokerUrl: 'mqtt://h:1883', devices: [] }).config.control).toBeNull();
  });

  it('refuses a file that is not usable at all, saying why', () => {
    expect(() => parseSimulatorConfig({ devices: {} })).toThrow(DevicesFileError);
    expect(() =>
      parseSimulatorConfig({ brokerUrl: 'localhost', control: { topic: 'a/#' }, devices: {} }),
    ).toThrow(
      /brokerUrl must be[\s\S]*control.topic must be a topic without wildcards[\s\S]*devices must be an array/,
    );
  });

  it('names the file and the fix when it is missing or broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'werkbank-sim-file-'));
    try {
      expect(() => loadDevicesFile(join(dir, 'missing.json'))).toThrow(
        /does not exist: start the server in demo mode/,
      );
      writeFileSync(join(dir, 'half.json'), '{"brokerUrl": "mqtt://');
      expect(() => loadDevicesFile(join(dir, 'half.json'))).toThrow(/half\.json is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command line', () => {
  it('takes flags over env over defaults', () => {
    expect(parseCliArgs([], {})).toMatchObject({
      devicesFile: join('data', 'demo-devices.json'),
      brokerUrl: undefined,
      telePeriodMs: undefined,
      watch: true,
      logLevel: 'info',
    });
    const env = { SIM_DEVICES_FILE: 'env.json', SIM_TELE_PERIOD_S: '1', SIM_BROKER_URL: 'mqtt://b:1883' };
    expect(parseCliArgs([], env)).toMatchObject({
      devicesFile: 'env.json',
      telePeriodMs: 1000,
      brokerUrl: 'mqtt://b:1883',
    });
    expect(parseCliArgs(['--devices', 'x.json', '--tele-period=0.5', '--no-watch'], env)).toMatchObject({
      devicesFile: 'x.json',
      telePeriodMs: 500,
      watch: false,
    });
    expect(parseCliArgs([], { DATA_DIR: '/var/lib/werkbank' }).devicesFile).toBe(
      '/var/lib/werkbank/demo-devices.json',
    );
    expect(() => parseCliArgs(['--bogus'], {})).toThrow(/unknown argument/);
    expect(() => parseCliArgs(['--tele-period', 'soon'], {})).toThrow(/number of seconds/);
  });
});

describe('firmware formats', () => {
  it('writes Tasmota time and uptime like the firmware', () => {
    expect(tasmotaTime(new Date(2026, 10, 23, 9, 5, 7))).toBe('2026-11-23T09:05:07');
    expect(tasmotaUptime(13)).toBe('0T00:00:13');
    expect(tasmotaUptime(2 * 86_400 + 3723)).toBe('2T01:02:03');
  });

  it('maps PulseTime to milliseconds', () => {
    expect(pulseTimeMs(0)).toBe(0);
    expect(pulseTimeMs(3)).toBe(300);
    expect(pulseTimeMs(111)).toBe(11_100);
    expect(pulseTimeMs(112)).toBe(12_000);
  });
});

describe('LoadModel', () => {
  const draw = (options: Record<string, string>) => {
    let t = 0;
    const load = new LoadModel(options, () => new Date(t));
    const off = load.watts();
    load.set(true);
    const on = load.watts();
    load.setPrinting(true);
    const printing = load.watts();
    t += 3_600_000; // one hour printing
    const energy = load.energy();
    load.set(false);
    return { off, on, printing, energy, printingAfterOff: load.printing };
  };

  it('draws loadWatts when on and twice that while printing, standby when off', () => {
    expect(draw({ loadWatts: '120' })).toEqual({
      off: 0.5,
      on: 120,
      printing: 240,
      energy: 240,
      printingAfterOff: false,
    });
  });

  it('models an idle printer with idleWatts', () => {
    expect(draw({ loadWatts: '120', idleWatts: '8', standbyWatts: '0' })).toMatchObject({
      off: 0,
      on: 8,
      printing: 120,
    });
  });

  it('needs the relay on to print', () => {
    const load = new LoadModel({}, () => new Date(0));
    expect(load.setPrinting(true)).toBe(false);
    expect(load.printing).toBe(false);
  });
});
