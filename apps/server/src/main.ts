import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { installProcessErrorHandlers } from './common/process-errors';
import { PinoLogger } from 'nestjs-pino';
import { AppConfig, ConfigError, loadConfig, redactUrl } from './config/app-config';
import { framed, readyLines } from './console/ready-banner';
import { listenProblem } from './config/listen-problem';
import { MqttEndpoint } from './mqtt/mqtt-endpoint';
import { StaffService } from './staff/staff.service';
import { installTlsReload } from './tls-reload';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
      process.exit(2);
    }
    throw error;
  }
  // The demo's simulated devices (a child process that inherits this environment) would log every device coming
  // online after the ready lines; the console shows the server, the tap script shows what a tap did.
  process.env.SIM_LOG_LEVEL ??= 'warn';
  if (config.logFormat === 'json') process.env.SIM_LOG_FORMAT ??= 'json';
  const app = await createApp({ config });
  const logger = new Logger('Process');
  installProcessErrorHandlers((kind, error) =>
    logger.error({ err: error }, `${kind}: an error escaped its handler; the server carries on`),
  );
  // Before the server answers: whoever sees /api/health answer may log in at once.
  const admin = await app.get(StaffService).ensureInitialAdmin();
  const firstLogin = !admin.created
    ? null
    : admin.password
      ? `log in as "${config.ADMIN_USERNAME}" with password ${admin.password}  (shown once; change it after login)`
      : `log in as "${config.ADMIN_USERNAME}" with the password from ADMIN_PASSWORD`;
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    const problem = listenProblem(error, config);
    if (problem === null && firstLogin === null) throw error;
    // The account exists now: a start that fails must still show its one-time password.
    const reason = problem ?? (error instanceof Error ? (error.stack ?? error.message) : String(error));
    const login = firstLogin === null ? '' : `\nThe first admin account is created: ${firstLogin}.`;
    process.stderr.write(`\nWerkbank could not start.\n${reason}${login}\n\n`);
    process.exit(1);
  }
  installTlsReload(app, config);
  const url = `${config.httpsFiles ? 'https' : 'http'}://localhost:${config.PORT}`;
  printReady(
    readyLines({
      url,
      brokerListeners: app.get(MqttEndpoint).listeners,
      firstLogin,
      // An operator who set ADMIN_PASSWORD for a "fresh" start must learn that this database is not fresh.
      adminPasswordIgnored: admin.adminPasswordIgnored
        ? `ADMIN_PASSWORD is set but was not used: the database ${redactUrl(config.DATABASE_URL)} already has ` +
          `staff accounts. To set a new password: npm run staff:reset-password -- ${config.ADMIN_USERNAME}`
        : null,
    }),
    config,
  );
  releaseBootGarbage();
}

/**
 * The ready lines as the console's last: framed for a person, or as JSON log entries (one per line) for a log
 * collector. Always shown, whatever LOG_LEVEL says: the first-start password is shown this once only.
 */
function printReady(lines: string[], config: AppConfig): void {
  if (config.logFormat === 'pretty') {
    process.stdout.write(`\n${framed(lines)}\n\n`);
    return;
  }
  // Through pino's own stream, so the entries keep their place after everything logged before them.
  const logger = PinoLogger.root.child({ context: 'Werkbank' }, { level: 'info' });
  for (const line of lines) logger.info(line);
}

/**
 * Loading the access snapshot hydrates every member, card and training once; V8 would keep that garbage (tens
 * of MB with 10 000 members) until its next full collection, and size the old generation after it. One full
 * collection after boot (npm start passes --expose-gc) returns it at once. A no-op without the flag.
 */
function releaseBootGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  // A few seconds after ready, so the pause never delays the first requests of a start.
  if (gc) setTimeout(gc, 3000).unref();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Werkbank failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
