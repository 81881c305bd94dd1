import {
  BAUD_RATES,
  LINE_UID_FORMATS,
  OUTPUT_KINDS,
  READER_KINDS,
  type LcusOutputConfig,
  type OutputConfig,
  type ReaderConfig,
} from './bridge-config';
import { ConfigChecker } from './config-checker';

/** Device ids of the own protocol; machine ids follow the same rule so they fit in topics and logs. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ID_HINT = 'must be 1-64 characters from A-Z a-z 0-9 _ -, starting with a letter or digit';
const MAX_PATTERN_LENGTH = 200;
const MAX_DEVICES = 32;

const DEFAULT_BAUD: Record<ReaderConfig['kind'], number> = { rdm6300: 9600, pn532: 115200, line: 9600 };

const READER_FIELDS: Record<ReaderConfig['kind'], readonly string[]> = {
  rdm6300: ['kind', 'path', 'machineId', 'baud'],
  pn532: ['kind', 'path', 'machineId', 'baud', 'pollIntervalMs', 'silenceTimeoutMs'],
  line: ['kind', 'path', 'machineId', 'baud', 'pattern', 'uidFormat'],
};
const OUTPUT_FIELDS: Record<OutputConfig['kind'], readonly string[]> = {
  lcus: ['kind', 'path', 'channel', 'machineId', 'baud', 'readback'],
  mqtt: ['kind', 'topic', 'machineId', 'payloadOn', 'payloadOff'],
};

export function machineIdOf(check: ConfigChecker, field: string, value: unknown): string {
  return check.string(field, value, { required: true, max: 64, pattern: ID_PATTERN, hint: ID_HINT });
}

export function validateReaders(check: ConfigChecker, value: unknown): ReaderConfig[] {
  const readers: ReaderConfig[] = [];
  check.array('readers', value, MAX_DEVICES).forEach((entry, i) => {
    const field = `readers[${i}]`;
    const kindOnly =
      entry !== null && typeof entry === 'object' ? (entry as { kind?: unknown }).kind : undefined;
    const kind = check.oneOf(`${field}.kind`, kindOnly, READER_KINDS, null);
    const raw = check.object(
      field,
      entry,
      kind === null ? ['kind', 'path', 'machineId', 'baud'] : READER_FIELDS[kind],
    );
    if (raw === null || kind === null) return;
    const base = {
      path: check.path(`${field}.path`, raw.path, true),
      machineId: machineIdOf(check, `${field}.machineId`, raw.machineId),
      baud: check.oneOf(`${field}.baud`, raw.baud, BAUD_RATES, DEFAULT_BAUD[kind]) ?? DEFAULT_BAUD[kind],
    };
    switch (kind) {
      case 'rdm6300':
        readers.push({ kind, ...base });
        return;
      case 'pn532':
        readers.push({
          kind,
          ...base,
          pollIntervalMs: check.integer(`${field}.pollIntervalMs`, raw.pollIntervalMs, {
            min: 50,
            max: 5000,
            fallback: 250,
          }),
          silenceTimeoutMs: check.integer(`${field}.silenceTimeoutMs`, raw.silenceTimeoutMs, {
            min: 1000,
            max: 600_000,
            fallback: 10_000,
          }),
        });
        return;
      case 'line': {
        const pattern = linePattern(check, `${field}.pattern`, raw.pattern);
        const uidFormat = check.oneOf(`${field}.uidFormat`, raw.uidFormat, LINE_UID_FORMATS, 'hex') ?? 'hex';
        if (pattern !== null) readers.push({ kind, ...base, pattern, uidFormat });
        return;
      }
    }
  });
  return readers;
}

/** The admin writes the pattern; it runs on lines the bridge caps at 256 characters. */
function linePattern(check: ConfigChecker, field: string, value: unknown): RegExp | null {
  const source = check.string(field, value, { required: true, max: MAX_PATTERN_LENGTH });
  if (source === '') return null;
  let pattern: RegExp;
  try {
    pattern = new RegExp(source);
  } catch (error) {
    check.fail(field, `is not a valid regular expression: ${(error as Error).message}`);
    return null;
  }
  const groups = new RegExp(`${source}|`).exec('');
  if (groups === null || groups.length < 2) {
    check.fail(field, 'needs a capture group for the UID: `(?<uid>…)` or `(…)`');
    return null;
  }
  return pattern;
}

