import pino from 'pino';
import { PortSupervisor } from './port-supervisor';
import type { SerialLink, SerialOpener } from './serial-link';

const logger = pino({ level: 'silent' });

/** An in-memory port: the test feeds data, loses the link, and sees what was written. */
class MemoryLink implements SerialLink {
  readonly written: number[][] = [];
  closed = false;
  private data: ((chunk: Buffer) => void) | null = null;
  private lost: ((reason: string) => void) | null = null;
  failWrites = false;
  async write(data: Uint8Array): Promise<void> {
    if (this.failWrites) throw new Error('EIO');
    this.written.push([...data]);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  onData(listener: (chunk: Buffer) => void): void {
    this.data = listener;
  }
  onLost(listener: (reason: string) => void): void {
    this.lost = listener;
  }
  feed(text: string): void {
    this.data?.(Buffer.from(text));
  }
  lose(reason: string): void {
    this.lost?.(reason);
  }
}

function scriptedOpener(script: Array<Error | MemoryLink>): { opener: SerialOpener; attempts: number[] } {
  const attempts: number[] = [];
  const opener: SerialOpener = async () => {
    attempts.push(Date.now());
    const next = script.shift();
    if (next === undefined) throw new Error('No such file or directory');
    if (next instanceof Error) throw next;
    return next;
  };
  return { opener, attempts };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(5);
  }
}

function supervisor(
  opener: SerialOpener,
  extra: Partial<ConstructorParameters<typeof PortSupervisor>[0]> = {},
) {
  // The path does not exist, so the node-identity check never interferes; these specs are about the state.
  return new PortSupervisor({
    path: '/nonexistent/ttyTEST',
    baudRate: 9600,
    logger,
    opener,
    backoffInitialMs: 20,
    backoffMaxMs: 80,
    identityCheckMs: 60_000,
    ...extra,
  });
}

describe('PortSupervisor', () => {
  it('retries with growing delays, turns failed after failedAfter, and opens when the port appears', async () => {
    const link = new MemoryLink();
    const { opener, attempts } = scriptedOpener([
      new Error('Error: No such file or directory, cannot open /dev/ttyUSB0'),
      new Error('x'),
      new Error('x'),
      new Error('Error: Permission denied, cannot open /dev/ttyUSB0'),
      link,
    ]);
    const port = supervisor(opener, { failedAfter: 4 });
    const states: string[] = [];
    port.start();
    await waitFor(() => {
      states.push(port.health().state);
      return port.health().failures === 4;
    });
    expect(port.health()).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/dialout group/),
    });
    await waitFor(() => port.isOpen);
    expect(port.health()).toMatchObject({ state: 'open', failures: 0, opens: 1 });
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] as number));
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[2]).toBeGreaterThanOrEqual(70); // 20, 40, 80 (capped)
    expect(states).toContain('reopening');
    await port.stop();
    expect(link.closed).toBe(true);
  });

  it('reopens after the link is lost and tells its listeners', async () => {
    const first = new MemoryLink();
    const second = new MemoryLink();
    const port = supervisor(scriptedOpener([first, second]).opener);
    const events: string[] = [];
    port.onOpen(() => events.push('open'));
    port.onLost((reason) => events.push(`lost: ${reason}`));
    port.onData((chunk) => events.push(`data: ${chunk.toString()}`));
    port.start();
    await waitFor(() => port.isOpen);
    first.feed('a');
    first.lose('device disconnected');
    await waitFor(() => port.health().opens === 2);
    first.feed('stale'); // the old link is gone: its bytes are not delivered
    second.feed('b');
    expect(events).toEqual(['open', 'data: a', 'lost: device disconnected', 'open', 'data: b']);
    expect(port.health()).toMatchObject({ lastError: 'device disconnected', state: 'open' });
    await port.stop();
  });

  it('never throws: a failing write reopens the port and answers false, a throwing listener is contained', async () => {
    const link = new MemoryLink();
    const port = supervisor(scriptedOpener([link, new MemoryLink()]).opener);
    port.onData(() => {
      throw new Error('listener bug');
    });
    port.start();
    await waitFor(() => port.isOpen);
    expect(() => link.feed('x')).not.toThrow();
    await expect(port.write(Uint8Array.from([1]))).resolves.toBe(true);
    link.failWrites = true;
    await expect(port.write(Uint8Array.from([2]))).resolves.toBe(false);
    expect(port.health().lastError).toBe('write failed: EIO');
    await waitFor(() => port.health().opens === 2);
    await port.stop();
    await expect(port.write(Uint8Array.from([3]))).resolves.toBe(false);
    expect(port.health().state).toBe('stopped');
  });

  it('reopens a polled device that falls silent, not one that keeps talking', async () => {
    const talking = new MemoryLink();
    const port = supervisor(scriptedOpener([talking, new MemoryLink()]).opener, { silenceTimeoutMs: 300 });
    port.start();
    await waitFor(() => port.isOpen);
    const feeder = setInterval(() => talking.feed('.'), 50);
    await sleep(1200);
    clearInterval(feeder);
    expect(port.health().opens).toBe(1);
    await waitFor(() => port.health().opens === 2, 3000);
    expect(port.health().lastError).toBe('no bytes for 300 ms from a device that answers polls');
    await port.stop();
  });

  it('closes a port that finished opening after stop()', async () => {
    const link = new MemoryLink();
    let release: () => void = () => undefined;
    const opener: SerialOpener = () => new Promise((resolve) => (release = () => resolve(link)));
    const port = supervisor(opener);
    port.start();
    await port.stop();
    release();
    await waitFor(() => link.closed);
    expect(port.health().state).toBe('stopped');
  });
});
