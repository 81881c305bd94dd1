/**
 * The bridge online, as a lab runs it (part of `npm run bench:bridge`): the compiled server (dist) with its
 * embedded broker, the compiled bridge bin with a fake RDM6300 and a fake LCUS board on socat ptys, and the
 * bridge's provisioning file as the server writes it.
 *
 * - bridge: the card's second RDM6300 frame written (the reader decides on two identical frames) → the LCUS
 *   switch command read by the fake board; tap on and tap off alternately, the card lifted in between;
 * - baseline, same run: an own-protocol relay device on the same broker, `evt/card` published → its
 *   `cmd/actuator` received (the server-side figure the bridge adds its serial hops to);
 * - the bridge process's RSS at the end.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import mqtt from 'mqtt';
import { parse, stringify } from 'yaml';
import { buildRdm6300Frame } from '@werkbank/device-protocol';
import { FakeLcusBoard } from '../firmware-bridge/testing/fake-lcus';
import { FakeSerialDevice } from '../firmware-bridge/testing/fake-serial-device';
import { openPtyPair } from '../firmware-bridge/testing/pty-pair';
import { makeTempDir } from '../test/support/temp-dir';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startServer, login } = require('./support') as {
  startServer(env: Record<string, string>): Promise<{ url: string; mqttPort: number; stop(): Promise<void> }>;
  login(url: string): Promise<string>;
};

const ROOT = join(__dirname, '..');
const BIN = join(ROOT, 'firmware-bridge/bin/werkbank-bridge.js');

/** A board that notes when each switch command arrived. */
class TimedBoard extends FakeLcusBoard {
  onSwitch: ((on: boolean, at: number) => void) | null = null;
  protected override receive(chunk: Buffer): void {
    const before = this.switched.length;
    super.receive(chunk);
    for (const s of this.switched.slice(before)) this.onSwitch?.(s.on, performance.now());
  }
}

/** An RDM6300 whose second frame's write time is known. */
class TimedReader extends FakeSerialDevice {
  constructor(path: string) {
    super(path, 9600);
  }
  protected override receive(): void {}
  async tap(data10: string): Promise<number> {
    const frame = buildRdm6300Frame(data10);
    await this.send(frame);
    await new Promise((r) => setTimeout(r, 65));
    const at = performance.now();
    await this.send(frame);
    return at;
  }
}

