import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { listenProblem } from './config/listen-problem';
import { StaffService } from './staff/staff.service';

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
  try {
    await app.listen(config.PORT, config.HOST);
  } catch (error) {
    const problem = listenProblem(error, config);
    if (problem === null) throw error;
    process.stderr.write(`\nWerkbank could not start.\n${problem}\n\n`);
    process.exit(1);
  }
  // Only once the ports are open: a first start that fails must not create an admin whose one-time password
  // nobody ever saw.
  const admin = await app.get(StaffService).ensureInitialAdmin();
  const url = `http://localhost:${config.PORT}`;
  const lines = [`Werkbank is running: ${url} (API ${url}/api, docs ${url}/api/docs)`];
  if (admin.created) {
    lines.push(
      admin.password
        ? `First start: log in as "${config.ADMIN_USERNAME}" with password ${admin.password}  (shown once; change it after login)`
        : `First start: log in as "${config.ADMIN_USERNAME}" with the password from ADMIN_PASSWORD`,
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
