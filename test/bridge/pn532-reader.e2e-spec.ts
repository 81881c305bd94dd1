import { CardTechnology } from '@werkbank/contracts';
import { Pn532Command } from '@werkbank/device-protocol';
import { Pn532Reader } from '../../firmware-bridge/src/readers/pn532.reader';
import { FakePn532 } from '../../firmware-bridge/testing/fake-pn532';
import {
  collectTaps,
  openPtyBench,
  sleep,
  supervisorFor,
  testLogger,
  waitFor,
  type PtyBench,
} from './bridge-test-kit';

const TIMING = { ackTimeoutMs: 100, responseTimeoutMs: 300, maxRetries: 2 };

// A fake PN532 (HSU) that answers the real command/response sequence, on a real socat pty pair.
describe('PN532 reader over a pty', () => {
  let bench: PtyBench;
  let fake: FakePn532;
  let reader: Pn532Reader;

  async function startReader(silenceTimeoutMs = 10_000): Promise<void> {
    reader = new Pn532Reader(
      {
        kind: 'pn532',
        path: bench.bridgePath,
        machineId: 'cnc-1',
        baud: 115200,
        pollIntervalMs: 50,
        silenceTimeoutMs,
      },
      supervisorFor(bench.bridgePath, 115200, { silenceTimeoutMs }),
      testLogger,
      TIMING,
    );
    reader.start();
  }

  beforeEach(async () => {
    bench = await openPtyBench('pn532');
    fake = new FakePn532(bench.devicePath);
    await fake.attach();
  });

  afterEach(async () => {
    await reader.stop();
    await fake.detach();
    await bench.close();
  });

  it('wakes the chip, configures it, polls, and reads a 7-byte UID, then releases the card', async () => {
    await startReader();
    const taps = collectTaps(reader);
    await waitFor('polling', () => reader.currentPhase === 'polling');
    fake.presentCard({ uid: '047BCB51962280' });
    await waitFor('a tap', () => taps.length === 1);
    expect(taps[0]).toMatchObject({
      uid: '047BCB51962280',
      machineId: 'cnc-1',
      tech: CardTechnology.MifareUltralight,
    });
    expect(fake.wakeups).toBe(1);
    expect(fake.commands.slice(0, 4)).toEqual([
      Pn532Command.SamConfiguration,
      Pn532Command.GetFirmwareVersion,
      Pn532Command.RfConfiguration,
      Pn532Command.InListPassiveTarget,
    ]);
    await waitFor('InRelease after the read', () => fake.count(Pn532Command.InRelease) >= 1);
    expect(reader.health().firmware).toBe('IC 0x32 v1.6');
  });

  it.each([
    ['4-byte', '8A1B2C3D', CardTechnology.MifareClassic],
    ['10-byte', '0102030405060708090A', CardTechnology.MifareUltralight],
  ])('reads a %s UID', async (_, uid, tech) => {
    await startReader();
    const taps = collectTaps(reader);
    fake.presentCard({ uid });
    await waitFor('a tap', () => taps.length === 1);
    expect(taps[0]).toMatchObject({ uid, tech });
  });

  it('reads a held card once, and again after it was away for more than a second', async () => {
    await startReader();
    const taps = collectTaps(reader);
    fake.presentCard({ uid: '047BCB51962280' });
    await sleep(1500);
    expect(taps).toHaveLength(1);
    expect(reader.health().rejects.held).toBeGreaterThan(5);
    fake.removeCard();
    await sleep(1200);
    fake.presentCard({ uid: '047BCB51962280' });
    await waitFor('the second tap', () => taps.length === 2);
  });

  it('resends a command the chip NACKs', async () => {
    fake.faults.nack = 2;
    await startReader();
    const taps = collectTaps(reader);
    fake.presentCard({ uid: '047BCB51962280' });
    await waitFor('a tap', () => taps.length === 1);
    // The first SAMConfiguration was NACKed twice and sent a third time, without a new handshake.
    expect(fake.commands.slice(0, 3)).toEqual([
      Pn532Command.SamConfiguration,
      Pn532Command.SamConfiguration,
      Pn532Command.SamConfiguration,
    ]);
    expect(reader.health().rejects.handshakeFailed).toBeUndefined();
  });

  it('NACKs a corrupt response and takes the repeated one', async () => {
    await startReader();
    await waitFor('polling', () => reader.currentPhase === 'polling');
    const taps = collectTaps(reader);
    fake.faults.corruptResponse = 1;
    fake.presentCard({ uid: '047BCB51962280' });
    await waitFor('a tap', () => taps.length === 1);
    expect(fake.hostNacks).toBe(1);
    expect(reader.health().rejects.badFrame).toBe(1);
  });

  it('recovers from a chip that stops answering mid-poll: aborts, wakes it again, reads on', async () => {
    await startReader();
    await waitFor('polling', () => reader.currentPhase === 'polling');
    const taps = collectTaps(reader);
    fake.faults.silent = 1;
    fake.faults.noResponse = 1;
    await waitFor('a second handshake', () => fake.count(Pn532Command.SamConfiguration) >= 2);
    fake.presentCard({ uid: '047BCB51962280' });
    await waitFor('a tap after the recovery', () => taps.length === 1);
    expect(fake.hostAborts).toBeGreaterThanOrEqual(1);
    expect(reader.health().rejects.commandFailed).toBeGreaterThanOrEqual(1);
  });

  it('wakes a chip again that lost power (asleep, ignores frames until 55 55)', async () => {
    await startReader();
    await waitFor('polling', () => reader.currentPhase === 'polling');
    const taps = collectTaps(reader);
    fake.powerCycle();
    await waitFor('a second wake-up', () => fake.wakeups === 2);
    fake.presentCard({ uid: '8A1B2C3D' });
    await waitFor('a tap after the power cut', () => taps.length === 1);
  });

  it('reopens the port when the chip stays silent', async () => {
    fake.faults.silent = 1000;
    await startReader(1000);
    await waitFor('the port to be reopened', () => reader.health().port.opens >= 2, 8000);
    expect(reader.health().port.lastError).toMatch(/PN532 did not answer|no bytes/);
    fake.faults.silent = 0;
    const taps = collectTaps(reader);
    fake.presentCard({ uid: '8A1B2C3D' });
    await waitFor('a tap once the chip answers', () => taps.length === 1, 8000);
  });
});
