import { existsSync, unwatchFile, watchFile } from 'node:fs';
import { resolve } from 'node:path';
import { CliError, parseCliArgs, USAGE, type CliOptions } from './cli';
import { DevicesFileError, loadDevicesFile } from './devices-file';
import { createStreamLogger, type SimLogger } from './logger';
import { Simulator } from './simulator';

async function waitForFile(path: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!existsSync(path) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Re-reads the devices file and applies it; reloads run one after the other. */
function devicesFileReloader(path: string, simulator: Simulator, logger: SimLogger): (why: string) => void {
  let reloading = Promise.resolve();
  return (why) => {
    reloading = reloading.then(async () => {
      try {
        const { config, skipped } = loadDevicesFile(path);
        for (const s of skipped) {
          logger.log('warn', 'simulator', 'device skipped', {
            deviceId: s.deviceId ?? undefined,
            problems: s.problems.join('; '),
          });
        }
        logger.log('info', 'simulator', 'reloading', { file: path, why });
        await simulator.reload(config);
      } catch (error) {
        // A half-written file is normal while the server rewrites it: keep running, the next change retries.
        logger.log('warn', 'simulator', 'reload failed, keeping the devices', {
          error: error instanceof Error ? error.message : String(error),
        });
      }
    });
  };
}

async function run(options: CliOptions): Promise<void> {
  const logger = createStreamLogger({ level: options.logLevel, format: options.logFormat });
  const path = resolve(options.devicesFile);
  if (options.waitForFileMs > 0) await waitForFile(path, options.waitForFileMs);
  const simulator = Simulator.fromFile(path, {
    logger,
    brokerUrl: options.brokerUrl,
    telePeriodMs: options.telePeriodMs,
  });
  const reload = devicesFileReloader(path, simulator, logger);
  process.on('SIGHUP', () => reload('SIGHUP'));
  const onChange = (curr: { mtimeMs: number }, prev: { mtimeMs: number }): void => {
    if (curr.mtimeMs !== prev.mtimeMs && curr.mtimeMs !== 0) reload('file changed');
  };
  if (options.watch) watchFile(path, { interval: 1000, persistent: false }, onChange);
  const stopWatching = (): void => unwatchFile(path, onChange);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) {
      logger.log('warn', 'simulator', 'second signal, exiting now', { signal });
      process.exit(1);
    }
    stopping = true;
    stopWatching();
    logger.log('info', 'simulator', 'shutting down', { signal });
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    simulator
      .stop()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  // Started by the server in demo mode (with an IPC channel): when the server dies, even without a chance to
  // stop us (SIGKILL, crash), the channel closes and the simulator goes too instead of retrying forever.
  if (process.send !== undefined) process.once('disconnect', () => shutdown('server gone'));

  if (simulator.config.devices.length === 0) {
    logger.log('warn', 'simulator', 'the devices file lists no device it can simulate', { file: path });
  }
  // Devices retry until the broker is there, like firmware: no timeout. Stopping before that is not an error.
  simulator.start().catch((error: unknown) => {
    if (stopping) return;
    logger.log('error', 'simulator', 'start failed', {
      error: error instanceof Error ? error.message : String(error),
    });
    process.exit(1);
  });
}

let options: CliOptions;
try {
  options = parseCliArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
run(options).catch((error: unknown) => {
  if (error instanceof DevicesFileError || error instanceof CliError) {
    process.stderr.write(`simulator: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `simulator failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