/** Rejects after `ms`: a bench that waits forever measures nothing. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

const fail = (who: string, i: number) => (error: Error) => {
  throw new Error(`${who}, tap ${i + 1}: ${error.message}`);
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measureOnline(
  taps = 16,
): Promise<{ bridgeP50: number; directP50: number; rssMb: number }> {
  const dir = makeTempDir('bench-bridge-online');
  const server = await startServer({ ALLOWLIST_DEBOUNCE_MS: '200', DEMO_MODE: 'false' });
  const token = await login(server.url);
  const api = async (method: string, path: string, body?: object) => {
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text;
  };
  const site = await api('POST', '/sites', { name: 'Bench lab', kind: 'fixed', openingHours: [] });
  const type = await api('POST', '/machine-types', { name: 'Laser' });
  const qualification = await api('POST', '/qualifications', { name: 'Laser', machineTypeId: type.id });
  const machine = async (name: string) =>
    api('POST', '/machines', { name, siteId: site.id, machineTypeId: type.id });
  const [viaBridge, direct] = [await machine('Laser A'), await machine('Laser B')];
  const device = async (address: string, machineId: string) =>
    api('POST', '/devices', {
      name: address,
      siteId: site.id,
      machineId,
      role: 'actuator',
      protocol: 'werkbank',
      address,
    });
  const bridgeDevice = await device('bridge-bench-a', viaBridge.id);
  const directDevice = await device('relay-bench-b', direct.id);
  const members = [
    await api('POST', '/members', { firstName: 'Ada', lastName: 'Bench' }),
    await api('POST', '/members', { firstName: 'Bo', lastName: 'Bench' }),
  ];
  await api('POST', '/trainings', {
    qualificationId: qualification.id,
    memberIds: members.map((m) => m.id),
    level: 'independent',
    trainedOn: new Date().toISOString().slice(0, 10),
  });
  await api('POST', `/members/${members[0].id}/cards`, { uid: '008EC793', technology: 'em4100' });
  await api('POST', `/members/${members[1].id}/cards`, { uid: '04A1B2C3', technology: 'em4100' });

  const rdm = await openPtyPair(join(dir.path, 'rdm-bridge'), join(dir.path, 'rdm-device'));
  const lcus = await openPtyPair(join(dir.path, 'lcus-bridge'), join(dir.path, 'lcus-device'));
  const reader = new TimedReader(rdm.devicePath);
  const board = new TimedBoard(lcus.devicePath, 1, 'none');
  await Promise.all([reader.attach(), board.attach()]);
  writeFileSync(join(dir.path, 'mqtt-password'), `${bridgeDevice.mqttPassword}\n`);
  const provisioning = parse(await api('GET', `/devices/${bridgeDevice.device.id}/bridge.yml`)) as object;
  const config = join(dir.path, 'bridge.yml');
  writeFileSync(
    config,
    stringify({
      ...provisioning,
      dataDir: join(dir.path, 'state'),
      logLevel: 'warn',
      readers: [{ kind: 'rdm6300', path: rdm.bridgePath, machineId: viaBridge.id }],
      outputs: [{ kind: 'lcus', path: lcus.bridgePath, channel: 1, machineId: viaBridge.id }],
    }),
  );
  const bridge = spawn(process.execPath, [BIN, '--config', config], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let bridgeErrors = '';
  bridge.stderr?.on('data', (d: Buffer) => (bridgeErrors += d.toString()));
  bridge.stdout?.on('data', (d: Buffer) => (bridgeErrors += d.toString()));
  const relay = mqtt.connect(`mqtt://127.0.0.1:${server.mqttPort}`, {
    clientId: directDevice.device.mqttUsername,
    username: directDevice.device.mqttUsername,
    password: directDevice.mqttPassword,
  });
  try {
    await new Promise((r) => setTimeout(r, 3000)); // the bridge connects and takes its list
    const bridgeMs: number[] = [];
    for (let i = 0; i < taps; i++) {
      const want = i % 2 === 0;
      const switched = new Promise<number>(
        (resolve) => (board.onSwitch = (on, at) => on === want && resolve(at)),
      );
      const sent = await reader.tap('14008EC793');
      bridgeMs.push((await within(5000, switched).catch(fail('the bridge', i))) - sent);
      await new Promise((r) => setTimeout(r, 1300)); // lifted: the next presentation is a new tap
    }
    if (!relay.connected)
      await within(5000, new Promise<void>((resolve) => relay.once('connect', () => resolve())));
    const topic = `werkbank/v1/${directDevice.device.address}`;
    await relay.subscribeAsync(`${topic}/cmd/#`);
    const directMs: number[] = [];
    for (let i = 0; i < taps; i++) {
      const answered = new Promise<number>((resolve) => {
        const onMessage = (t: string) => {
          if (!t.endsWith('/cmd/actuator')) return;
          relay.off('message', onMessage);
          resolve(performance.now());
        };
        relay.on('message', onMessage);
      });
      const sent = performance.now();
      relay.publish(
        `${topic}/evt/card`,
        JSON.stringify({ uid: '04A1B2C3', tech: 'em4100', at: null, msgId: `bench-${Date.now()}-${i}` }),
        { qos: 1 },
      );
      directMs.push((await within(5000, answered).catch(fail('the relay device', i))) - sent);
      await new Promise((r) => setTimeout(r, 50));
    }
    const status = readFileSync(`/proc/${bridge.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
    return { bridgeP50: median(bridgeMs), directP50: median(directMs), rssMb };
  } catch (error) {
    throw new Error(`${(error as Error).message}\nbridge stderr: ${bridgeErrors.slice(-2000)}`);
  } finally {
    relay.end(true);
    bridge.kill('SIGTERM');
    await Promise.all([reader.detach(), board.detach()]);
    await Promise.all([rdm.kill(), lcus.kill()]);
    await server.stop();
    dir.remove();
  }
}
