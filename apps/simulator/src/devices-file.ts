import { readFileSync } from 'node:fs';
import { DeviceProtocol } from '@werkbank/contracts';
import {
  createAdapterRegistry,
  DEFAULT_WERKBANK_PREFIX,
  deviceFamilies,
  isTopicLevel,
  isTopicPart,
  isWerkbankPrefix,
  type AdapterRegistry,
} from '@werkbank/device-protocol';

/**
 * The devices file the server writes in demo mode (`--devices <file>` / `SIM_DEVICES_FILE`):
 *
 *   { "brokerUrl": "mqtt://127.0.0.1:1883",
 *     "control": { "username": "simulator", "password": "…", "topic": "werkbank-sim" },
 *     "werkbankPrefix": "werkbank",                      (optional)
 *     "devices": [ { "deviceId", "name", "protocol", "address", "username", "password", "role", "options" } ] }
 *
 * A device the simulator cannot run (unknown protocol, an address the server's adapter would refuse) is skipped
 * with a reason; the others still start. Only a file that is not usable at all is an error.
 */

/** Bambu has no DeviceProtocol value yet (docs/protocol.md §6); the simulator accepts this name already. */
export const BAMBU_PROTOCOL = 'bambu';
export type SimProtocol = DeviceProtocol | typeof BAMBU_PROTOCOL;

export const TASMOTA_READER_MODELS = ['rdm6300', 'pn532', 'rc522'] as const;
export type TasmotaReaderModel = (typeof TASMOTA_READER_MODELS)[number];

export interface SimDeviceConfig {
  /** The server's id of the registration (uuid). */
  deviceId: string;
  name: string;
  protocol: SimProtocol;
  /** Tasmota topic, Shelly id / topic prefix, ESPHome prefix, own-protocol device id, Bambu serial. */
  address: string;
  /** MQTT credentials of this device (the broker confines it to its own topics). */
  username: string | null;
  password: string | null;
  /** A DeviceRole value, kept as text. */
  role: string | null;
  /** Per-family settings, all strings (the server's simple-json column); numbers in the file are accepted. */
  options: Readonly<Record<string, string>>;
}

export interface SimControlConfig {
  username: string | null;
  password: string | null;
  /** Control topic root: `<topic>/tap`, `<topic>/print`, `<topic>/online` in, `<topic>/events`, `<topic>/status` out. */
  topic: string;
}

export interface SimulatorConfig {
  brokerUrl: string;
  control: SimControlConfig | null;
  /** Own-protocol topic prefix, default `werkbank`. */
  werkbankPrefix: string;
  devices: SimDeviceConfig[];
}

export interface SkippedDevice {
  index: number;
  deviceId: string | null;
  name: string | null;
  problems: string[];
}

export interface ParsedSimulatorConfig {
  config: SimulatorConfig;
  skipped: SkippedDevice[];
}

