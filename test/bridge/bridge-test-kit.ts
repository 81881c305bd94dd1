import { join } from 'node:path';
import pino from 'pino';
import type { Tap } from '../../firmware-bridge/src/readers/card-reader';
import { PortSupervisor } from '../../firmware-bridge/src/serial/port-supervisor';
import { openPtyPair, type PtyPair } from '../../firmware-bridge/testing/pty-pair';
import { makeTempDir } from '../support/temp-dir';

/** Quiet unless BRIDGE_TEST_LOG=debug: the supervisor and readers log every reopen. */
export const testLogger = pino({ level: process.env.BRIDGE_TEST_LOG ?? 'silent' });

export interface PtyBench {
  dir: string;
  pair: PtyPair;
  bridgePath: string;
  devicePath: string;
  /** Unplug (kill socat: both links vanish) and, after `gapMs`, plug in again on the same paths. */
  replug(gapMs?: number): Promise<void>;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
  close(): Promise<void>;
}

export async function openPtyBench(name: string): Promise<PtyBench> {
  const temp = makeTempDir(`bridge-${name}`);
  const bridgePath = join(temp.path, `${name}-bridge`);
  const devicePath = join(temp.path, `${name}-device`);
  const bench: PtyBench = {
    dir: temp.path,
    pair: await openPtyPair(bridgePath, devicePath),
    bridgePath,
    devicePath,
    async replug(gapMs = 300) {
      await bench.unplug();
      await sleep(gapMs);
      await bench.plugIn();
    },
    unplug: () => bench.pair.kill(),
    async plugIn() {
      bench.pair = await openPtyPair(bridgePath, devicePath);
    },
    async close() {
      await bench.pair.kill();
      temp.remove();
    },
  };
  return bench;
}

export function supervisorFor(
  path: string,
  baudRate: number,
  extra: Partial<ConstructorParameters<typeof PortSupervisor>[0]> = {},
): PortSupervisor {
  return new PortSupervisor({
    path,
    baudRate,
    logger: testLogger,
    backoffInitialMs: 100,
    backoffMaxMs: 500,
    identityCheckMs: 200,
    ...extra,
  });
}

export function collectTaps(reader: { onTap(listener: (tap: Tap) => void): void }): Tap[] {
  const taps: Tap[] = [];
  reader.onTap((tap) => taps.push(tap));
  return taps;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until true; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}
