/**
 * One line per event on stdout: `time level device event key=value …` (or JSON lines with SIM_LOG_FORMAT=json).
 * Secrets never reach the logger: callers pass only topics, payloads of device messages and names.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface SimLogger {
  log(level: LogLevel, source: string, event: string, fields?: LogFields): void;
}

const LEVELS: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LEVELS, value);
}

/** Values with spaces, quotes or `=` are quoted so that a line stays machine-splittable. */
function renderValue(value: string | number | boolean | null): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

export interface StreamLoggerOptions {
  level?: LogLevel;
  format?: 'text' | 'json';
  write?: (line: string) => void;
  now?: () => Date;
}

export function createStreamLogger(options: StreamLoggerOptions = {}): SimLogger {
  const min = LEVELS[options.level ?? 'info'];
  const format = options.format ?? 'text';
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const now = options.now ?? (() => new Date());
  return {
    log(level, source, event, fields = {}) {
      if (LEVELS[level] < min) return;
      const time = now().toISOString();
      const defined = Object.entries(fields).filter(
        (entry): entry is [string, string | number | boolean | null] => entry[1] !== undefined,
      );
      if (format === 'json') {
        write(`${JSON.stringify({ time, level, source, event, ...Object.fromEntries(defined) })}\n`);
        return;
      }
      const rest = defined.map(([key, value]) => `${key}=${renderValue(value)}`).join(' ');
      write(`${time} ${level.toUpperCase().padEnd(5)} ${source} ${event}${rest === '' ? '' : ` ${rest}`}\n`);
    },
  };
}

export const silentLogger: SimLogger = { log: () => undefined };

/** Payloads in logs are cut so that a big report (Bambu pushall) stays one readable line. */
export function brief(payload: string, max = 160): string {
  return payload.length > max ? `${payload.slice(0, max - 1)}…` : payload;
}
