import { generateKeyPairSync } from 'node:crypto';
import { BridgeConfigError, validateBridgeConfig } from './validate-bridge-config';

const RSA_PUBLIC_PEM = generateKeyPairSync('rsa', { modulusLength: 1024 })
  .publicKey.export({ type: 'spki', format: 'pem' })
  .toString();

function base(): Record<string, unknown> {
  return {
    bridgeId: 'bridge-werkstatt',
    broker: { url: 'mqtts://werkbank.example.org:8883', passwordFile: 'secrets/mqtt-password' },
    publicKeyFiles: ['/etc/werkbank-bridge/allowlist.pub'],
    bridgeCardKeyFile: '/etc/werkbank-bridge/bridge-card.key',
    dataDir: '/var/lib/werkbank-bridge',
    readers: [
      { kind: 'rdm6300', path: '/dev/serial0', machineId: 'laser-1' },
      { kind: 'pn532', path: '/dev/ttyUSB0', machineId: 'cnc-1' },
      { kind: 'line', path: '/dev/ttyACM0', machineId: 'door', pattern: '^(?<uid>[0-9A-F]{8})$' },
    ],
    outputs: [
      { kind: 'lcus', path: '/dev/ttyUSB1', channel: 1, machineId: 'laser-1' },
      { kind: 'lcus', path: '/dev/ttyUSB1', channel: 2, machineId: 'cnc-1' },
      { kind: 'mqtt', topic: 'cmnd/tasmota_5A1B2C/POWER', machineId: 'door' },
    ],
    machines: { 'cnc-1': { offlinePolicy: 'failOpen' } },
  };
}

