export interface CliArgs {
  configFile: string;
  /** Validate the config and probe the serial ports, print what is wrong, exit. */
  checkOnly: boolean;
}

export type CliParse =
  { ok: true; args: CliArgs } | { ok: false; error: string } | { ok: 'help' } | { ok: 'version' };

export const USAGE = `Usage: werkbank-bridge --config <bridge.yml> [--check]

  --config <file>  the bridge config (see firmware-bridge/README.md); default ./bridge.yml
  --check          validate the config and the serial ports, print the problems, exit 0 or 1
  --help           this text
  --version        the bridge version`;

export function parseCliArgs(argv: readonly string[]): CliParse {
  let configFile = 'bridge.yml';
  let checkOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { ok: 'help' };
    if (arg === '--version' || arg === '-v') return { ok: 'version' };
    if (arg === '--check') checkOnly = true;
    else if (arg === '--config' || arg === '-c') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('-'))
        return { ok: false, error: `${arg} needs a file name` };
      configFile = value;
      i += 1;
    } else if (arg.startsWith('--config=')) configFile = arg.slice('--config='.length);
    else return { ok: false, error: `unknown argument ${JSON.stringify(arg)}` };
  }
  if (configFile === '') return { ok: false, error: '--config needs a file name' };
  return { ok: true, args: { configFile, checkOnly } };
}
