import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBridgeConfig, MAX_CONFIG_BYTES, parseBridgeConfig } from './load-bridge-config';
import { BridgeConfigError } from './validate-bridge-config';

const VALID = `
bridgeId: bridge-werkstatt
broker:
  url: mqtt://127.0.0.1:1883
publicKeyFiles: [allowlist.pub]
bridgeCardKeyFile: bridge-card.key
dataDir: data
readers:
  - &rdm { kind: rdm6300, path: /dev/serial0, machineId: laser-1 }
  - { kind: line, path: /dev/ttyACM0, machineId: door, pattern: '^\\x02?(?<uid>[0-9A-F]{8})' }
`;

function problemsOf(text: string): string[] {
  try {
    parseBridgeConfig(text, '/etc/werkbank-bridge');
  } catch (error) {
    if (error instanceof BridgeConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the text was accepted');
}

describe('parseBridgeConfig (YAML)', () => {
  it('parses a valid file, anchors included', () => {
    const config = parseBridgeConfig(
      `${VALID}outputs:\n  - { kind: lcus, path: /dev/ttyUSB1, channel: 1, machineId: laser-1 }\n`,
      '/srv',
    );
    expect(config.readers[0]).toEqual({
      kind: 'rdm6300',
      path: '/dev/serial0',
      machineId: 'laser-1',
      baud: 9600,
    });
    const line = config.readers[1];
    expect(line?.kind === 'line' && line.pattern.source).toBe('^\\x02?(?<uid>[0-9A-F]{8})');
    expect(config.dataDir).toBe('/srv/data');
  });

  it('refuses a billion-laughs alias bomb before expanding it', () => {
    const bomb = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
      'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
      'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
      'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
      'f: [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    ].join('\n');
    const started = Date.now();
    expect(problemsOf(bomb)).toEqual([expect.stringMatching(/^YAML: Excessive alias count/)]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses text larger than the limit without parsing it', () => {
    const huge = `${VALID}\n# ${'x'.repeat(MAX_CONFIG_BYTES)}\n`;
    expect(problemsOf(huge)).toEqual([
      `the text is larger than the ${MAX_CONFIG_BYTES} bytes a config may have`,
    ]);
  });

  it('refuses duplicate keys (the second would silently win)', () => {
    expect(problemsOf(`${VALID}dataDir: /tmp\n`)).toEqual([
      expect.stringMatching(/^YAML DUPLICATE_KEY: Map keys must be unique/),
    ]);
  });

  it('refuses language-specific and unknown tags instead of reading them as text', () => {
    expect(problemsOf(`${VALID}logLevel: !!js/function "function () { return 'info' }"\n`)).toEqual([
      expect.stringMatching(/^YAML TAG_RESOLVE_FAILED/),
    ]);
  });

  it('does not merge `<<` keys (merge keys are off): they are unknown fields', () => {
    expect(problemsOf(`${VALID}<<: { logLevel: debug }\n`)).toContainEqual(
      expect.stringMatching(/^<<: unknown field/),
    );
  });

  it('reports a syntax error with its position', () => {
    expect(problemsOf('bridgeId: [unclosed\n')).toEqual([expect.stringMatching(/^YAML \w+: .*line \d+/)]);
  });

  it('reports wrong types from YAML scalars by field', () => {
    const text = VALID.replace('mqtt://127.0.0.1:1883', '1883').replace(
      'machineId: laser-1',
      'machineId: 12',
    );
    expect(problemsOf(text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^broker.url: /),
        'readers[0].machineId: must be a string (got number 12)',
      ]),
    );
  });

  it('treats an empty file as a missing mapping', () => {
    expect(problemsOf('')).toEqual([
      expect.stringMatching(/^the top level must be a mapping .*\(got null\)$/),
    ]);
  });
});

describe('loadBridgeConfig (file)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'werkbank-bridge-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file and resolves relative paths against its folder', () => {
    writeFileSync(join(dir, 'bridge.yml'), VALID);
    expect(loadBridgeConfig(join(dir, 'bridge.yml')).publicKeyFiles).toEqual([join(dir, 'allowlist.pub')]);
  });

  it('says what to do about a missing file', () => {
    expect(() => loadBridgeConfig(join(dir, 'nope.yml'))).toThrow(
      /the file does not exist: pass --config <file>/,
    );
  });

  it('refuses a huge file by its size, before reading it', () => {
    writeFileSync(join(dir, 'big.yml'), Buffer.alloc(MAX_CONFIG_BYTES + 1, 0x20));
    expect(() => loadBridgeConfig(join(dir, 'big.yml'))).toThrow(/more than the 262144 a config may have/);
  });

  it('refuses a folder passed as the config', () => {
    expect(() => loadBridgeConfig(dir)).toThrow(BridgeConfigError);
  });
});
