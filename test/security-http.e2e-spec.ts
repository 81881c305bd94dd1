import fc from 'fast-check';
import request from 'supertest';
import { io as connect, Socket } from 'socket.io-client';
import { StaffRole } from '@werkbank/contracts';
import { spawnFromSource } from './support/run-from-source';
import { makeTempDir } from './support/temp-dir';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { freePort } from './support/free-port';

const MALFORMED_COOKIES = ['wb_session=%E0%A4%A', 'wb_session=%', 'wb_session=%zz%', 'a=%%; wb_session=%C0'];

/** A socket.io handshake; resolves with the error the server refused it with, or null when it connected. */
function handshake(url: string, options: Parameters<typeof connect>[1]): Promise<string | null> {
  return new Promise((resolve) => {
    const socket: Socket = connect(url, { reconnection: false, timeout: 5000, ...options });
    socket.on('connect', () => {
      socket.close();
      resolve(null);
    });
    socket.on('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

describe('anyone on the network: the server survives what a client sends', () => {
  const dir = makeTempDir('edge-process');
  let url: string;
  let server: ReturnType<typeof spawnFromSource>;

  beforeAll(async () => {
    const port = await freePort();
    // The real process: an exception here would end it, which an in-process test could not see.
    server = spawnFromSource('apps/server/src/main.ts', {
      DATA_DIR: dir.path,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      DEMO_MODE: 'false',
      LOG_LEVEL: 'fatal',
      ADMIN_PASSWORD,
    });
    url = `http://127.0.0.1:${port}`;
    for (const end = Date.now() + 60_000; ;) {
      const health = await fetch(`${url}/api/health`).catch(() => null);
      if (health?.ok) break;
      if (Date.now() > end || server.exitCode !== null) throw new Error('the server did not start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }, 90_000);
  afterAll(async () => {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
    dir.remove();
  });

  const alive = async () => {
    expect(server.exitCode).toBeNull();
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
  };

  it('a socket handshake with a malformed session cookie is refused, and the process lives on', async () => {
    for (const cookie of MALFORMED_COOKIES) {
      expect(await handshake(url, { extraHeaders: { cookie, origin: url } })).toBe('unauthorized');
      await alive();
    }
  }, 30_000);

  it('the same cookie over HTTP is a 401, not a 500', async () => {
    for (const cookie of MALFORMED_COOKIES) {
      const res = await request(url).get('/api/members').set('cookie', cookie);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    await alive();
  });

  it('survives a fuzz of HTTP headers, cookies and socket handshakes', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 60 }).map((s) => s.replace(/[\r\n\0]/g, ''));
    const percent = fc.array(fc.constantFrom('%', 'E0', 'A4', 'zz', '%C0', 'wb_session=', ';', '=', 'x'), {
      maxLength: 12,
    });
    const headerName = fc.constantFrom(
      'cookie',
      'authorization',
      'content-type',
      'origin',
      'x-request-id',
      'accept',
    );
    await fc.assert(
      fc.asyncProperty(
        headerName,
        text,
        percent,
        fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH'),
        async (name, value, parts, method) => {
          const headerValue =
            name === 'cookie' ? parts.join('') : name === 'authorization' ? `Bearer ${value}` : value;
          let status = 0;
          try {
            const res = await fetch(`${url}/api/members`, {
              method,
              headers: { [name]: Buffer.from(headerValue, 'latin1').toString('latin1') },
            });
            status = res.status;
          } catch {
            status = -1; // the client refused to send an invalid header: nothing reached the server
          }
          expect(status).not.toBe(500);
          const refusal = await handshake(url, {
            extraHeaders: { cookie: parts.join('') },
            auth: { token: value },
            query: { x: value },
          });
          expect(refusal).not.toBeNull();
        },
      ),
      { numRuns: 150 },
    );
    await alive();
  }, 120_000);
});

describe('the HTTP edge: limits, CSRF, headers', () => {
  let t: TestApp;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp();
    const res = await request(t.url)
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD });
    cookie = (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
  });
  afterAll(() => t.close());

  it('anyone on the network: a large body is refused before login, on every route, the import included', async () => {
    const big = 'x'.repeat(200 * 1024);
    for (const [path, type] of [
      ['/api/members', 'application/json'],
      ['/api/members', 'text/csv'],
      ['/api/auth/login', 'application/json'],
      ['/api/members/import', 'text/csv'],
    ]) {
      const res = await request(t.url).post(path).set('content-type', type).send(big);
      expect([path, res.status]).toEqual([path, path === '/api/members/import' ? 401 : 413]);
    }
    // A trainer is logged in, but may not import: refused before the body too.
    const trainer = await t.createStaff(StaffRole.Trainer, 'tim-trainer');
    await t.as(trainer.token).post('/api/members/import', big).expect(403);
    // Logged in as office, the import takes a large file.
    const csv = `firstName,lastName\n${Array.from({ length: 4000 }, (_, i) => `Gro${i},Datei${i}`).join('\n')}\n`;
    expect(csv.length).toBeGreaterThan(64 * 1024);
    const res = await t.as(t.adminToken).post('/api/members/import?dryRun=true', csv).expect(200);
    expect(res.body.valid ?? res.body.rows ?? res.body).toBeTruthy();
  });

  it('a DELETE with a JSON content type and no body is authenticated first, then works', async () => {
    await request(t.url)
      .delete('/api/members/00000000-0000-4000-8000-000000000000')
      .set('content-type', 'application/json')
      .expect(401);
    const member = await t
      .as(t.adminToken)
      .post('/api/members', { firstName: 'Del', lastName: 'Ete' })
      .expect(201);
    await t
      .as(t.adminToken)
      .delete(`/api/members/${member.body.id}`)
      .set('content-type', 'application/json')
      .expect(204);
  });

  it('a web page on another origin: a cookie-only request cannot change anything (CSRF)', async () => {
    const csv = 'firstName,lastName\nEve,Forged\n';
    for (const headers of [
      {},
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/x' },
    ]) {
      const res = await request(t.url)
        .post('/api/members/import')
        .set('cookie', cookie)
        .set('content-type', 'text/plain')
        .set(headers)
        .send(csv);
      expect(res.status).toBe(403);
      await request(t.url)
        .post('/api/members')
        .set('cookie', cookie)
        .set(headers)
        .send({ firstName: 'Eve', lastName: 'Forged' })
        .expect(403);
    }
    const list = await t.as(t.adminToken).get('/api/members?q=Forged').expect(200);
    expect(list.body.total).toBe(0);
    // The admin UI itself (same origin) and API clients with a bearer token work.
    const host = new URL(t.url).host;
    await request(t.url)
      .post('/api/members')
      .set('cookie', cookie)
      .set('origin', `http://${host}`)
      .send({ firstName: 'Ok', lastName: 'SameOrigin' })
      .expect(201);
    await t.as(t.adminToken).post('/api/members', { firstName: 'Ok', lastName: 'Bearer' }).expect(201);
    // The live view: a cookie handshake from a foreign origin is refused, from our own it connects.
    expect(await handshake(t.url, { extraHeaders: { cookie, origin: 'https://evil.example' } })).toBe(
      'foreign origin',
    );
    expect(await handshake(t.url, { extraHeaders: { cookie, origin: t.url } })).toBeNull();
    expect(await handshake(t.url, { auth: { token: t.adminToken } })).toBeNull();
  });

  it('sends CSP, frame, sniffing and referrer headers; HSTS only over TLS', async () => {
    const res = await request(t.url).get('/api/health').expect(200);
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const viaProxy = await request(t.url).get('/api/health').set('x-forwarded-proto', 'https').expect(200);
    expect(viaProxy.headers['strict-transport-security']).toContain('max-age=');
    // Behind a trusted proxy (loopback by default) the session cookie is Secure.
    const login = await request(t.url)
      .post('/api/auth/login')
      .set('x-forwarded-proto', 'https')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(200);
    expect((login.headers['set-cookie'] as unknown as string[])[0]).toMatch(/; Secure/i);
  });

  it('anyone on the network: wrong passwords are limited per account with back-off; a right one is not refused', async () => {
    await t.createStaff(StaffRole.Staff, 'lina-limit');
    const attempt = (password: string) =>
      request(t.url)
        .post('/api/auth/login')
        .set('x-forwarded-for', '203.0.113.7')
        .send({ username: 'lina-limit', password });
    // Successful logins never count (the old limit refused a correct password after five logins).
    for (let i = 0; i < 8; i++) await t.login('admin', ADMIN_PASSWORD);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt('wrong')).status);
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    const limited = await attempt('lina-limit-password-1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/Wait \d+ s/);
  });
});
