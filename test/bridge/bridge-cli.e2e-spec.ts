import { generateKeyPairSync } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { FakeLcusBoard } from '../../firmware-bridge/testing/fake-lcus';
import { FakePn532 } from '../../firmware-bridge/testing/fake-pn532';
import { FakeRdm6300 } from '../../firmware-bridge/testing/fake-rdm6300';
import { openPtyPair, type PtyPair } from '../../firmware-bridge/testing/pty-pair';
import { Factory } from '../support/factories';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp } from '../support/test-app';
import { sleep, waitFor } from './bridge-test-kit';

const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'firmware-bridge/bin/werkbank-bridge.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, timeout: 30_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout, stderr) =>
        resolve({
          code: error === null ? 0 : typeof error.code === 'number' ? error.code : null,
          stdout,
          stderr,
        }),
    );
  });
}

/** As provisioned: the server's public key and the 64-hex bridge card key. */
function writeKeys(dir: string): void {
  writeFileSync(
    join(dir, 'allowlist.pub'),
    generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }),
  );
  writeFileSync(join(dir, 'bridge-card.key'), `${'5a'.repeat(32)}\n`);
}

function configFor(dir: string, readers: string, outputs = ''): string {
  const file = join(dir, 'bridge.yml');
  writeFileSync(
    file,
    [
      'bridgeId: bridge-test',
      'broker: { url: mqtt://127.0.0.1:1 }',
      'publicKeyFiles: [allowlist.pub]',
      'bridgeCardKeyFile: bridge-card.key',
      'dataDir: data',
      'readers:',
      readers,
      outputs,
    ].join('\n'),
  );
  return file;
}