export class DevicesFileError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [],
  ) {
    super(problems.length === 0 ? message : `${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'DevicesFileError';
  }
}

const PROTOCOLS: readonly string[] = [...deviceFamilies().map((f) => f.protocol), BAMBU_PROTOCOL];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function readOptions(value: unknown, problems: string[]): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) {
    problems.push('options must be an object');
    return {};
  }
  const options: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (typeof raw === 'string') options[key] = raw;
    else if (typeof raw === 'number' || typeof raw === 'boolean') options[key] = String(raw);
    else if (raw !== null && raw !== undefined) problems.push(`options.${key} must be a string`);
  }
  return options;
}

function numberOption(options: Readonly<Record<string, string>>, key: string, problems: string[]): void {
  const value = options[key];
  if (value === undefined) return;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    problems.push(`options.${key} must be a number ≥ 0`);
}

function familyProblems(
  device: SimDeviceConfig,
  registry: AdapterRegistry,
  werkbankPrefix: string,
): string[] {
  const problems: string[] = [];
  const protocol = device.protocol;
  if (protocol === BAMBU_PROTOCOL) {
    if (!isTopicLevel(device.address)) problems.push('address must be a printer serial (one topic level)');
  } else {
    const adapter = registry.get(protocol);
    // The server's own validation: the simulator runs exactly the devices the server can talk to.
    if (adapter) problems.push(...adapter.validate({ ...device, protocol }));
  }
  const reader = device.options['reader'];
  if (
    reader !== undefined &&
    device.protocol === DeviceProtocol.TasmotaReader &&
    !(TASMOTA_READER_MODELS as readonly string[]).includes(reader)
  ) {
    problems.push(`options.reader must be one of ${TASMOTA_READER_MODELS.join(', ')}`);
  }
  for (const key of ['loadWatts', 'idleWatts', 'printWatts', 'standbyWatts', 'printSeconds']) {
    numberOption(device.options, key, problems);
  }
  if (device.protocol === DeviceProtocol.Werkbank && !isWerkbankPrefix(werkbankPrefix)) {
    problems.push('werkbankPrefix is not a valid topic prefix');
  }
  return problems;
}

/** Validates a parsed devices file. Throws DevicesFileError when nothing usable is in it. */
export function parseSimulatorConfig(
  json: unknown,
  registry: AdapterRegistry = createAdapterRegistry(),
): ParsedSimulatorConfig {
  if (!isRecord(json)) throw new DevicesFileError('the devices file is not a JSON object');
  const fatal: string[] = [];
  const brokerUrl = json['brokerUrl'];
  if (typeof brokerUrl !== 'string' || !/^(mqtts?|wss?|tcp|tls):\/\/[^\s]+$/.test(brokerUrl)) {
    fatal.push('brokerUrl must be an mqtt://, mqtts://, ws:// or wss:// URL');
  }
  const werkbankPrefix = json['werkbankPrefix'] ?? DEFAULT_WERKBANK_PREFIX;
  if (!isWerkbankPrefix(werkbankPrefix))
    fatal.push('werkbankPrefix must be a topic prefix without wildcards');

  let control: SimControlConfig | null = null;
  const rawControl = json['control'];
  if (rawControl !== undefined && rawControl !== null) {
    if (!isRecord(rawControl)) fatal.push('control must be an object');
    else if (!isTopicPart(rawControl['topic']) || String(rawControl['topic']).startsWith('$')) {
      fatal.push('control.topic must be a topic without wildcards');
    } else {
      control = {
        username: optionalString(rawControl['username']),
        password: optionalString(rawControl['password']),
        topic: rawControl['topic'] as string,
      };
    }
  }

  const rawDevices = json['devices'];
  if (!Array.isArray(rawDevices)) fatal.push('devices must be an array');
  if (fatal.length > 0) throw new DevicesFileError('the devices file is not usable', fatal);

  const devices: SimDeviceConfig[] = [];
  const skipped: SkippedDevice[] = [];
  const seen = new Set<string>();
  (rawDevices as unknown[]).forEach((raw, index) => {
    const problems: string[] = [];
    if (!isRecord(raw)) {
      skipped.push({ index, deviceId: null, name: null, problems: ['entry is not an object'] });
      return;
    }
    const deviceId = optionalString(raw['deviceId']);
    const name = optionalString(raw['name']);
    const protocol = raw['protocol'];
    const address = raw['address'];
    if (deviceId === null) problems.push('deviceId is missing');
    else if (seen.has(deviceId)) problems.push('deviceId appears twice');
    if (typeof protocol !== 'string' || !PROTOCOLS.includes(protocol)) {
      problems.push(`protocol ${JSON.stringify(protocol)} is not one of ${PROTOCOLS.join(', ')}`);
    }
    if (typeof address !== 'string' || address === '') problems.push('address is missing');
    const options = readOptions(raw['options'], problems);
    if (problems.length === 0) {
      const device: SimDeviceConfig = {
        deviceId: deviceId as string,
        name: name ?? (address as string),
        protocol: protocol as SimProtocol,
        address: address as string,
        username: optionalString(raw['username']),
        password: optionalString(raw['password']),
        role: optionalString(raw['role']),
        options,
      };
      problems.push(...familyProblems(device, registry, werkbankPrefix as string));
      if (problems.length === 0) {
        seen.add(device.deviceId);
        devices.push(device);
        return;
      }
    }
    skipped.push({ index, deviceId, name, problems });
  });

  return {
    config: {
      brokerUrl: brokerUrl as string,
      control,
      werkbankPrefix: werkbankPrefix as string,
      devices,
    },
    skipped,
  };
}

/** Reads and validates the devices file; errors name the file and say what to do. */
export function loadDevicesFile(path: string, registry?: AdapterRegistry): ParsedSimulatorConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DevicesFileError(
      code === 'ENOENT'
        ? `devices file ${path} does not exist: start the server in demo mode (it writes the file) or pass --devices <file>`
        : `devices file ${path} cannot be read: ${(error as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DevicesFileError(`devices file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return parseSimulatorConfig(json, registry);
  } catch (error) {
    if (error instanceof DevicesFileError) {
      throw new DevicesFileError(`devices file ${path}: ${error.message}`);
    }
    throw error;
  }
}
