import { constants, promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { BridgeConfig } from './bridge-config';

/**
 * Start-up check of the files bridge.yml names: each key file must be readable by the bridge's user, the
 * data folder writable (or creatable). Each problem names the field and says what to do.
 */
export async function adviseConfigFiles(config: BridgeConfig): Promise<string[]> {
  const files: Array<[string, string | null]> = [
    ['broker.passwordFile', config.broker.passwordFile],
    ['broker.caFile', config.broker.caFile],
    ['bridgeCardKeyFile', config.bridgeCardKeyFile],
    ...config.publicKeyFiles.map((file, i): [string, string] => [`publicKeyFiles[${i}]`, file]),
  ];
  const problems: string[] = [];
  for (const [field, file] of files) {
    if (file === null) continue;
    const problem = await readableFileProblem(file);
    if (problem !== null) problems.push(`${field}: ${file} ${problem}`);
  }
  const dataDir = await writableDirProblem(config.dataDir);
  if (dataDir !== null) problems.push(`dataDir: ${config.dataDir} ${dataDir}`);
  return problems;
}

async function readableFileProblem(file: string): Promise<string | null> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return 'is not a file';
    await fs.access(file, constants.R_OK);
    return null;
  } catch (error) {
    return explain(
      (error as NodeJS.ErrnoException).code,
      'copy it from the provisioning file the server gave for this bridge',
    );
  }
}

async function writableDirProblem(dir: string): Promise<string | null> {
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) return 'is not a folder';
    await fs.access(dir, constants.W_OK);
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return explain(code, '');
    // A missing data folder is created on first start, if its parent lets us.
    try {
      await fs.access(dirname(dir), constants.W_OK);
      return null;
    } catch {
      return 'does not exist and cannot be created: create it for the bridge user (the systemd unit does: StateDirectory=)';
    }
  }
}

function explain(code: string | undefined, missingHint: string): string {
  if (code === 'ENOENT') return `does not exist${missingHint === '' ? '' : `: ${missingHint}`}`;
  if (code === 'EACCES' || code === 'EPERM')
    return 'is not accessible to the bridge user: check its owner and mode (e.g. root:werkbank-bridge 0640)';
  return `cannot be used (${code ?? 'unknown error'})`;
}
