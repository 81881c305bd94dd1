import { LineReader } from '../../firmware-bridge/src/readers/line.reader';
import { FakeSerialDevice } from '../../firmware-bridge/testing/fake-serial-device';
import {
  collectTaps,
  openPtyBench,
  sleep,
  supervisorFor,
  testLogger,
  waitFor,
  type PtyBench,
} from './bridge-test-kit';

/** A USB CDC reader that prints a line per card; what it prints is up to each test. */
class FakeLineReader extends FakeSerialDevice {
  print(text: string): Promise<boolean> {
    return this.send(Buffer.from(text, 'latin1'));
  }
  protected receive(): void {}
}

describe('line reader over a pty', () => {
  let bench: PtyBench;
  let fake: FakeLineReader;
  let reader: LineReader;

  async function start(pattern: RegExp, uidFormat: 'hex' | 'decimal32'): Promise<void> {
    reader = new LineReader(
      { kind: 'line', path: bench.bridgePath, machineId: 'door', baud: 9600, pattern, uidFormat },
      supervisorFor(bench.bridgePath, 9600),
      testLogger,
    );
    reader.start();
    await waitFor('the port to open', () => reader.health().port.state === 'open');
  }

  beforeEach(async () => {
    bench = await openPtyBench('line');
    fake = new FakeLineReader(bench.devicePath, 9600);
    await fake.attach();
  });

  afterEach(async () => {
    await reader.stop();
    await fake.detach();
    await bench.close();
  });

  it('reads Parallax-style frames (LF + 10 hex + CR) with a named group, split across writes', async () => {
    await start(/^(?:[0-9A-F]{2})(?<uid>[0-9A-F]{8})$/, 'hex');
    const taps = collectTaps(reader);
    await fake.print('\n14008E');
    await fake.print('C793\r');
    await waitFor('a tap', () => taps.length === 1);
    expect(taps[0]).toMatchObject({ uid: '008EC793', machineId: 'door', tech: null });
  });

  it('turns 10 decimal digits into the 32-bit EM id, and ignores lines that do not match', async () => {
    await start(/^ID:(\d{10})$/, 'decimal32');
    const taps = collectTaps(reader);
    await fake.print('hello world\r\nID:12345\r\nID:0009357203\r\n');
    await waitFor('a tap', () => taps.length === 1);
    expect(taps[0]?.uid).toBe('008EC793');
    expect(reader.health().rejects.noMatch).toBe(2);
  });

  it('debounces a repeating reader and drops an endless line without a newline', async () => {
    await start(/^([0-9A-F]{8})$/, 'hex');
    const taps = collectTaps(reader);
    await fake.print('8A1B2C3D\r\n8A1B2C3D\r\n8A1B2C3D\r\n');
    await fake.print('F'.repeat(300));
    await fake.print('00000000\r\n'); // tail of the overlong line: not a UID
    await fake.print('047BCB51\r\n');
    await waitFor('two taps', () => taps.length === 2);
    await sleep(100);
    expect(taps.map((t) => t.uid)).toEqual(['8A1B2C3D', '047BCB51']);
    expect(reader.health().rejects).toMatchObject({ held: 2, lineTooLong: 1 });
  });
});
