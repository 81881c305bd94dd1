import { LcusBoard, type LcusRelayOutput } from '../../firmware-bridge/src/outputs/lcus-board';
import { RelayError } from '../../firmware-bridge/src/outputs/relay-output';
import { FakeLcusBoard, type LcusStatusFormat } from '../../firmware-bridge/testing/fake-lcus';
import { openPtyBench, supervisorFor, testLogger, waitFor, type PtyBench } from './bridge-test-kit';

describe('LCUS relay board over a pty', () => {
  let bench: PtyBench;
  let fake: FakeLcusBoard;
  let board: LcusBoard;

  async function start(
    statusFormat: LcusStatusFormat,
    readback: boolean,
  ): Promise<[LcusRelayOutput, LcusRelayOutput]> {
    fake = new FakeLcusBoard(bench.devicePath, 4, statusFormat);
    await fake.attach();
    board = new LcusBoard(supervisorFor(bench.bridgePath, 9600), testLogger, {
      readback,
      readbackTimeoutMs: 300,
    });
    const outputs: [LcusRelayOutput, LcusRelayOutput] = [
      board.output({
        kind: 'lcus',
        path: bench.bridgePath,
        channel: 1,
        machineId: 'laser-1',
        baud: 9600,
        readback,
      }),
      board.output({
        kind: 'lcus',
        path: bench.bridgePath,
        channel: 3,
        machineId: 'cnc-1',
        baud: 9600,
        readback,
      }),
    ];
    board.start();
    await waitFor('the board port to open', () => board.portSupervisor.isOpen);
    return outputs;
  }

  beforeEach(async () => {
    bench = await openPtyBench('lcus');
  });

  afterEach(async () => {
    await board.stop();
    await fake.detach();
    await bench.close();
  });

  it.each<LcusStatusFormat>(['bytes', 'text'])(
    'switches channels and reads them back (%s status answer)',
    async (format) => {
      const [laser, cnc] = await start(format, true);
      expect(laser.state).toBeNull();
      await laser.set(true);
      expect(fake.relays).toEqual([true, false, false, false]);
      expect(laser.state).toBe(true);
      await Promise.all([cnc.set(true), laser.set(false)]);
      expect(fake.relays).toEqual([false, false, true, false]);
      expect([laser.state, cnc.state]).toEqual([false, true]);
      expect(fake.switched).toEqual([
        { channel: 1, on: true },
        { channel: 3, on: true },
        { channel: 1, on: false },
      ]);
      expect(fake.rejected).toEqual([]);
    },
  );

  it('reports a relay that did not switch (read-back mismatch)', async () => {
    const [laser] = await start('bytes', true);
    fake.stuckChannel = 1;
    await expect(laser.set(true)).rejects.toMatchObject({ code: 'READBACK_MISMATCH' });
    expect(laser.state).toBe(false);
    expect(laser.health()).toMatchObject({ failures: 1, lastError: expect.stringMatching(/reads off/) });
  });

  it('without read-back trusts the write; with read-back on a board that never answers it says so', async () => {
    const [laser] = await start('none', false);
    await laser.set(true);
    expect(laser.state).toBe(true);
    await waitFor('the board to switch', () => fake.relays[0] === true);
    await board.stop();
    await fake.detach();
    const [silent] = await start('none', true);
    const error = await silent.set(true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RelayError);
    expect(error).toMatchObject({ code: 'READBACK_TIMEOUT' });
  });

  it('refuses to switch while the board is unplugged, and switches again after the replug', async () => {
    const [laser] = await start('bytes', true);
    await laser.set(true);
    expect(board.portSupervisor.health().opens).toBe(1);
    await fake.detach();
    await bench.unplug();
    await waitFor('the unplug to be noticed', () => !board.portSupervisor.isOpen);
    await expect(laser.set(false)).rejects.toMatchObject({ code: 'PORT_DOWN' });
    await bench.plugIn();
    await fake.attach(); // the replugged board starts with all relays off
    await waitFor('the board port to reopen', () => board.portSupervisor.isOpen, 5000);
    expect(laser.state).toBeNull();
    await laser.set(true);
    expect(fake.relays[0]).toBe(true);
    expect(board.portSupervisor.health()).toMatchObject({ opens: 2, state: 'open' });
  });
});
