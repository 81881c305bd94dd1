import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The request's correlation id: the caller's X-Request-Id (when sane), or a fresh UUID. Kept on the raw request
 * so Fastify (request.id, error bodies) and pino-http (log lines) use the same one.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const carrier = raw as IncomingMessage & { id?: unknown };
  if (typeof carrier.id === 'string') return carrier.id;
  const header = raw.headers['x-request-id'];
  const id = typeof header === 'string' && header.length > 0 && header.length <= 200 ? header : randomUUID();
  carrier.id = id;
  return id;
}
