import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * A socat pseudo-terminal pair: the bridge opens `bridgePath`, a fake device opens `devicePath`, and bytes
 * written to one come out of the other. Killing it is an unplug (both links vanish); starting a new pair on
 * the same paths is the replug.
 */
export interface PtyPair {
  bridgePath: string;
  devicePath: string;
  /** Ends socat and waits until it has exited (and removed its links). */
  kill(): Promise<void>;
}

export async function openPtyPair(
  bridgePath: string,
  devicePath: string,
  timeoutMs = 5000,
): Promise<PtyPair> {
  const socat: ChildProcess = spawn(
    'socat',
    ['-d', '-d', `pty,raw,echo=0,link=${bridgePath}`, `pty,raw,echo=0,link=${devicePath}`],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  socat.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  const spawnError = new Promise<never>((_, reject) =>
    socat.once('error', (error) =>
      reject(new Error(`socat could not start (apt-get install socat): ${error.message}`)),
    ),
  );
  const deadline = Date.now() + timeoutMs;
  const ready = (async () => {
    // socat logs "starting data transfer loop" once both ptys and their links exist.
    while (!(
      stderr.includes('starting data transfer loop') &&
      existsSync(bridgePath) &&
      existsSync(devicePath)
    )) {
      if (socat.exitCode !== null) throw new Error(`socat exited with ${socat.exitCode}: ${stderr.trim()}`);
      if (Date.now() > deadline)
        throw new Error(`socat did not create ${bridgePath} within ${timeoutMs} ms: ${stderr.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (error) {
    socat.kill('SIGKILL');
    throw error;
  }
  return {
    bridgePath,
    devicePath,
    kill: async () => {
      if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
      await exited;
    },
  };
}
