import { AppConfig, ConfigError, loadConfig } from '../config/app-config';

/** The server's configuration from the environment, or null after printing what is wrong with it. */
export function loadCliConfig(): AppConfig | null {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable.\n`);
    return null;
  }
}

/** Runs a command's main and exits with its code; an unexpected error is printed with `hint` and exits 1. */
export function runCli(main: () => Promise<number>, failure: string, hint: string): void {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(
        `${failure}: ${error instanceof Error ? error.message : String(error)}\n${hint}\n`,
      );
      process.exit(1);
    },
  );
}
