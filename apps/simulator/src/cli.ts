import { join } from 'node:path';
import { isLogLevel, type LogLevel } from './logger';

/** Where the server writes the file in demo mode: $DATA_DIR/demo-devices.json (DATA_DIR defaults to ./data). */
export function defaultDevicesFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['DATA_DIR'] || 'data', 'demo-devices.json');
}

export const USAGE = `Werkbank device simulator: virtual readers, relays and printers speaking the real vendor protocols over MQTT.

Usage: node dist/apps/simulator/apps/simulator/src/main.js [options]

  --devices <file>        devices file written by the server in demo mode
                          (env SIM_DEVICES_FILE, default $DATA_DIR/demo-devices.json, DATA_DIR=./data)
  --broker <url>          override the file's brokerUrl (env SIM_BROKER_URL)
  --tele-period <s>       telemetry period in seconds (env SIM_TELE_PERIOD_S, default 10)
  --wait-for-file <s>     wait up to <s> seconds for the devices file to appear (env SIM_WAIT_FOR_FILE_S)
  --no-watch              do not reload when the devices file changes (SIGHUP still reloads)
  --log-level <level>     debug | info | warn | error (env SIM_LOG_LEVEL, default info)
  --log-format <format>   text | json (env SIM_LOG_FORMAT, default text)
  -h, --help              this text

Tap a card: npm run tap -- <uid> [reader-address]    (or publish to <control.topic>/tap)
`;

export interface CliOptions {
  devicesFile: string;
  brokerUrl: string | undefined;
  telePeriodMs: number | undefined;
  waitForFileMs: number;
  watch: boolean;
  logLevel: LogLevel;
  logFormat: 'text' | 'json';
  help: boolean;
}

export class CliError extends Error {}

function seconds(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new CliError(`${name} must be a number of seconds, got "${raw}"`);
  return value * 1000;
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const flags = new Map<string, string>();
  let watch = true;
  let help = false;
  const withValue = [
    '--devices',
    '--broker',
    '--tele-period',
    '--wait-for-file',
    '--log-level',
    '--log-format',
  ];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--no-watch') watch = false;
    else {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (!withValue.includes(name)) throw new CliError(`unknown argument "${arg}" (see --help)`);
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') throw new CliError(`${name} needs a value`);
      flags.set(name, value);
    }
  }
  const logLevel = flags.get('--log-level') ?? env['SIM_LOG_LEVEL'] ?? 'info';
  if (!isLogLevel(logLevel)) throw new CliError(`--log-level must be debug, info, warn or error`);
  const logFormat = flags.get('--log-format') ?? env['SIM_LOG_FORMAT'] ?? 'text';
  if (logFormat !== 'text' && logFormat !== 'json') throw new CliError(`--log-format must be text or json`);
  const telePeriodMs = seconds('--tele-period', flags.get('--tele-period') ?? env['SIM_TELE_PERIOD_S']);
  if (telePeriodMs !== undefined && telePeriodMs < 50)
    throw new CliError('--tele-period must be at least 0.05 s');
  return {
    devicesFile: flags.get('--devices') ?? (env['SIM_DEVICES_FILE'] || defaultDevicesFile(env)),
    brokerUrl: flags.get('--broker') ?? (env['SIM_BROKER_URL'] || undefined),
    telePeriodMs,
    waitForFileMs:
      seconds('--wait-for-file', flags.get('--wait-for-file') ?? env['SIM_WAIT_FOR_FILE_S']) ?? 0,
    watch,
    logLevel,
    logFormat,
    help,
  };
}
