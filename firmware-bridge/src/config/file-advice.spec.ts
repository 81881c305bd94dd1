import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBridgeConfig } from './load-bridge-config';
import { adviseConfigFiles } from './file-advice';

describe('adviseConfigFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'werkbank-bridge-files-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const config = (extra = '') =>
    parseBridgeConfig(
      `bridgeId: b
broker: { url: mqtt://127.0.0.1, passwordFile: mqtt-password }
publicKeyFiles: [allowlist.pub, next.pub]
bridgeCardKeyFile: bridge-card.key
dataDir: state/data
readers: [{ kind: rdm6300, path: /dev/serial0, machineId: m }]
${extra}`,
      dir,
    );

  it('names every missing file with its field and what to do', async () => {
    await expect(adviseConfigFiles(config())).resolves.toEqual([
      `broker.passwordFile: ${join(dir, 'mqtt-password')} does not exist: copy it from the provisioning file the server gave for this bridge`,
      `bridgeCardKeyFile: ${join(dir, 'bridge-card.key')} does not exist: copy it from the provisioning file the server gave for this bridge`,
      `publicKeyFiles[0]: ${join(dir, 'allowlist.pub')} does not exist: copy it from the provisioning file the server gave for this bridge`,
      `publicKeyFiles[1]: ${join(dir, 'next.pub')} does not exist: copy it from the provisioning file the server gave for this bridge`,
      `dataDir: ${join(dir, 'state/data')} does not exist and cannot be created: create it for the bridge user (the systemd unit does: StateDirectory=)`,
    ]);
  });

  it('is silent when the files exist and the data folder can be created; refuses a folder as a key file', async () => {
    for (const file of ['mqtt-password', 'bridge-card.key', 'allowlist.pub'])
      writeFileSync(join(dir, file), 'x');
    mkdirSync(join(dir, 'next.pub'));
    mkdirSync(join(dir, 'state'));
    await expect(adviseConfigFiles(config())).resolves.toEqual([
      `publicKeyFiles[1]: ${join(dir, 'next.pub')} is not a file`,
    ]);
  });
});
