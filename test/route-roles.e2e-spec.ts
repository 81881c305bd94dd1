import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ErrorCode, StaffRole } from '@werkbank/contracts';
import { MinimumRole, RANK, ROUTE_ROLES, SESSION_ENDING } from './support/route-roles';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';

type Caller = 'anonymous' | 'trainer' | 'staff' | 'admin';
const CALLERS: readonly Caller[] = ['anonymous', 'trainer', 'staff', 'admin'];
const CALLER_RANK: Readonly<Record<Caller, number>> = { anonymous: 0, trainer: 1, staff: 2, admin: 3 };
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'] as const;

/** Routes that end the caller's login run last, each with a token of its own. */
const OPERATIONS = (Object.entries(ROUTE_ROLES) as [string, MinimumRole][]).sort(
  ([a], [b]) => Number(SESSION_ENDING.has(a)) - Number(SESSION_ENDING.has(b)),
);

/**
 * Every operation of the OpenAPI description × every role, at the route level: below the operation's minimum
 * (test/support/route-roles.ts) the guard answers 401 (anonymous) or 403 (logged in); at or above it, the
 * request gets past the guard (400, 404, 409, 200 … are all fine; 5xx is not). Path parameters are random
 * UUIDs, bodies empty, so nothing is found or changed. A fresh server of its own: nothing else runs against it.
 */
describe('route × role sweep from the OpenAPI description', () => {
  let t: TestApp;
  const tokens: Partial<Record<Caller, string>> = {};
  const passwords: Partial<Record<Caller, { username: string; password: string }>> = {};
  let documented: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    tokens.admin = t.adminToken;
    passwords.admin = { username: 'admin', password: ADMIN_PASSWORD };
    for (const [caller, role] of [
      ['trainer', StaffRole.Trainer],
      ['staff', StaffRole.Staff],
    ] as const) {
      const username = `sweep-${caller}`;
      tokens[caller] = (await t.createStaff(role, username)).token;
      passwords[caller] = { username, password: `${username}-password-1` };
    }
    const res = await request(t.url).get('/api/docs-json').expect(200);
    const paths = (res.body as { paths: Record<string, Record<string, unknown>> }).paths;
    documented = Object.entries(paths).flatMap(([path, item]) =>
      METHODS.filter((m) => m in item).map((m) => `${m.toUpperCase()} ${path}`),
    );
  });
  afterAll(() => t?.close());

  it('classifies every operation the OpenAPI description lists, and none it does not', () => {
    expect(documented.length).toBeGreaterThan(50);
    const table = Object.keys(ROUTE_ROLES);
    expect({
      // Add these to test/support/route-roles.ts with the least role that may call them.
      unclassified: documented.filter((op) => !table.includes(op)).sort(),
      // Gone from the API: remove them from the table.
      gone: table.filter((op) => !documented.includes(op)).sort(),
    }).toEqual({ unclassified: [], gone: [] });
  });

  async function tokenOf(caller: Caller, operation: string): Promise<string | null> {
    if (caller === 'anonymous') return null;
    if (!SESSION_ENDING.has(operation)) return tokens[caller] ?? null;
    const { username, password } = passwords[caller]!;
    return t.login(username, password);
  }

  describe.each(OPERATIONS)('%s (least role: %s)', (operation, minimum) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const [method, template] = operation.split(' ');
      const path = template.replace(/\{[^}]+\}/g, () => randomUUID());
      const token = await tokenOf(caller, operation);
      let req = request(t.url)[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path);
      if (token) req = req.set('authorization', `Bearer ${token}`);
      if (method === 'POST' || method === 'PATCH' || method === 'PUT') req = req.send({});
      const res = await req;
      const seen = { status: res.status, code: (res.body as { code?: string } | undefined)?.code };
      if (CALLER_RANK[caller] < RANK[minimum]) {
        expect(seen).toEqual(
          caller === 'anonymous'
            ? { status: 401, code: ErrorCode.Unauthenticated }
            : { status: 403, code: ErrorCode.Forbidden },
        );
      } else if ([401, 403].includes(res.status) || res.status >= 500) {
        throw new Error(
          `${caller} should get past the guard of ${operation}, got ${res.status} ${JSON.stringify(res.body)}`,
        );
      }
    });
  });
});
