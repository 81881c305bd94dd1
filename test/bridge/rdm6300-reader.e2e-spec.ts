import { CardTechnology } from '@werkbank/contracts';
import { buildRdm6300Frame } from '@werkbank/device-protocol';
import { Rdm6300Reader } from '../../firmware-bridge/src/readers/rdm6300.reader';
import { FakeRdm6300 } from '../../firmware-bridge/testing/fake-rdm6300';
import {
  collectTaps,
  openPtyBench,
  sleep,
  supervisorFor,
  testLogger,
  waitFor,
  type PtyBench,
} from './bridge-test-kit';

// A fake RDM6300 on one end of a real socat pty pair, the bridge's reader on the other.
describe('RDM6300 reader over a pty', () => {
  let bench: PtyBench;
  let fake: FakeRdm6300;
  let reader: Rdm6300Reader;

  beforeEach(async () => {
    bench = await openPtyBench('rdm6300');
    fake = new FakeRdm6300(bench.devicePath);
    await fake.attach();
    reader = new Rdm6300Reader(
      { kind: 'rdm6300', path: bench.bridgePath, machineId: 'laser-1', baud: 9600 },
      supervisorFor(bench.bridgePath, 9600),
      testLogger,
    );
    reader.start();
    await waitFor('the reader port to open', () => reader.health().port.state === 'open');
  });

  afterEach(async () => {
    await reader.stop();
    await fake.detach();
    await bench.close();
  });

  it('reports a card after two identical frames, as the 4 tag bytes', async () => {
    const taps = collectTaps(reader);
    await fake.presentCard('14008EC793', 2);
    await waitFor('a tap', () => taps.length === 1);
    expect(taps[0]).toMatchObject({
      uid: '008EC793',
      machineId: 'laser-1',
      readerPath: bench.bridgePath,
      tech: CardTechnology.Em4100,
    });
    expect(taps[0]?.at).toBeInstanceOf(Date);
  });

  it('rejects a lone ghost frame, and a frame with a bad checksum', async () => {
    const taps = collectTaps(reader);
    await fake.ghostRead('0A12345678');
    const bad = buildRdm6300Frame('14008EC793');
    bad[11] = 0x30; // checksum digit changed
    await fake.sendRaw(bad);
    await fake.sendRaw(bad);
    await sleep(500);
    expect(taps).toEqual([]);
    expect(reader.health().rejects.badFrame).toBe(2);
    expect(reader.health().rejects.unconfirmedOrHeld).toBe(1);
  });

  it('reads a held card once, and again after it was lifted for more than a second', async () => {
    const taps = collectTaps(reader);
    await fake.presentCard('14008EC793', 20); // about 1.3 s in the field
    await sleep(200);
    expect(taps.map((t) => t.uid)).toEqual(['008EC793']);
    await sleep(1100); // lifted
    await fake.presentCard('14008EC793', 3);
    await waitFor('the second tap', () => taps.length === 2);
  });

  it('survives noise and a frame cut in half by resynchronising on STX', async () => {
    const taps = collectTaps(reader);
    const frame = buildRdm6300Frame('14008EC793');
    await fake.sendRaw(Uint8Array.from([0xff, 0x13, 0x37, ...frame.subarray(0, 6)]));
    await fake.presentCard('14008EC793', 2);
    await waitFor('a tap after the noise', () => taps.length === 1);
    expect(taps[0]?.uid).toBe('008EC793');
  });
});
