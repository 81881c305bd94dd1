import { renameSync } from 'node:fs';
import { buildRdm6300Frame } from '@werkbank/device-protocol';
import { join } from 'node:path';
import { Rdm6300Reader } from '../../firmware-bridge/src/readers/rdm6300.reader';
import { FakeRdm6300 } from '../../firmware-bridge/testing/fake-rdm6300';
import { openPtyPair } from '../../firmware-bridge/testing/pty-pair';
import {
  collectTaps,
  openPtyBench,
  sleep,
  supervisorFor,
  testLogger,
  waitFor,
  type PtyBench,
} from './bridge-test-kit';

// Unplug/replug and wedged ports, played with real ptys: socat killed and started again on the same paths.
describe('port supervisor watchdog', () => {
  let bench: PtyBench;

  beforeEach(async () => {
    bench = await openPtyBench('watchdog');
  });

  afterEach(async () => {
    await bench.close();
  });

  it('reopens a reader port after the device end is killed and recreated, and reads cards again', async () => {
    const fake = new FakeRdm6300(bench.devicePath);
    await fake.attach();
    const reader = new Rdm6300Reader(
      { kind: 'rdm6300', path: bench.bridgePath, machineId: 'laser-1', baud: 9600 },
      supervisorFor(bench.bridgePath, 9600),
      testLogger,
    );
    const taps = collectTaps(reader);
    const states: string[] = [];
    reader.start();
    try {
      await waitFor('open', () => reader.health().port.state === 'open');
      await fake.presentCard('14008EC793', 2);
      await waitFor('the first tap', () => taps.length === 1);
      // Unplugged mid-frame: the half frame must not glue onto the first bytes after the replug.
      await fake.sendRaw(buildRdm6300Frame('14008EC793').subarray(0, 7));
      await sleep(50);
      await fake.detach();
      await bench.unplug();
      await waitFor('the loss to be noticed', () => reader.health().port.state !== 'open');
      states.push(reader.health().port.state);
      await sleep(400); // unplugged for a while: the reopen attempts fail
      expect(reader.health().port.failures).toBeGreaterThan(0);
      expect(reader.health().port.lastError).toMatch(/does not exist|disconnected|closed/);
      await bench.plugIn();
      await fake.attach();
      await waitFor('the reopen', () => reader.health().port.state === 'open', 5000);
      expect(reader.health().port).toMatchObject({ opens: 2, failures: 0 });
      await sleep(1100); // the card was lifted meanwhile
      await fake.presentCard('14008EC793', 2);
      await waitFor('a tap after the replug', () => taps.length === 2);
      expect(reader.health().rejects.badFrame).toBeUndefined();
      expect(states).toEqual(['reopening']);
    } finally {
      await reader.stop();
      await fake.detach();
    }
  });

  it('notices a device node replaced under the same path while the old descriptor still looks alive', async () => {
    const supervisor = supervisorFor(bench.bridgePath, 9600);
    const chunks: string[] = [];
    supervisor.onData((chunk) => chunks.push(chunk.toString()));
    supervisor.start();
    const other = await openPtyPair(join(bench.dir, 'new-bridge'), join(bench.dir, 'new-device'));
    try {
      await waitFor('open', () => supervisor.isOpen);
      // What udev does to /dev/serial/by-id/… on a replug: the link now points at a new node.
      renameSync(other.bridgePath, bench.bridgePath);
      await waitFor('the reopen on the new node', () => supervisor.health().opens === 2, 5000);
      expect(supervisor.health().lastError).toMatch(/replaced by a new device node/);
      const fake = new FakeRdm6300(other.devicePath);
      await fake.attach();
      await fake.sendRaw(Buffer.from('via the new node'));
      await waitFor('data from the new node', () => chunks.join('') === 'via the new node');
      await fake.detach();
    } finally {
      await supervisor.stop();
      await other.kill();
    }
  });

  it('reopens a port that should answer polls but stays silent', async () => {
    const supervisor = supervisorFor(bench.bridgePath, 9600, { silenceTimeoutMs: 500 });
    supervisor.start();
    try {
      await waitFor('two opens', () => supervisor.health().opens >= 2, 5000);
      expect(supervisor.health().lastError).toMatch(/no bytes for 500 ms/);
    } finally {
      await supervisor.stop();
    }
  });

  it('keeps retrying a port that is missing at start (failed after 3 tries), and opens it once it appears', async () => {
    const path = join(bench.dir, 'late-bridge');
    const supervisor = supervisorFor(path, 9600, { failedAfter: 3, backoffInitialMs: 50, backoffMaxMs: 200 });
    supervisor.start();
    try {
      await waitFor('state failed', () => supervisor.health().state === 'failed', 5000);
      expect(supervisor.health().lastError).toBe(`${path} does not exist: is the device plugged in?`);
      await expect(supervisor.write(Uint8Array.from([1]))).resolves.toBe(false);
      const late = await openPtyPair(path, join(bench.dir, 'late-device'));
      try {
        await waitFor('open once plugged in', () => supervisor.health().state === 'open', 5000);
      } finally {
        await supervisor.stop();
        await late.kill();
      }
    } finally {
      await supervisor.stop();
    }
  });
});
