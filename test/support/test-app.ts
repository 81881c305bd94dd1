import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { StaffRole } from '@werkbank/contracts';
import { createApp } from '../../apps/server/src/bootstrap';
import { Clock } from '../../apps/server/src/common/clock';
import { AppConfig, loadConfig } from '../../apps/server/src/config/app-config';
import { StaffService } from '../../apps/server/src/staff/staff.service';
import { makeTempDir } from './temp-dir';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface TestApp {
  app: NestFastifyApplication;
  config: AppConfig;
  url: string;
  dataDir: string;
  /** supertest against the running server with a staff member's bearer token. */
  as(token: string): AuthedClient;
  login(username: string, password: string): Promise<string>;
  adminToken: string;
  /** Create a staff account (through the API, as admin) and return its id and token. */
  createStaff(role: StaffRole, username: string, memberId?: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export interface AuthedClient {
  get(path: string): request.Test;
  post(path: string, body?: object | string): request.Test;
  patch(path: string, body?: object): request.Test;
  /** A string body goes as text/csv. */
  put(path: string, body: object | string): request.Test;
  delete(path: string): request.Test;
}

/** A real server on a real SQLite file in a temp dir, listening on a free port. */
export async function startTestApp(
  options: { env?: Record<string, string>; clock?: Clock; dataDir?: string; keepData?: boolean } = {},
): Promise<TestApp> {
  const temp = options.dataDir ? { path: options.dataDir, remove: () => undefined } : makeTempDir('app');
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: temp.path,
    DATABASE_URL: `sqlite:${temp.path}/werkbank.sqlite`,
    ADMIN_PASSWORD,
    LOG_LEVEL: 'warn',
    DEMO_MODE: 'false',
    MQTT_PORT: '0',
    ADMIN_UI_DIR: `${temp.path}/no-ui`,
    ...options.env,
  });
  const app = await createApp({ config, clock: options.clock });
  await app.get(StaffService).ensureInitialAdmin();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const as = (token: string): AuthedClient => ({
    get: (path) => request(url).get(path).set('authorization', `Bearer ${token}`),
    post: (path, body) => {
      const req = request(url).post(path).set('authorization', `Bearer ${token}`);
      return body === undefined
        ? req
        : typeof body === 'string'
          ? req.set('content-type', 'text/csv').send(body)
          : req.send(body);
    },
    put: (path, body) => {
      const req = request(url).put(path).set('authorization', `Bearer ${token}`);
      return typeof body === 'string' ? req.set('content-type', 'text/csv').send(body) : req.send(body);
    },
    patch: (path, body) =>
      request(url)
        .patch(path)
        .set('authorization', `Bearer ${token}`)
        .send(body ?? {}),
    delete: (path) => request(url).delete(path).set('authorization', `Bearer ${token}`),
  });
  const login = async (username: string, password: string): Promise<string> => {
    const res = await request(url).post('/api/auth/login').send({ username, password });
    if (res.status !== 200)
      throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  };
  const adminToken = await login('admin', ADMIN_PASSWORD);
  return {
    app,
    config,
    url,
    dataDir: temp.path,
    as,
    login,
    adminToken,
    async createStaff(role, username, memberId) {
      const password = `${username}-password-1`;
      const res = await as(adminToken)
        .post('/api/staff', {
          username,
          displayName: username,
          password,
          role,
          ...(memberId ? { memberId } : {}),
        })
        .expect(201);
      return { id: res.body.id as string, token: await login(username, password) };
    },
    async close() {
      await app.close();
      if (!options.keepData) temp.remove();
    },
  };
}
