import { Pn532Command } from '@werkbank/device-protocol';
import pino from 'pino';
import { FakePn532 } from '../../testing/fake-pn532';
import { PortSupervisor } from '../serial/port-supervisor';
import type { Tap } from './card-reader';
import { Pn532Reader } from './pn532.reader';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

/** The PN532 reader's state machine against the fake chip, wired in memory (the e2e suite uses ptys). */
async function setUp() {
  const chip = new FakePn532('memory');
  const port = new PortSupervisor({
    path: '/nonexistent/pn532',
    baudRate: 115200,
    logger,
    opener: chip.memoryOpener(),
    backoffInitialMs: 20,
  });
  const reader = new Pn532Reader(
    {
      kind: 'pn532',
      path: '/nonexistent/pn532',
      machineId: 'cnc-1',
      baud: 115200,
      pollIntervalMs: 20,
      silenceTimeoutMs: 10_000,
    },
    port,
    logger,
    { ackTimeoutMs: 30, responseTimeoutMs: 60, maxRetries: 2 },
  );
  const taps: Tap[] = [];
  reader.onTap((tap) => taps.push(tap));
  reader.start();
  return { chip, port, reader, taps };
}

describe('Pn532Reader state machine', () => {
  it('goes handshake → polling and releases the target it read', async () => {
    const { chip, reader, taps } = await setUp();
    expect(reader.currentPhase).toBe('waiting-for-port');
    await waitFor(() => reader.currentPhase === 'polling');
    expect(chip.commands.slice(0, 3)).toEqual([
      Pn532Command.SamConfiguration,
      Pn532Command.GetFirmwareVersion,
      Pn532Command.RfConfiguration,
    ]);
    chip.presentCard({ uid: '0102030405060708090A' });
    await waitFor(() => taps.length === 1 && chip.count(Pn532Command.InRelease) === 1);
    expect(taps[0]).toMatchObject({ uid: '0102030405060708090A', machineId: 'cnc-1' });
    const afterRead = chip.commands.slice(
      chip.commands.lastIndexOf(
        Pn532Command.InListPassiveTarget,
        chip.commands.indexOf(Pn532Command.InRelease),
      ),
    );
    expect(afterRead.slice(0, 2)).toEqual([Pn532Command.InListPassiveTarget, Pn532Command.InRelease]);
    await reader.stop();
  });

  it('counts a failed handshake and retries it; after three the port is reopened', async () => {
    const { chip, reader, port } = await setUp();
    chip.faults.silent = 3; // three SAMConfigurations go unanswered
    await waitFor(() => port.health().opens === 2);
    expect(reader.health().rejects.handshakeFailed).toBe(3);
    await waitFor(() => reader.currentPhase === 'polling');
    expect(port.health().lastError).toMatch(/^PN532 did not answer 3 handshakes: SAMConfiguration: no ACK/);
    await reader.stop();
  });

  it('stops polling when stopped and sends nothing afterwards', async () => {
    const { chip, reader } = await setUp();
    await waitFor(() => reader.currentPhase === 'polling');
    await reader.stop();
    const sent = chip.commands.length;
    await sleep(100);
    expect(chip.commands.length).toBe(sent);
    expect(reader.currentPhase).toBe('stopped');
  });
});
