import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, StaffRole } from '@werkbank/contracts';
import { DomainError } from './domain-error';
import { toApiErrorBody } from './error.filter';
import { CSV_BODY_LIMIT, SMALL_BODY_ROUTES } from './http-limits';

/** The one route that takes large bodies (a member list as CSV), and only from a logged-in office account. */
export const LARGE_BODY_ROUTES = new Set(['/api/members/import']);
const LARGE_BODY_ROLES: ReadonlySet<StaffRole> = new Set([StaffRole.Admin, StaffRole.Staff]);
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface HttpEdgeOptions {
  /** Resolves a request's session (bearer header or cookie) to its role, or null. Must never throw. */
  roleOf(request: FastifyRequest): Promise<StaffRole | null>;
  /** Origins besides the request's own host that may send state-changing requests (ALLOWED_ORIGINS). */
  allowedOrigins: readonly string[];
}

/**
 * What every request passes before a route runs: JSON bodies may be empty (DELETE with a JSON content type),
 * large bodies are read only after login, a cookie-authenticated change must come from our own origin (CSRF),
 * and every answer carries the browser's security headers.
 */
export function installHttpEdge(fastify: FastifyInstance, options: HttpEdgeOptions): void {
  acceptEmptyJson(fastify);
  fastify.addHook('onRoute', (route) => {
    if (LARGE_BODY_ROUTES.has(route.url)) route.bodyLimit = CSV_BODY_LIMIT;
    const small = SMALL_BODY_ROUTES.get(route.url);
    if (small !== undefined) route.bodyLimit = small;
  });
  fastify.addHook('onRequest', async (request, reply) => {
    const refusal =
      refuseForeignOrigin(request, options.allowedOrigins) ??
      (await refuseAnonymousLargeBody(request, options));
    if (refusal) return sendError(request, reply, refusal);
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    setSecurityHeaders(request, reply);
    return payload;
  });
}

/**
 * Fastify answers an empty body with `content-type: application/json` with 400 before any guard runs, so a
 * DELETE from a client that always sends the header failed before its login was even checked.
 */
function acceptEmptyJson(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '' || (typeof body === 'string' && body.trim() === '')) return done(null, undefined);
    void parse(request, body as string, done);
  });
}

/**
 * CSRF: a browser sends the session cookie with any request a foreign page makes it send, so a change that is
 * authenticated by the cookie must name our own origin. A bearer token is never sent ambiently and needs no
 * check; the login itself carries no session.
 */
export function refuseForeignOrigin(
  request: Pick<FastifyRequest, 'method' | 'headers' | 'protocol' | 'host'>,
  allowedOrigins: readonly string[],
): DomainError | null {
  if (!STATE_CHANGING.has(request.method)) return null;
  if (request.headers.authorization?.startsWith('Bearer ')) return null;
  if (!hasSessionCookie(request.headers.cookie)) return null;
  return originAllowed(request.headers, request.host, allowedOrigins)
    ? null
    : new DomainError(
        ErrorCode.Forbidden,
        'This request came from another web page (its Origin is not this server). Open Werkbank directly and try again; ' +
          'behind a proxy that rewrites the host, add the public address to ALLOWED_ORIGINS.',
      );
}

/** Whether the Origin (or, without one, the Referer) is this host or an allowed origin. */
export function originAllowed(
  headers: { origin?: string; referer?: string },
  host: string,
  allowedOrigins: readonly string[],
): boolean {
  const source = headers.origin ?? headers.referer;
  if (!source || source === 'null') return false;
  let origin: URL;
  try {
    origin = new URL(source);
  } catch {
    return false;
  }
  if (allowedOrigins.includes(origin.origin)) return true;
  return origin.host === host;
}

function hasSessionCookie(cookie: string | undefined): boolean {
  return !!cookie && /(?:^|;\s*)wb_session=/.test(cookie);
}

async function refuseAnonymousLargeBody(
  request: FastifyRequest,
  options: HttpEdgeOptions,
): Promise<DomainError | null> {
  if (!LARGE_BODY_ROUTES.has(request.routeOptions.url ?? '')) return null;
  const role = await options.roleOf(request);
  if (role === null)
    return new DomainError(ErrorCode.Unauthenticated, 'Log in first (POST /api/auth/login).');
  if (!LARGE_BODY_ROLES.has(role))
    return new DomainError(ErrorCode.Forbidden, `Your role (${role}) may not do this. Ask an administrator.`);
  return null;
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: DomainError): FastifyReply {
  const body = toApiErrorBody(error);
  body.correlationId = String(request.id);
  // The body of a refused upload is not read: close the connection rather than drain megabytes.
  if (request.headers['content-length'] !== undefined) void reply.header('connection', 'close');
  return reply.code(body.statusCode).send(body);
}

/**
 * Whether the browser's connection is encrypted: our own TLS socket (TLS_CERT_FILE), whatever a forwarded header
 * says, or else `https` from a trusted proxy (TRUST_PROXY). Decides HSTS and the Secure cookie.
 */
export function arrivedOverTls(request: Pick<FastifyRequest, 'protocol' | 'raw'>): boolean {
  return (
    (request.raw.socket as { encrypted?: boolean } | undefined)?.encrypted === true ||
    request.protocol === 'https'
  );
}

/** The API documentation page runs Swagger UI's inline script; everything else needs none. */
const DOCS_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";
const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

function setSecurityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  reply.header('content-security-policy', request.url.startsWith('/api/docs') ? DOCS_CSP : UI_CSP);
  reply.header('x-frame-options', 'DENY');
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
  reply.header('cross-origin-opener-policy', 'same-origin');
  // Only over TLS (directly or from a trusted proxy): HSTS on plain HTTP would lock out a lab without a certificate.
  if (arrivedOverTls(request)) reply.header('strict-transport-security', 'max-age=31536000');
}