/** The problems validateBridgeConfig lists for `config` (fails the test when it accepts it). */
function problems(config: unknown): string[] {
  try {
    validateBridgeConfig(config, '/etc/werkbank-bridge');
  } catch (error) {
    if (error instanceof BridgeConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('the config was accepted');
}

function withChange(change: (c: Record<string, unknown>) => void): Record<string, unknown> {
  const config = base();
  change(config);
  return config;
}

const readers = (c: Record<string, unknown>) => c.readers as Array<Record<string, unknown>>;
const outputs = (c: Record<string, unknown>) => c.outputs as Array<Record<string, unknown>>;

describe('validateBridgeConfig', () => {
  it('accepts a full config and fills in every default', () => {
    const config = validateBridgeConfig(base(), '/etc/werkbank-bridge');
    expect(config.broker).toEqual({
      url: 'mqtts://werkbank.example.org:8883',
      username: 'bridge-werkstatt',
      passwordFile: '/etc/werkbank-bridge/secrets/mqtt-password',
      caFile: null,
      topicPrefix: 'werkbank',
    });
    expect(config.serverTimeoutMs).toBe(300);
    expect(config.logLevel).toBe('info');
    expect(config.readers.map((r) => [r.kind, r.baud])).toEqual([
      ['rdm6300', 9600],
      ['pn532', 115200],
      ['line', 9600],
    ]);
    expect(config.readers[1]).toMatchObject({ pollIntervalMs: 250, silenceTimeoutMs: 10_000 });
    expect(config.readers[2]).toMatchObject({ uidFormat: 'hex' });
    expect(config.outputs[0]).toMatchObject({ baud: 9600, readback: false });
    expect(config.outputs[2]).toMatchObject({ payloadOn: 'ON', payloadOff: 'OFF' });
    expect({ ...config.machines }).toEqual({
      'laser-1': { offlinePolicy: 'failClosed' },
      'cnc-1': { offlinePolicy: 'failOpen' },
      door: { offlinePolicy: 'failClosed' },
    });
  });

  it('lists every problem at once, each naming its field', () => {
    const found = problems(
      withChange((c) => {
        c.bridgeId = 'bridge werkstatt';
        c.serverTimeoutMs = 10;
        readers(c)[0]!.baud = 9601;
      }),
    );
    expect(found).toEqual([
      expect.stringMatching(/^bridgeId: must be 1-64 characters .* \(got "bridge werkstatt"\)$/),
      'readers[0].baud: must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400 (got number 9601)',
      'serverTimeoutMs: must be between 50 and 10000 (got 10)',
    ]);
  });

  it.each<[string, (c: Record<string, unknown>) => void, string | RegExp]>([
    ['a missing bridgeId', (c) => delete c.bridgeId, 'bridgeId: is required'],
    [
      'an unknown top-level field',
      (c) => (c.brokr = {}),
      /^brokr: unknown field \(allowed: bridgeId, broker/,
    ],
    ['a missing broker', (c) => delete c.broker, 'broker: must be a mapping (got null)'],
    [
      'a broker url that is no URL',
      (c) => ((c.broker as Record<string, unknown>).url = 'not a url'),
      /^broker.url: is not a URL/,
    ],
    [
      'an http broker url',
      (c) => ((c.broker as Record<string, unknown>).url = 'http://x'),
      /^broker.url: must start with mqtt:\/\//,
    ],
    [
      'credentials in the broker url',
      (c) => ((c.broker as Record<string, unknown>).url = 'mqtt://u:p@x'),
      /must not contain credentials/,
    ],
    [
      'a wildcard topic prefix',
      (c) => ((c.broker as Record<string, unknown>).topicPrefix = 'werk/#'),
      /^broker.topicPrefix: must not contain/,
    ],
    [
      'a password file that is a number',
      (c) => ((c.broker as Record<string, unknown>).passwordFile = 42),
      'broker.passwordFile: must be a string (got number 42)',
    ],
    ['no public key file', (c) => delete c.publicKeyFiles, /^publicKeyFiles: is required/],
    ['an empty public key list', (c) => (c.publicKeyFiles = []), 'publicKeyFiles: needs at least one file'],
    ['a missing data dir', (c) => delete c.dataDir, 'dataDir: is required'],
    [
      'no bridge card key',
      (c) => delete c.bridgeCardKeyFile,
      'bridgeCardKeyFile: set exactly one of bridgeCardKeyFile and bridgeCardKey',
    ],
    [
      'two bridge card keys',
      (c) => (c.bridgeCardKey = 'ab'.repeat(32)),
      'bridgeCardKeyFile: set exactly one of bridgeCardKeyFile and bridgeCardKey',
    ],
    [
      'an inline bridge card key that is not 64 hex digits',
      (c) => {
        delete c.bridgeCardKeyFile;
        c.bridgeCardKey = 'xyz';
      },
      /^bridgeCardKey: must be 64 hex digits/,
    ],
    [
      'an inline public key that is not a PEM key',
      (c) => (c.publicKeys = [{ keyId: 'k', pem: 'hello' }]),
      'publicKeys[0].pem: must be a PEM public key (-----BEGIN PUBLIC KEY----- …)',
    ],
    [
      'an inline RSA public key',
      (c) => (c.publicKeys = [{ pem: RSA_PUBLIC_PEM }]),
      'publicKeys[0].pem: must be an Ed25519 public key',
    ],
    ['a path with a NUL byte', (c) => (c.dataDir = '/var/lib/\0x'), 'dataDir: must not contain a NUL byte'],
    [
      'a fractional timeout',
      (c) => (c.serverTimeoutMs = 300.5),
      'serverTimeoutMs: must be a whole number (got number 300.5)',
    ],
    [
      'a timeout given as text',
      (c) => (c.serverTimeoutMs = '300'),
      'serverTimeoutMs: must be a whole number (got the text "300")',
    ],
    ['an unknown log level', (c) => (c.logLevel = 'verbose'), /^logLevel: must be one of fatal, error/],
    [
      'readers that are not a list',
      (c) => (c.readers = { kind: 'rdm6300' }),
      'readers: must be a list (got a mapping)',
    ],
    ['no readers', (c) => (c.readers = []), /^readers: needs at least one reader/],
    [
      'a reader of unknown kind',
      (c) => (readers(c)[0]!.kind = 'rc522'),
      'readers[0].kind: must be one of rdm6300, pn532, line (got the text "rc522")',
    ],
    [
      'a reader without kind',
      (c) => delete readers(c)[0]!.kind,
      'readers[0].kind: is required (one of rdm6300, pn532, line)',
    ],
    [
      'a relative reader path is resolved, a missing one refused',
      (c) => delete readers(c)[0]!.path,
      'readers[0].path: is required',
    ],
    [
      'a field of another kind',
      (c) => (readers(c)[0]!.pattern = '(x)'),
      /^readers\[0\]\.pattern: unknown field \(allowed: kind, path, machineId, baud\)$/,
    ],
    [
      'a bad machine id',
      (c) => (readers(c)[0]!.machineId = 'laser/1'),
      /^readers\[0\]\.machineId: must be 1-64 characters/,
    ],
    [
      'a PN532 poll interval out of range',
      (c) => (readers(c)[1]!.pollIntervalMs = 10),
      'readers[1].pollIntervalMs: must be between 50 and 5000 (got 10)',
    ],
    [
      'a PN532 watchdog below a second',
      (c) => (readers(c)[1]!.silenceTimeoutMs = 200),
      'readers[1].silenceTimeoutMs: must be between 1000 and 600000 (got 200)',
    ],
    [
      'a line reader without pattern',
      (c) => delete readers(c)[2]!.pattern,
      'readers[2].pattern: is required',
    ],
    [
      'a line pattern that does not compile',
      (c) => (readers(c)[2]!.pattern = '([0-9'),
      /^readers\[2\]\.pattern: is not a valid regular expression/,
    ],
    [
      'a line pattern without a capture group',
      (c) => (readers(c)[2]!.pattern = '^[0-9A-F]{8}$'),
      /^readers\[2\]\.pattern: needs a capture group/,
    ],
    [
      'an overlong line pattern',
      (c) => (readers(c)[2]!.pattern = `(${'a'.repeat(300)})`),
      /^readers\[2\]\.pattern: must be at most 200 characters/,
    ],
    [
      'an unknown line uid format',
      (c) => (readers(c)[2]!.uidFormat = 'octal'),
      /^readers\[2\]\.uidFormat: must be one of hex, decimal32/,
    ],
    [
      'two readers on one port',
      (c) => (readers(c)[1]!.path = '/dev/serial0'),
      'readers[1].path: /dev/serial0 is already used by readers[0]',
    ],
    [
      'an output on a reader port',
      (c) => (outputs(c)[0]!.path = '/dev/ttyUSB0'),
      'outputs[0].path: /dev/ttyUSB0 is already used by readers[1]',
    ],
    [
      'an output of unknown kind',
      (c) => (outputs(c)[0]!.kind = 'gpio'),
      /^outputs\[0\]\.kind: must be one of lcus, mqtt/,
    ],
    [
      'an LCUS channel out of range',
      (c) => (outputs(c)[0]!.channel = 9),
      'outputs[0].channel: must be between 1 and 8 (got 9)',
    ],
    [
      'one LCUS channel twice',
      (c) => (outputs(c)[1]!.channel = 1),
      'outputs[1].channel: channel 1 of /dev/ttyUSB1 is already used by outputs[0]',
    ],
    [
      'one board at two baud rates',
      (c) => (outputs(c)[1]!.baud = 115200),
      'outputs[1].baud: /dev/ttyUSB1 is already opened at 9600 baud by another channel',
    ],
    [
      'readback on one channel of a board only',
      (c) => (outputs(c)[1]!.readback = true),
      'outputs[1].readback: must be the same for every channel of /dev/ttyUSB1 (another channel has readback: false)',
    ],
    [
      'readback that is not a boolean',
      (c) => (outputs(c)[0]!.readback = 'yes'),
      'outputs[0].readback: must be true or false (got the text "yes")',
    ],
    [
      'two outputs for one machine',
      (c) => (outputs(c)[2]!.machineId = 'laser-1'),
      'outputs[2].machineId: machine laser-1 already has an output (outputs[0])',
    ],
    [
      'an MQTT output with a wildcard topic',
      (c) => (outputs(c)[2]!.topic = 'cmnd/+/POWER'),
      /^outputs\[2\]\.topic: must be a topic without wildcards/,
    ],
    ['an MQTT output without topic', (c) => delete outputs(c)[2]!.topic, 'outputs[2].topic: is required'],
    [
      'an unknown offline policy',
      (c) => (c.machines = { 'cnc-1': { offlinePolicy: 'open' } }),
      'machines.cnc-1.offlinePolicy: must be one of failClosed, failOpen (got the text "open")',
    ],
    [
      'a policy for an unbound machine (typo)',
      (c) => (c.machines = { cnc1: { offlinePolicy: 'failOpen' } }),
      /^machines\.cnc1: no reader or output is bound to machine cnc1 \(typo\? bound: laser-1, cnc-1, door\)$/,
    ],
    [
      'machines as a list',
      (c) => (c.machines = ['cnc-1']),
      'machines: must be a mapping of machine id to { offlinePolicy }',
    ],
    [
      'an unknown machine field',
      (c) => (c.machines = { 'cnc-1': { policy: 'failOpen' } }),
      'machines.cnc-1.policy: unknown field (allowed: offlinePolicy)',
    ],
  ])('refuses %s', (_, change, expected) => {
    expect(problems(withChange(change))).toContainEqual(
      typeof expected === 'string' ? expected : expect.stringMatching(expected),
    );
  });

  it.each([
    ['a list', ['bridgeId']],
    ['a string', 'bridgeId: x'],
    ['null (empty file)', null],
    ['a number', 42],
  ])('refuses a document that is %s', (_, value) => {
    expect(problems(value)).toEqual([expect.stringMatching(/must be a mapping/)]);
  });

  it('refuses __proto__ as an unknown field and leaves Object.prototype alone', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "bridgeId": "b"}') as unknown;
    expect(problems(hostile)).toContainEqual(expect.stringMatching(/^__proto__: unknown field/));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('does not echo a huge bad value into the message', () => {
    const found = problems(withChange((c) => (c.serverTimeoutMs = 'x'.repeat(100_000))));
    expect(found.find((p) => p.startsWith('serverTimeoutMs'))!.length).toBeLessThan(120);
  });

  it('caps the number of readers', () => {
    const many = Array.from({ length: 33 }, (_, i) => ({
      kind: 'rdm6300',
      path: `/dev/ttyS${i}`,
      machineId: `m${i}`,
    }));
    expect(problems(withChange((c) => (c.readers = many)))).toContainEqual(
      'readers: must have at most 32 entries (got 33)',
    );
  });

  it('resolves relative paths against the config folder and accepts a single public key file', () => {
    const config = validateBridgeConfig(
      withChange((c) => {
        c.publicKeyFiles = 'keys/allowlist.pub';
        c.dataDir = 'data';
      }),
      '/srv/bridge',
    );
    expect(config.publicKeyFiles).toEqual(['/srv/bridge/keys/allowlist.pub']);
    expect(config.dataDir).toBe('/srv/bridge/data');
  });
});

describe('validateBridgeConfig with the keys inline (the provisioning file)', () => {
  it('takes publicKeys and bridgeCardKey instead of the files', () => {
    const pem = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const c = base();
    delete c.publicKeyFiles;
    delete c.bridgeCardKeyFile;
    c.publicKeys = [{ keyId: '0123456789abcdef', pem }];
    c.bridgeCardKey = 'ab'.repeat(32);
    const config = validateBridgeConfig(c, '/etc/werkbank-bridge');
    expect(config).toMatchObject({ publicKeyFiles: [], publicKeyPems: [pem], bridgeCardKeyFile: null });
    expect(config.bridgeCardKey).toBe('ab'.repeat(32));
  });
});
