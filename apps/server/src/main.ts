import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { installProcessErrorHandlers } from './common/process-errors';
import { ConfigError, loadConfig, redactUrl } from './config/app-config';
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
  const lines = [`Werkbank is running: ${url} (API ${url}/api, docs ${url}/api/docs)`];
  const broker = app.get(MqttEndpoint).listeners;
  if (broker.length > 0) lines.push(`Devices connect to the MQTT broker on ${broker.join(' and ')}`);
  if (firstLogin !== null) lines.push(`First start: ${firstLogin}`);
  if (admin.adminPasswordIgnored) {
    // An operator who set ADMIN_PASSWORD for a "fresh" start must learn that this database is not fresh.
    lines.push(
      `ADMIN_PASSWORD is set but was not used: the database ${redactUrl(config.DATABASE_URL)} already has ` +
        `staff accounts. To set a new password: npm run staff:reset-password -- ${config.ADMIN_USERNAME}`,
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  releaseBootGarbage();
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
