import pino, { type Logger } from 'pino';
import type { LogLevel } from './config/bridge-config';

export type { Logger };

/** JSON lines for journald and log shippers; readable colours when a person watches a terminal. */
export function createLogger(level: LogLevel = 'info', pretty = process.stdout.isTTY === true): Logger {
  if (!pretty) return pino({ level, base: { app: 'werkbank-bridge' } });
  return pino({
    level,
    base: { app: 'werkbank-bridge' },
    transport: {
      target: 'pino-pretty',
      options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,app' },
    },
  });
}
