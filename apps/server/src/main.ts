import 'reflect-metadata';
import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
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
  const admin = await app.get(StaffService).ensureInitialAdmin();
  await app.listen(config.PORT, config.HOST);
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
}

main().catch((error: unknown) => {
  process.stderr.write(`Werkbank failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
