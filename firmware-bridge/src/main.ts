import { BridgeHardware, type HardwareOptions } from './bridge-hardware';
import { parseCliArgs, USAGE } from './cli-args';
import type { BridgeConfig } from './config/bridge-config';
import { adviseConfigFiles } from './config/file-advice';
import { loadBridgeConfig } from './config/load-bridge-config';
import { adviseSerialPath, type SerialEnvironment, systemSerialEnvironment } from './config/serial-advice';
import { BridgeConfigError } from './config/validate-bridge-config';
import { createLogger, type Logger } from './logger';
import { startLinkedBridge } from './linked-bridge';
import { LoggingTapSink, type TapSink } from './tap-sink';

/** sysexits EX_CONFIG: the unit file does not restart on it (RestartPreventExitStatus=78). */
export const EXIT_CONFIG = 78;
export const BRIDGE_VERSION = '0.1.0';

/** Every configured serial path once, with the first config field that names it. */
function serialPaths(config: BridgeConfig): Array<{ field: string; path: string }> {
  const paths = new Map<string, string>();
  config.readers.forEach((reader, i) => paths.set(reader.path, `readers[${i}].path`));
  config.outputs.forEach((output, i) => {
    if (output.kind === 'lcus' && !paths.has(output.path)) paths.set(output.path, `outputs[${i}].path`);
  });
  return [...paths].map(([path, field]) => ({ path, field }));
}

/** Serial ports and the files the config names: each problem with what to do (see `--check`). */
export async function preflight(
  config: BridgeConfig,
  env: SerialEnvironment = systemSerialEnvironment,
): Promise<string[]> {
  const serial = await Promise.all(
    serialPaths(config).map(({ field, path }) => adviseSerialPath(field, path, env)),
  );
  return [...serial.flat(), ...(await adviseConfigFiles(config))];
}

export interface RunningBridge {
  hardware: BridgeHardware;
  stop(): Promise<void>;
}

/** The hardware alone with a TapSink of the caller's (tests, the fakes); default logs the taps. */
export function startBridge(
  config: BridgeConfig,
  logger: Logger,
  options: { sink?: TapSink } & Partial<HardwareOptions> = {},
): RunningBridge {
  const hardware = new BridgeHardware(config, { ...options, logger });
  hardware.connect(options.sink ?? new LoggingTapSink(logger, hardware.outputs));
  hardware.start();
  return { hardware, stop: () => hardware.stop() };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.ok === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.ok === 'version') {
    process.stdout.write(`werkbank-bridge ${BRIDGE_VERSION}\n`);
    return 0;
  }
  if (parsed.ok === false) {
    process.stderr.write(`werkbank-bridge: ${parsed.error}\n\n${USAGE}\n`);
    return 2;
  }
  let config: BridgeConfig;
  try {
    config = loadBridgeConfig(parsed.args.configFile);
  } catch (error) {
    if (!(error instanceof BridgeConfigError)) throw error;
    process.stderr.write(`werkbank-bridge: ${error.message}\n`);
    return EXIT_CONFIG;
  }
  const logger = createLogger(config.logLevel);
  const problems = await preflight(config);
  if (parsed.args.checkOnly) {
    for (const problem of problems) process.stderr.write(`werkbank-bridge: ${problem}\n`);
    if (problems.length === 0)
      process.stdout.write(`${parsed.args.configFile}: config, files and serial ports look fine\n`);
    return problems.length === 0 ? 0 : 1;
  }
  // A missing port or file may be fixed while we run (plug in, provisioning); the supervisor keeps trying.
  for (const problem of problems) logger.error({ problem }, 'start-up check');
  if (problems.some((p) => p.includes('Bluetooth UART'))) return EXIT_CONFIG;
  // Nothing in the serial layer throws into the process; anything that still does is a bug: log it and let
  // systemd restart the bridge (Restart=always) rather than run on in an unknown state.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception, exiting');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection, exiting');
    process.exit(1);
  });
  logger.info(
    {
      bridgeId: config.bridgeId,
      readers: config.readers.length,
      outputs: config.outputs.length,
      version: BRIDGE_VERSION,
    },
    'bridge starting',
  );
  let bridge: { stop(): Promise<void> };
  try {
    bridge = startLinkedBridge(config, logger, BRIDGE_VERSION);
  } catch (error) {
    // Unreadable keys: nothing could be verified or hashed. Fix the file, then start again.
    logger.fatal({ err: error }, 'cannot start the link: check the key files (see the start-up check above)');
    return EXIT_CONFIG;
  }
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'bridge stopping');
      void bridge.stop().finally(resolve);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`werkbank-bridge: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
}