export function validateOutputs(check: ConfigChecker, value: unknown): OutputConfig[] {
  const outputs: OutputConfig[] = [];
  check.array('outputs', value, MAX_DEVICES).forEach((entry, i) => {
    const field = `outputs[${i}]`;
    const kindOnly =
      entry !== null && typeof entry === 'object' ? (entry as { kind?: unknown }).kind : undefined;
    const kind = check.oneOf(`${field}.kind`, kindOnly, OUTPUT_KINDS, null);
    const raw = check.object(field, entry, kind === null ? ['kind', 'machineId'] : OUTPUT_FIELDS[kind]);
    if (raw === null || kind === null) return;
    const machineId = machineIdOf(check, `${field}.machineId`, raw.machineId);
    switch (kind) {
      case 'lcus':
        outputs.push({
          kind,
          machineId,
          path: check.path(`${field}.path`, raw.path, true),
          channel: check.integer(`${field}.channel`, raw.channel, { min: 1, max: 8, fallback: 1 }),
          baud: check.oneOf(`${field}.baud`, raw.baud, BAUD_RATES, 9600) ?? 9600,
          readback: check.boolean(`${field}.readback`, raw.readback, false),
        });
        return;
      case 'mqtt':
        outputs.push({
          kind,
          machineId,
          topic: check.string(`${field}.topic`, raw.topic, {
            required: true,
            max: 256,
            pattern: /^[^#+$\0][^#+\0]*$/,
            hint: 'must be a topic without wildcards (+ #) that does not start with $',
          }),
          payloadOn: check.string(`${field}.payloadOn`, raw.payloadOn ?? 'ON', { required: true, max: 64 }),
          payloadOff: check.string(`${field}.payloadOff`, raw.payloadOff ?? 'OFF', {
            required: true,
            max: 64,
          }),
        });
        return;
    }
  });
  return outputs;
}

/** One process owns a port; an LCUS board is shared by its channels, never by a reader. */
export function checkPortConflicts(
  check: ConfigChecker,
  readers: readonly ReaderConfig[],
  outputs: readonly OutputConfig[],
): void {
  const owners = new Map<string, string>();
  readers.forEach((reader, i) => {
    const previous = owners.get(reader.path);
    if (previous !== undefined)
      check.fail(`readers[${i}].path`, `${reader.path} is already used by ${previous}`);
    else owners.set(reader.path, `readers[${i}]`);
  });
  const channels = new Map<string, string>();
  const machines = new Map<string, string>();
  outputs.forEach((output, i) => {
    const field = `outputs[${i}]`;
    const previousMachine = machines.get(output.machineId);
    if (previousMachine !== undefined)
      check.fail(
        `${field}.machineId`,
        `machine ${output.machineId} already has an output (${previousMachine})`,
      );
    else machines.set(output.machineId, field);
    if (output.kind !== 'lcus') return;
    const reader = owners.get(output.path);
    if (reader !== undefined) check.fail(`${field}.path`, `${output.path} is already used by ${reader}`);
    const key = lcusKey(output);
    const previousChannel = channels.get(key);
    if (previousChannel !== undefined)
      check.fail(
        `${field}.channel`,
        `channel ${output.channel} of ${output.path} is already used by ${previousChannel}`,
      );
    else channels.set(key, field);
  });
  // The channels of one board share its port and its status query: baud and readback are per board.
  const boards = new Map<string, LcusOutputConfig>();
  outputs.forEach((output, i) => {
    if (output.kind !== 'lcus') return;
    const first = boards.get(output.path);
    if (first === undefined) {
      boards.set(output.path, output);
      return;
    }
    if (first.baud !== output.baud)
      check.fail(
        `outputs[${i}].baud`,
        `${output.path} is already opened at ${first.baud} baud by another channel`,
      );
    if (first.readback !== output.readback)
      check.fail(
        `outputs[${i}].readback`,
        `must be the same for every channel of ${output.path} (another channel has readback: ${first.readback})`,
      );
  });
}

function lcusKey(output: LcusOutputConfig): string {
  return `${output.path}#${output.channel}`;
}
