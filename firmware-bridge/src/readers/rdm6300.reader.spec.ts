import { buildRdm6300Frame } from '@werkbank/device-protocol';
import pino from 'pino';
import { FakeRdm6300 } from '../../testing/fake-rdm6300';
import { PortSupervisor } from '../serial/port-supervisor';
import type { Tap } from './card-reader';
import { Rdm6300Reader } from './rdm6300.reader';

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** The reader's state machine with a clock the test moves; the fake is wired in memory. */
async function setUp() {
  let now = 1_000_000;
  const fake = new FakeRdm6300('memory');
  const port = new PortSupervisor({
    path: '/nonexistent/rdm',
    baudRate: 9600,
    logger: pino({ level: 'silent' }),
    opener: fake.memoryOpener(),
  });
  const reader = new Rdm6300Reader(
    { kind: 'rdm6300', path: '/nonexistent/rdm', machineId: 'laser-1', baud: 9600 },
    port,
    pino({ level: 'silent' }),
    () => now,
  );
  const taps: Tap[] = [];
  reader.onTap((tap) => taps.push(tap));
  reader.start();
  const deadline = Date.now() + 3000;
  while (!port.isOpen && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(port.isOpen).toBe(true);
  const frame = async (data10: string, advanceMs: number) => {
    now += advanceMs;
    await fake.sendRaw(buildRdm6300Frame(data10));
    await settle();
    await settle();
  };
  return { reader, taps, frame, stop: () => reader.stop() };
}

describe('Rdm6300Reader state machine', () => {
  it('needs two identical frames within 300 ms', async () => {
    const { taps, frame, reader, stop } = await setUp();
    await frame('14008EC793', 0);
    expect(taps).toHaveLength(0);
    await frame('14008EC793', 400); // too late: this one is a new candidate
    expect(taps).toHaveLength(0);
    await frame('14008EC793', 65);
    expect(taps.map((t) => [t.uid, t.at.getTime()])).toEqual([['008EC793', 1_000_465]]);
    expect(reader.health().taps).toBe(1);
    await stop();
  });

  it('does not confirm two different ids (ghost, then a real card)', async () => {
    const { taps, frame, stop } = await setUp();
    await frame('0A12345678', 0);
    await frame('14008EC793', 65);
    expect(taps).toHaveLength(0);
    await frame('14008EC793', 65);
    expect(taps.map((t) => t.uid)).toEqual(['008EC793']);
    await stop();
  });

  it('ignores a held card until it was away for a second, and refuses the all-zero tag', async () => {
    const { taps, frame, reader, stop } = await setUp();
    await frame('14008EC793', 0);
    await frame('14008EC793', 65);
    for (let i = 0; i < 40; i++) await frame('14008EC793', 65); // held for 2.6 s
    expect(taps).toHaveLength(1);
    await frame('14008EC793', 1001);
    await frame('14008EC793', 65);
    expect(taps).toHaveLength(2);
    await frame('0000000000', 2000);
    await frame('0000000000', 65);
    expect(taps).toHaveLength(2);
    expect(reader.health().rejects.zeroUid).toBe(2);
    await stop();
  });
});
