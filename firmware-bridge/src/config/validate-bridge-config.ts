import {
  LOG_LEVELS,
  OFFLINE_POLICIES,
  type BridgeConfig,
  type BrokerConfig,
  type MachinePolicy,
  type OutputConfig,
  type ReaderConfig,
} from './bridge-config';
import { ConfigChecker, describeValue } from './config-checker';
import {
  checkPortConflicts,
  ID_PATTERN,
  machineIdOf,
  validateOutputs,
  validateReaders,
} from './validate-devices';
import { validateKeys } from './validate-keys';

const TOP_LEVEL_FIELDS = [
  'bridgeId',
  'broker',
  'publicKeyFiles',
  'publicKeys',
  'bridgeCardKeyFile',
  'bridgeCardKey',
  'dataDir',
  'serverTimeoutMs',
  'readers',
  'outputs',
  'machines',
  'logLevel',
] as const;
const BROKER_FIELDS = ['url', 'username', 'passwordFile', 'caFile', 'topicPrefix'];
const BROKER_PROTOCOLS = ['mqtt:', 'mqtts:', 'ws:', 'wss:'];
const MAX_MACHINES = 64;

export class BridgeConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not a valid bridge config:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BridgeConfigError';
  }
}

/**
 * Checks a parsed bridge.yml field by field. `baseDir` anchors relative paths (the config file's folder).
 * Throws one BridgeConfigError listing every problem.
 */
export function validateBridgeConfig(value: unknown, baseDir: string, source = 'bridge.yml'): BridgeConfig {
  const check = new ConfigChecker(baseDir);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new BridgeConfigError(source, [
      `the top level must be a mapping of fields (bridgeId, broker, readers, …) (got ${describeValue(value)})`,
    ]);
  const raw = check.object('', value, TOP_LEVEL_FIELDS) as Record<string, unknown>;
  const bridgeId = check.string('bridgeId', raw.bridgeId, {
    required: true,
    max: 64,
    pattern: ID_PATTERN,
    hint: 'must be 1-64 characters from A-Z a-z 0-9 _ -, starting with a letter or digit (the device id the server issued)',
  });
  const broker = validateBroker(check, raw.broker, bridgeId);
  const keys = validateKeys(check, raw);
  const readers = validateReaders(check, raw.readers);
  const outputs = validateOutputs(check, raw.outputs);
  if (readers.length === 0 && check.errors.every((e) => !e.startsWith('readers')))
    check.fail('readers', 'needs at least one reader (a bridge without readers has nothing to do)');
  checkPortConflicts(check, readers, outputs);
  const config: BridgeConfig = {
    bridgeId,
    broker,
    ...keys,
    dataDir: check.path('dataDir', raw.dataDir, true),
    serverTimeoutMs: check.integer('serverTimeoutMs', raw.serverTimeoutMs, {
      min: 50,
      max: 10_000,
      fallback: 300,
    }),
    readers,
    outputs,
    machines: validateMachines(check, raw.machines, readers, outputs),
    logLevel: check.oneOf('logLevel', raw.logLevel, LOG_LEVELS, 'info') ?? 'info',
  };
  if (check.errors.length > 0) throw new BridgeConfigError(source, check.errors);
  return config;
}

function validateBroker(check: ConfigChecker, value: unknown, bridgeId: string): BrokerConfig {
  const raw = check.object('broker', value ?? null, BROKER_FIELDS) ?? {};
  const url = check.string('broker.url', raw.url, { required: true, max: 512 });
  if (url !== '') {
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      check.fail(
        'broker.url',
        `is not a URL, e.g. mqtts://werkbank.example.org:8883 (got ${JSON.stringify(url)})`,
      );
    }
    if (parsed !== null && !BROKER_PROTOCOLS.includes(parsed.protocol))
      check.fail(
        'broker.url',
        `must start with ${BROKER_PROTOCOLS.map((p) => `${p}//`).join(', ')} (got ${parsed.protocol}//)`,
      );
    if (parsed !== null && (parsed.username !== '' || parsed.password !== ''))
      check.fail('broker.url', 'must not contain credentials: set broker.username and broker.passwordFile');
  }
  return {
    url,
    username: check.string('broker.username', raw.username ?? (bridgeId === '' ? null : bridgeId), {
      required: true,
      max: 128,
    }),
    passwordFile: check.path('broker.passwordFile', raw.passwordFile, false),
    caFile: check.path('broker.caFile', raw.caFile, false),
    topicPrefix: check.string('broker.topicPrefix', raw.topicPrefix ?? 'werkbank', {
      required: true,
      max: 128,
      pattern: /^[^#+$/\0][^#+\0]*[^#+/\0]$|^[^#+$/\0]$/,
      hint: 'must not contain + or #, start with $ or / or end with /',
    }),
  };
}

/** Every bound machine gets a policy; a policy for a machine nothing is bound to is a typo worth refusing. */
function validateMachines(
  check: ConfigChecker,
  value: unknown,
  readers: readonly ReaderConfig[],
  outputs: readonly OutputConfig[],
): Record<string, MachinePolicy> {
  const machines: Record<string, MachinePolicy> = Object.create(null) as Record<string, MachinePolicy>;
  const bound = new Set([...readers, ...outputs].map((d) => d.machineId));
  for (const id of bound) machines[id] = { offlinePolicy: 'failClosed' };
  if (value === undefined || value === null) return machines;
  if (typeof value !== 'object' || Array.isArray(value)) {
    check.fail('machines', 'must be a mapping of machine id to { offlinePolicy }');
    return machines;
  }
  const entries = Object.keys(value);
  if (entries.length > MAX_MACHINES) {
    check.fail('machines', `must have at most ${MAX_MACHINES} entries (got ${entries.length})`);
    return machines;
  }
  for (const id of entries) {
    const field = `machines.${id}`;
    machineIdOf(check, `${field} (the key)`, id);
    const raw = check.object(field, (value as Record<string, unknown>)[id], ['offlinePolicy']);
    if (raw === null) continue;
    const policy = check.oneOf(`${field}.offlinePolicy`, raw.offlinePolicy, OFFLINE_POLICIES, 'failClosed');
    if (!bound.has(id)) {
      check.fail(
        field,
        `no reader or output is bound to machine ${id} (typo? bound: ${[...bound].join(', ') || 'none'})`,
      );
      continue;
    }
    if (policy !== null) machines[id] = { offlinePolicy: policy };
  }
  return machines;
}
