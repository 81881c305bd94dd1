import { ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '../..');
/** Node's flags to run a TypeScript entry point of the repository (npm scripts run the same files built). */
const FROM_SOURCE = ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'];

export interface ProgramRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program of the repository from source as its own process, with only `env` (and PATH) set. */
export function runFromSource(
  file: string,
  args: string[],
  env: Record<string, string>,
): Promise<ProgramRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...FROM_SOURCE, join(ROOT, file), ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Starts a long-running program of the repository from source (e.g. the server); the caller stops it. With
 * `output: true` its stdout and stderr are pipes the caller reads.
 */
export function spawnFromSource(
  file: string,
  env: Record<string, string>,
  { output = false }: { output?: boolean } = {},
): ChildProcess {
  return spawn(process.execPath, [...FROM_SOURCE, join(ROOT, file)], {
    cwd: ROOT,
    stdio: output ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}
