import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { BridgeConfig } from './bridge-config';
import { BridgeConfigError, validateBridgeConfig } from './validate-bridge-config';

/** A real bridge.yml is a few KiB; anything far larger is a mistake (or an attack on the parser). */
export const MAX_CONFIG_BYTES = 256 * 1024;
/** Aliases are handy for repeated machine blocks; a billion-laughs file needs thousands. */
export const MAX_ALIAS_COUNT = 50;

export function loadBridgeConfig(file: string): BridgeConfig {
  const path = resolve(file);
  let text: string;
  try {
    const stat = statSync(path);
    if (!stat.isFile())
      throw new BridgeConfigError(path, ['is not a file: pass the bridge.yml file itself to --config']);
    if (stat.size > MAX_CONFIG_BYTES)
      throw new BridgeConfigError(path, [
        `the file has ${stat.size} bytes, more than the ${MAX_CONFIG_BYTES} a config may have`,
      ]);
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof BridgeConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT'
        ? 'the file does not exist: pass --config <file> (see firmware-bridge/README.md for an example)'
        : `cannot read it (${code ?? String(error)}): check the file's owner and mode`;
    throw new BridgeConfigError(path, [hint]);
  }
  return parseBridgeConfig(text, dirname(path), path);
}
/** Parses YAML text strictly: duplicate keys, unknown tags and alias floods are errors, not surprises. */
export function parseBridgeConfig(text: string, baseDir: string, source = 'bridge.yml'): BridgeConfig {
  if (Buffer.byteLength(text, 'utf8') > MAX_CONFIG_BYTES)
    throw new BridgeConfigError(source, [
      `the text is larger than the ${MAX_CONFIG_BYTES} bytes a config may have`,
    ]);
  const doc = parseDocument(text, { uniqueKeys: true, merge: false, prettyErrors: true, strict: true });
  const problems = [...doc.errors, ...doc.warnings].map((e) => `YAML ${e.code}: ${e.message.split('\n')[0]}`);
  if (problems.length > 0) throw new BridgeConfigError(source, problems);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new BridgeConfigError(source, [`YAML: ${(error as Error).message}`]);
  }
  return validateBridgeConfig(value, baseDir, source);
}