// The bridge as users run it: compiled by `nest build bridge`, started through its bin, JSON logs on stdout.
describe('werkbank-bridge bin', () => {
  let temp: { path: string; remove: () => void };

  beforeAll(async () => {
    await new Promise<void>((resolve, reject) =>
      execFile(
        process.execPath,
        [join(ROOT, 'node_modules/@nestjs/cli/bin/nest.js'), 'build', 'bridge'],
        { cwd: ROOT, timeout: 120_000 },
        (error, _out, stderr) =>
          error ? reject(new Error(`nest build bridge failed: ${stderr}`)) : resolve(),
      ),
    );
  }, 130_000);

  beforeEach(() => {
    temp = makeTempDir('bridge-cli');
  });
  afterEach(() => temp.remove());

  it('refuses a bad config with every problem named, exit code 78', async () => {
    const file = configFor(
      temp.path,
      '  - { kind: rdm6300, path: /dev/serial0, machineId: "laser 1", baud: 9601 }',
    );
    const run = await runBin(['--config', file]);
    expect(run.code).toBe(78);
    expect(run.stderr).toContain(`${file} is not a valid bridge config:`);
    expect(run.stderr).toContain('readers[0].machineId: must be 1-64 characters');
    expect(run.stderr).toContain('readers[0].baud: must be one of');
  });

  it('--check names a missing port and key file and exits 1; with both there it exits 0', async () => {
    const path = join(temp.path, 'rdm-bridge');
    const file = configFor(temp.path, `  - { kind: rdm6300, path: ${path}, machineId: laser-1 }`);
    const missing = await runBin(['--config', file, '--check']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`readers[0].path: ${path} does not exist;`);
    expect(missing.stderr).toContain(`publicKeyFiles[0]: ${join(temp.path, 'allowlist.pub')} does not exist`);
    writeKeys(temp.path);
    const pair = await openPtyPair(path, join(temp.path, 'rdm-device'));
    try {
      const present = await runBin(['--config', file, '--check']);
      expect(present).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('config, files and serial ports look fine'),
      });
    } finally {
      await pair.kill();
    }
  });

  it('runs with an RDM6300 and a PN532 on ptys, decides each tap offline with the broker away (fail closed, logged as JSON), stops cleanly on SIGTERM', async () => {
    const pairs: PtyPair[] = [
      await openPtyPair(join(temp.path, 'rdm-bridge'), join(temp.path, 'rdm-device')),
      await openPtyPair(join(temp.path, 'pn532-bridge'), join(temp.path, 'pn532-device')),
    ];
    const rdm = new FakeRdm6300(pairs[0]!.devicePath);
    const pn532 = new FakePn532(pairs[1]!.devicePath);
    await Promise.all([rdm.attach(), pn532.attach()]);
    writeKeys(temp.path);
    const file = configFor(
      temp.path,
      [
        `  - { kind: rdm6300, path: ${pairs[0]!.bridgePath}, machineId: laser-1 }`,
        `  - { kind: pn532, path: ${pairs[1]!.bridgePath}, machineId: cnc-1, pollIntervalMs: 100 }`,
      ].join('\n'),
    );
    const bridge: ChildProcess = spawn(process.execPath, [BIN, '--config', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    bridge.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => bridge.once('exit', (code) => resolve(code)));
    const lines = () =>
      stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    try {
      await waitFor(
        'the PN532 to be polled',
        () => lines().some((l) => l.msg === 'PN532 ready, polling'),
        10_000,
      );
      await rdm.presentCard('14008EC793', 3);
      pn532.presentCard({ uid: '047BCB51962280' });
      await waitFor(
        'two taps in the log',
        () => lines().filter((l) => l.msg === 'tap decided offline').length === 2,
        10_000,
      );
      const taps = lines().filter((l) => l.msg === 'tap decided offline');
      // No broker and no allowlist yet: each tap is decided on the spot, fail closed, and says why.
      expect(taps).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            card: 'C793',
            machineId: 'laser-1',
            msg: 'tap decided offline',
            outcome: 'denied',
            reason: 'NO_VALID_ALLOWLIST',
            why: 'broker_down',
            app: 'werkbank-bridge',
          }),
          expect.objectContaining({ card: '2280', machineId: 'cnc-1', outcome: 'denied' }),
        ]),
      );
      // Never the raw UID in the journal.
      expect(stdout).not.toContain('008EC793');
      bridge.kill('SIGTERM');
      await expect(exited).resolves.toBe(0);
      expect(lines().some((l) => l.msg === 'bridge stopping')).toBe(true);
    } finally {
      if (bridge.exitCode === null) bridge.kill('SIGKILL');
      await Promise.all([rdm.detach(), pn532.detach()]);
      await Promise.all(pairs.map((p) => p.kill()));
    }
  });

  it('in a lab: the server decides online, the bridge offline from the signed list while the server is down, and the server stores that session once', async () => {
    const mqttPort = await freePort();
    const env = { MQTT_PORT: String(mqttPort), ALLOWLIST_DEBOUNCE_MS: '200' };
    const data = makeTempDir('bridge-lab');
    let t = await startTestApp({ dataDir: data.path, keepData: true, env });
    const make = new Factory(t.as(t.adminToken));
    const site = await make.site();
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const member = await make.member();
    await make.training([member.id], (await make.qualification(type.id)).id);
    await make.card(member.id, '008EC793');
    const created = await t
      .as(t.adminToken)
      .post('/api/devices', {
        name: 'Bridge Laser',
        siteId: site.id,
        machineId: machine.id,
        role: 'actuator',
        protocol: 'werkbank',
        address: 'bridge-laser-1',
      })
      .expect(201);
    // The provisioning file as downloaded, plus what the admin adds by hand: the password, a reader, a relay.
    const provisioning = parse(
      (await t.as(t.adminToken).get(`/api/devices/${created.body.device.id}/bridge.yml`).expect(200)).text,
    ) as Record<string, unknown>;
    writeFileSync(join(temp.path, 'mqtt-password'), `${created.body.mqttPassword}\n`, { mode: 0o600 });
    const pairs: PtyPair[] = [
      await openPtyPair(join(temp.path, 'rdm-bridge'), join(temp.path, 'rdm-device')),
      await openPtyPair(join(temp.path, 'lcus-bridge'), join(temp.path, 'lcus-device')),
    ];
    const reader = new FakeRdm6300(pairs[0]!.devicePath);
    const board = new FakeLcusBoard(pairs[1]!.devicePath, 1, 'none');
    await Promise.all([reader.attach(), board.attach()]);
    const file = join(temp.path, 'bridge.yml');
    writeFileSync(
      file,
      stringify({
        ...provisioning,
        dataDir: join(temp.path, 'state'),
        readers: [{ kind: 'rdm6300', path: pairs[0]!.bridgePath, machineId: machine.id }],
        outputs: [{ kind: 'lcus', path: pairs[1]!.bridgePath, channel: 1, machineId: machine.id }],
      }),
    );
    const bridge = spawn(process.execPath, [BIN, '--config', file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    bridge.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const logged = (msg: string) => stdout.split('\n').some((l) => l.includes(`"msg":"${msg}`));
    const tap = async () => {
      await reader.presentCard('14008EC793', 3);
      await sleep(1_300); // taken away: the next presentation is a new tap
    };
    try {
      await waitFor('the bridge to hold its signed list', () => logged('allowlist applied'), 15_000);
      await tap();
      await waitFor('the server to switch the relay on', () => board.relays[0] === true, 5_000);
      await tap();
      await waitFor('the tap-out to switch it off', () => board.relays[0] === false, 5_000);

      // The server goes away (and the embedded broker with it): the bridge decides from the list.
      await t.close();
      await waitFor('the bridge to notice', () => logged('broker connection lost'), 10_000);
      await tap();
      await waitFor('the offline decision to switch the relay on', () => board.relays[0] === true, 5_000);
      expect(stdout).toContain('"outcome":"allowed"');

      // Back: the queued session start is replayed and stored once, marked offline.
      t = await startTestApp({ dataDir: data.path, keepData: true, env });
      const offline = async () =>
        (
          (await t.as(t.adminToken).get(`/api/sessions?machineId=${machine.id}`).expect(200)).body.items as {
            offline: boolean;
          }[]
        ).filter((x) => x.offline);
      const deadline = Date.now() + 15_000;
      while ((await offline()).length === 0 && Date.now() < deadline) await sleep(200);
      await sleep(1_000); // a second replay, if any, would land now
      expect(await offline()).toHaveLength(1);
      const all = (await t.as(t.adminToken).get(`/api/sessions?machineId=${machine.id}`).expect(200)).body
        .items;
      expect(all).toHaveLength(2); // the online session and the offline one
    } finally {
      if (bridge.exitCode === null) bridge.kill('SIGKILL');
      await t.close().catch(() => undefined);
      await Promise.all([reader.detach(), board.detach()]);
      await Promise.all(pairs.map((p) => p.kill()));
      data.remove();
    }
  }, 90_000);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
