import { createServer } from 'node:net';
import * as argon2 from 'argon2';
import { Database, OPEN_READONLY } from 'sqlite3';
import request from 'supertest';
import { io, type Socket } from 'socket.io-client';
import { AuditAction, DomainRule, StaffRole } from '@werkbank/contracts';
import { StaffRepository } from '@werkbank/persistence';
import { LiveGateway } from '../apps/server/src/access/live.gateway';
import { SESSION_RECHECK_MS } from '../apps/server/src/auth/auth.service';
import { ADMIN_PASSWORD, startTestApp, TestApp } from './support/test-app';
import { runFromSource, spawnFromSource } from './support/run-from-source';
import { makeTempDir } from './support/temp-dir';
import { freePort } from './support/free-port';

/** A port nobody listens on right now (the OS picks it). */

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  for (const end = Date.now() + timeoutMs; !condition();) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function connectLive(url: string, token: string): Promise<Socket> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const resetPassword = (args: string[], env: Record<string, string>) =>
  runFromSource('apps/server/src/cli/reset-password.ts', args, env);

describe('staff accounts: session rechecks and the password reset command', () => {
  let t: TestApp;
  let offsetMs = 0;
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({
      clock: { now: () => new Date(Date.now() + offsetMs) },
      env: { LOGIN_ATTEMPTS_PER_MINUTE: '100' },
    });
    env = { DATABASE_URL: t.config.DATABASE_URL, DATA_DIR: t.dataDir, NODE_ENV: 'test' };
  });
  afterAll(() => t.close());

  it('stops accepting a session ended elsewhere within the recheck time', async () => {
    const { id, token } = await t.createStaff(StaffRole.Staff, 'erika');
    await t.as(token).get('/api/members').expect(200);
    // Another server instance (or the command line) ends the sessions: this process has no way to hear it.
    await t.app.get(StaffRepository).deleteSessionsOf(id);
    await t.as(token).get('/api/members').expect(200); // still trusted from memory…
    offsetMs += SESSION_RECHECK_MS + 1000;
    await t.as(token).get('/api/members').expect(401); // …until the recheck reads the database again
  });

  it('keeps a live session working across rechecks', async () => {
    const { token } = await t.createStaff(StaffRole.Staff, 'jonas');
    for (let i = 0; i < 3; i++) {
      offsetMs += SESSION_RECHECK_MS + 1000;
      await t.as(token).get('/api/members').expect(200);
    }
  });

  it('drops the live socket of a deactivated account at once, and moves a changed role to its rooms', async () => {
    const staff = await t.createStaff(StaffRole.Staff, 'mira');
    const socket = await connectLive(t.url, staff.token);
    const server = t.app.get(LiveGateway).server;
    const rooms = () => [...(server.sockets.sockets.get(socket.id as string)?.rooms ?? [])];
    try {
      await until(() => rooms().includes('all:names')); // joined once the handshake's token is checked
      await t.as(t.adminToken).patch(`/api/staff/${staff.id}`, { role: StaffRole.Trainer }).expect(200);
      expect(rooms()).toContain('all:pseudo'); // trainers see pseudonyms only
      expect(rooms()).not.toContain('all:names');
      expect(socket.connected).toBe(true);

      const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await t.as(t.adminToken).patch(`/api/staff/${staff.id}`, { active: false }).expect(200);
      expect(await gone).toBe('io server disconnect');
    } finally {
      socket.disconnect();
    }
  });

  it('drops a live socket whose session ended elsewhere at the next recheck', async () => {
    const staff = await t.createStaff(StaffRole.Staff, 'noah');
    const socket = await connectLive(t.url, staff.token);
    const gateway = t.app.get(LiveGateway);
    const rooms = () => [...(gateway.server.sockets.sockets.get(socket.id as string)?.rooms ?? [])];
    try {
      await until(() => rooms().includes('all:names'));
      await t.app.get(StaffRepository).deleteSessionsOf(staff.id);
      await gateway.recheckSockets();
      expect(socket.connected).toBe(true); // the session is still trusted from memory
      offsetMs += SESSION_RECHECK_MS + 1000;
      const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      await gateway.recheckSockets(); // what the gateway's timer runs every SESSION_RECHECK_MS
      expect(await gone).toBe('io server disconnect');
    } finally {
      socket.disconnect();
    }
  });

  it('lets every role change its own password, proving the current one; other sessions end', async () => {
    const trainer = await t.createStaff(StaffRole.Trainer, 'tina');
    const otherDevice = await t.login('tina', 'tina-password-1');
    const change = (body: object) => t.as(trainer.token).post('/api/auth/password', body);

    const wrong = await change({ currentPassword: 'not-it', newPassword: 'a-brand-new-password' }).expect(
      400,
    );
    expect(wrong.body.details).toEqual([
      expect.objectContaining({ field: 'currentPassword', rule: DomainRule.CurrentPasswordWrong }),
    ]);
    const short = await change({ currentPassword: 'tina-password-1', newPassword: 'short' }).expect(400);
    expect(short.body.details).toEqual([
      expect.objectContaining({ field: 'newPassword', rule: 'minLength', params: { limit: 10 } }),
    ]);
    const same = await change({ currentPassword: 'tina-password-1', newPassword: 'tina-password-1' }).expect(
      400,
    );
    expect(same.body.details[0]).toMatchObject({ field: 'newPassword', rule: DomainRule.PasswordUnchanged });
    await t.login('tina', 'tina-password-1'); // nothing changed so far

    await change({ currentPassword: 'tina-password-1', newPassword: 'a-brand-new-password' }).expect(204);
    await t.as(trainer.token).get('/api/auth/me').expect(200); // the session that asked stays
    await t.as(otherDevice).get('/api/auth/me').expect(401); // every other one ends at once
    await request(t.url)
      .post('/api/auth/login')
      .send({ username: 'tina', password: 'tina-password-1' })
      .expect(401);
    await t.login('tina', 'a-brand-new-password');

    const audit = await t.as(t.adminToken).get(`/api/audit?entityType=staff_account&entityId=${trainer.id}`);
    const changed = (audit.body.items as { action: string }[]).filter(
      (e) => e.action === (AuditAction.PasswordChange as string),
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]).toMatchObject({
      actorName: 'tina',
      after: { username: 'tina' },
    });
    expect(JSON.stringify(audit.body)).not.toContain('a-brand-new-password');
  });

  it('resets a password from the command line beside the running server, audited, ending old sessions', async () => {
    const oldToken = t.adminToken;
    await t.as(oldToken).get('/api/staff').expect(200);

    const run = await resetPassword(['Admin'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const password = /New password for "admin" \(admin\): (\S+)/.exec(run.stdout)?.[1];
    expect(password).toMatch(/^[\w-]{16}$/);

    await request(t.url)
      .post('/api/auth/login')
      .send({ username: 'admin', password: ADMIN_PASSWORD })
      .expect(401);
    const newToken = await t.login('admin', password as string);
    offsetMs += SESSION_RECHECK_MS + 1000;
    await t.as(oldToken).get('/api/staff').expect(401);

    const audit = await t.as(newToken).get('/api/audit?entityType=staff_account').expect(200);
    const entry = audit.body.items.find(
      (e: { action: string }) => e.action === (AuditAction.PasswordReset as string),
    );
    expect(entry).toMatchObject({ actorName: 'system', after: { username: 'admin' } });
    expect(JSON.stringify(entry)).not.toContain(password);
  }, 90_000);

  it('lists the accounts when the name is unknown or missing', async () => {
    const unknown = await resetPassword(['nobody'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('There is no staff account "nobody"');
    expect(unknown.stderr).toMatch(/Staff accounts: .*admin \(admin\).*erika \(staff\)/);

    const missing = await resetPassword([], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Usage: npm run staff:reset-password -- <username>');
    expect(missing.stdout).toBe('');
  }, 90_000);

  it('a first start on a taken port says which port to change, and still shows the new admin password', async () => {
    const dir = makeTempDir('taken-port');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const dbFile = `${dir.path}/werkbank.sqlite`;
      const start = await runFromSource('apps/server/src/main.ts', [], {
        DATABASE_URL: `sqlite:${dbFile}`,
        DATA_DIR: dir.path,
        PORT: String(port),
        HOST: '127.0.0.1',
        MQTT_PORT: '0',
        DEMO_MODE: 'false',
        LOG_LEVEL: 'fatal',
      });
      expect(start.code).toBe(1);
      expect(start.stderr).toContain(`Port ${port} (PORT, the web server) is already in use`);
      expect(start.stderr).toContain(`PORT=${port + 1} npm start`);
      // The account exists from now on, so this is the only time its password can be seen.
      const password = /The first admin account is created: log in as "admin" with password (\S+)/.exec(
        start.stderr,
      )?.[1];
      expect(password).toBeDefined();
      const db = new Database(dbFile, OPEN_READONLY);
      const row = await new Promise<{ passwordHash: string }>((resolve, reject) =>
        db.get<{ passwordHash: string }>(
          'SELECT "passwordHash" FROM "staff_accounts" WHERE "username" = ?',
          ['admin'],
          (error, found) => (error ? reject(error) : resolve(found)),
        ),
      );
      db.close();
      expect(await argon2.verify(row.passwordHash, password as string)).toBe(true);
    } finally {
      blocker.close();
      dir.remove();
    }
  }, 90_000);

  it('lets the first admin log in as soon as the server answers at all', async () => {
    const dir = makeTempDir('first-start');
    const port = await freePort();
    const server = spawnFromSource('apps/server/src/main.ts', {
      DATABASE_URL: `sqlite:${dir.path}/werkbank.sqlite`,
      DATA_DIR: dir.path,
      PORT: String(port),
      HOST: '127.0.0.1',
      MQTT_PORT: '0',
      DEMO_MODE: 'false',
      LOG_LEVEL: 'fatal',
      ADMIN_PASSWORD: 'first-start-password',
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      // Poll as a provisioning script or a load balancer would, and log in the moment it answers.
      for (const end = Date.now() + 60_000; ;) {
        const health = await fetch(`${url}/api/health`).catch(() => null);
        if (health?.ok) break;
        if (Date.now() > end || server.exitCode !== null) throw new Error('the server did not start');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const res = await request(url)
        .post('/api/auth/login')
        .send({ username: 'admin', password: 'first-start-password' });
      expect(res.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      dir.remove();
    }
  }, 90_000);

  it('says how to get a database when there is none, instead of creating an empty one', async () => {
    const empty = makeTempDir('no-db');
    try {
      const run = await resetPassword(['admin'], {
        DATABASE_URL: `sqlite:${empty.path}/werkbank.sqlite`,
        DATA_DIR: empty.path,
      });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`No database at ${empty.path}/werkbank.sqlite`);
      expect(run.stderr).toContain('Start Werkbank once (npm start)');
    } finally {
      empty.remove();
    }
  }, 90_000);
});
