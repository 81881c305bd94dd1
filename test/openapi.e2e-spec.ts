/**
 * The OpenAPI document (`GET /api/docs-json`) describes the API: it is a valid OpenAPI document, no operation
 * has an empty request or response schema, every operation lists its error body, and real responses of a
 * running server match their documented schemas (which come from libs/contracts/src/api). A field the server
 * sends and the contract lacks, or sends in another type or format, fails here.
 */
import { execFile } from 'node:child_process';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { ROUTE_ROLES } from './support/route-roles';
import { startTestApp, TestApp } from './support/test-app';

interface Operation {
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  security?: Record<string, string[]>[];
}
type Schema = Record<string, unknown>;
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, unknown> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

let t: TestApp;
let doc: Document;
let ajv: Ajv;

beforeAll(async () => {
  t = await startTestApp();
  doc = (await request(t.url).get('/api/docs-json').expect(200)).body as Document;
  ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ components: doc.components }, 'doc');
});
afterAll(async () => {
  await t?.close();
});

/**
 * The validator is an ES module, which Jest's CommonJS runtime cannot load: it runs in a Node process of its
 * own and reads the document from stdin.
 */
function validateOpenApi(document: Document): Promise<{ valid: boolean; errors?: unknown }> {
  const script =
    "import('@seriousme/openapi-schema-validator').then(async ({ Validator }) => {" +
    "  let text = ''; for await (const chunk of process.stdin) text += chunk;" +
    '  const result = await new Validator().validate(JSON.parse(text));' +
    '  process.stdout.write(JSON.stringify(result));' +
    '});';
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', script], { cwd: __dirname }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as { valid: boolean; errors?: unknown }),
    );
    child.stdin?.end(JSON.stringify(document));
  });
}

function operations(): { key: string; op: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, op: item[m] })),
  );
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`${ref} is not among the components`);
  return target;
}

/** A schema that says something: properties, items, a type other than a bare object, or alternatives. */
function isEmpty(schema: Schema | undefined): boolean {
  if (!schema) return true;
  const s = resolve(schema);
  if (Array.isArray(s.oneOf) || Array.isArray(s.anyOf)) return false;
  if (s.type === 'array') return isEmpty(s.items as Schema | undefined);
  if (s.type === 'object' || s.type === undefined)
    return Object.keys((s.properties as object | undefined) ?? {}).length === 0 && !s.additionalProperties;
  return false;
}

/** The documented schema of an operation's success response, compiled for ajv. */
function responseValidator(key: string, status: number): ValidateFunction {
  const [method, path] = key.split(' ');
  const op = doc.paths[path]?.[method.toLowerCase()];
  const schema = op?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${key} documents no JSON body for ${status}`);
  return ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')));
}

function expectMatches(key: string, status: number, body: unknown): void {
  const validate = responseValidator(key, status);
  const ok = validate(body);
  // The errors name the path and the rule, e.g. `/items/0 must NOT have additional properties (memberName)`.
  expect(
    ok
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
  ).toEqual([]);
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI document', async () => {
    expect(await validateOpenApi(doc)).toEqual({ valid: true });
  });

  it('has no empty component schema', () => {
    const empty = Object.entries(doc.components.schemas)
      .filter(([, schema]) => isEmpty(schema))
      .map(([name]) => name);
    expect(empty).toEqual([]);
  });

  it('describes every request body and every success response', () => {
    const problems: string[] = [];
    for (const { key, op } of operations()) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        if (type === 'application/json' && isEmpty(media.schema)) problems.push(`${key}: empty request body`);
      const success = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (success.length === 0) problems.push(`${key}: no success response`);
      for (const [status, response] of success) {
        if (status === '204') continue;
        const media = Object.entries(response.content ?? {});
        if (media.length === 0) problems.push(`${key}: ${status} has no body schema`);
        for (const [type, m] of media)
          if (type === 'application/json' && isEmpty(m.schema)) problems.push(`${key}: ${status} empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every operation the error body, and every logged-in operation its auth schemes', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'cookie']);
    const problems: string[] = [];
    for (const { key, op } of operations()) {
      const errors = Object.entries(op.responses).filter(([status]) => /^4\d\d$/.test(status));
      const isPublic = (ROUTE_ROLES as Record<string, string>)[key] === 'public';
      if (!isPublic && !(op.responses['401'] && op.responses['403'])) problems.push(`${key}: no 401/403`);
      if (!isPublic && !(op.security ?? []).some((s) => 'bearer' in s)) problems.push(`${key}: no security`);
      for (const [status, response] of errors) {
        const schema = response.content?.['application/json']?.schema;
        if (schema?.$ref !== '#/components/schemas/ApiErrorBody')
          problems.push(`${key}: ${status} not ApiErrorBody`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('shows the DTO limits and enums (the swagger plugin ran)', () => {
    const login = doc.components.schemas.LoginDto as {
      properties: Record<string, Schema>;
      required: string[];
    };
    expect(login.required).toEqual(['username', 'password']);
    expect(login.properties.username).toMatchObject({ type: 'string', minLength: 1, maxLength: 64 });
    const member = doc.components.schemas.CreateMemberDto as { properties: Record<string, Schema> };
    expect(member.properties.status).toMatchObject({
      type: 'string',
      enum: ['active', 'suspended', 'guest'],
    });
    expect(member.properties.email).toMatchObject({ format: 'email', maxLength: 254 });
  });
});

describe('real responses match their documented schemas', () => {
  let trainerToken: string;
  let ids: { site: string; machine: string; member: string; qualification: string; device: string };

  beforeAll(async () => {
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site({
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })),
    });
    const type = await make.machineType();
    const machine = await make.machine(site.id, type.id);
    const q = await make.qualification(type.id);
    const member = await make.member({ email: 'ada@example.org', notes: 'likes lasers' });
    await make.card(member.id, '008EC793');
    await make.training([member.id], q.id);
    const created = await admin
      .post('/api/devices', {
        name: 'openapi reader',
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address: 'openapi-reader',
      })
      .expect(201);
    expectMatches('POST /api/devices', 201, created.body);
    ids = {
      site: site.id,
      machine: machine.id,
      member: member.id,
      qualification: q.id,
      device: created.body.device.id,
    };
    trainerToken = (await t.createStaff(StaffRole.Trainer, 'openapi-trainer')).token;

    // One allowed tap: an access event, a session and a live session to check.
    const reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      created.body.device.mqttUsername,
      created.body.mqttPassword,
    );
    await reader.publish(
      'werkbank/v1/openapi-reader/evt/card',
      JSON.stringify({ uid: '008EC793', tech: 'em4100', at: new Date().toISOString(), msgId: 'openapi-1' }),
    );
    await eventually(async () => {
      const res = await admin.get('/api/sessions').expect(200);
      return res.body.total > 0;
    });
    await reader.close();
  });

  const cases: [string, string, () => string][] = [
    ['GET /api/health', '/api/health', () => ''],
    ['GET /api/auth/me', '/api/auth/me', () => ''],
    ['GET /api/staff', '/api/staff', () => ''],
    ['GET /api/audit', '/api/audit', () => ''],
    ['GET /api/sites', '/api/sites', () => ''],
    ['GET /api/sites/{id}', '/api/sites/', () => ids.site],
    ['GET /api/sites/{id}/deployments', '/api/sites/{}/deployments', () => ids.site],
    ['GET /api/sites/{id}/presence', '/api/sites/{}/presence', () => ids.site],
    ['GET /api/members', '/api/members', () => ''],
    ['GET /api/members/{id}', '/api/members/', () => ids.member],
    ['GET /api/members/{id}/cards', '/api/members/{}/cards', () => ids.member],
    ['GET /api/members/{id}/qualifications', '/api/members/{}/qualifications', () => ids.member],
    ['GET /api/members/{id}/data-export', '/api/members/{}/data-export', () => ids.member],
    ['GET /api/privacy/record', '/api/privacy/record', () => ''],
    ['GET /api/machine-types', '/api/machine-types', () => ''],
    ['GET /api/machines', '/api/machines', () => ''],
    ['GET /api/machines/{id}', '/api/machines/', () => ids.machine],
    ['GET /api/qualifications', '/api/qualifications', () => ''],
    ['GET /api/qualifications/{id}', '/api/qualifications/', () => ids.qualification],
    ['GET /api/trainings', '/api/trainings', () => ''],
    ['GET /api/trainings/expiring', '/api/trainings/expiring?days=365', () => ''],
    ['GET /api/devices', '/api/devices', () => ''],
    ['GET /api/devices/{id}', '/api/devices/', () => ids.device],
    ['GET /api/devices/mosquitto-config', '/api/devices/mosquitto-config', () => ''],
    ['GET /api/device-families', '/api/device-families', () => ''],
    ['GET /api/live/machines', '/api/live/machines', () => ''],
    ['GET /api/sessions', '/api/sessions', () => ''],
    ['GET /api/visits', '/api/visits', () => ''],
    ['GET /api/access/events', '/api/access/events', () => ''],
    ['GET /api/access/stats', '/api/access/stats', () => ''],
    ['GET /api/public/mobile-labs', '/api/public/mobile-labs', () => ''],
    ['GET /api/lab-requests', '/api/lab-requests', () => ''],
    ['GET /api/public/sites/{id}/spaceapi.json', '/api/public/sites/{}/spaceapi.json', () => ids.site],
  ];

  it.each(cases)('%s (admin)', async (key, path, id) => {
    const url = path.includes('{}') ? path.replace('{}', id()) : path + id();
    const res = await t.as(t.adminToken).get(url).expect(200);
    expectMatches(key, 200, res.body);
  });

  it('lists something in the lists, so the item schemas are checked too', async () => {
    const admin = t.as(t.adminToken);
    expect((await admin.get('/api/access/events').expect(200)).body.items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/sessions').expect(200)).body.items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/trainings').expect(200)).body.items.length).toBeGreaterThan(0);
    expect((await admin.get('/api/audit').expect(200)).body.items.length).toBeGreaterThan(0);
    const live = (await admin.get('/api/live/machines').expect(200)).body as { session: unknown }[];
    expect(live.some((m) => m.session !== null)).toBe(true);
  });

  it.each([
    ['GET /api/members', '/api/members'],
    ['GET /api/members/{id}', '/api/members/'],
    ['GET /api/sites/{id}/presence', '/api/sites/{}/presence'],
  ])('%s (trainer view)', async (key, path) => {
    const url = path.includes('{}')
      ? path.replace('{}', ids.site)
      : path.endsWith('/')
        ? path + ids.member
        : path;
    const res = await t.as(trainerToken).get(url).expect(200);
    expectMatches(key, 200, res.body);
  });

  it('visits, headcounts, incidents and volunteer hours match their schemas', async () => {
    const admin = t.as(t.adminToken);
    const member = await admin.post('/api/visits', { siteId: ids.site, memberId: ids.member }).expect(201);
    expectMatches('POST /api/visits', 201, member.body);
    const anon = await admin.post('/api/visits', { siteId: ids.site, anonymous: true, ageBand: '18_29' });
    expectMatches('POST /api/visits', 201, anon.body);
    const count = await admin
      .post('/api/visits/headcount', { siteId: ids.site, count: 3, note: 'x' })
      .expect(201);
    expectMatches('POST /api/visits/headcount', 201, count.body);
    const day = new Date().toISOString().slice(0, 10);
    const summary = await admin
      .get(`/api/visits/summary?siteId=${ids.site}&from=${day}&to=${day}`)
      .expect(200);
    expectMatches('GET /api/visits/summary', 200, summary.body);
    const list = await admin.get('/api/visits').expect(200);
    expect(list.body.items.length).toBeGreaterThan(1);
    expectMatches('GET /api/visits', 200, list.body);
    const incident = await admin
      .post('/api/incidents', { machineId: ids.machine, severity: 'low', kind: 'other', text: 'Loose cable' })
      .expect(201);
    expectMatches('POST /api/incidents', 201, incident.body);
    const resolved = await admin
      .patch(`/api/incidents/${incident.body.id}`, { status: 'resolved', resolutionNote: 'Fixed' })
      .expect(200);
    expectMatches('PATCH /api/incidents/{id}', 200, resolved.body);
    expectMatches('GET /api/incidents', 200, (await admin.get('/api/incidents').expect(200)).body);
    const one = await admin.get(`/api/incidents/${incident.body.id}`).expect(200);
    expectMatches('GET /api/incidents/{id}', 200, one.body);
    const hours = await admin
      .post('/api/volunteer-hours', {
        memberId: ids.member,
        siteId: ids.site,
        date: day,
        hours: 1.5,
        activity: 'x',
      })
      .expect(201);
    expectMatches('POST /api/volunteer-hours', 201, hours.body);
    const changed = await admin.patch(`/api/volunteer-hours/${hours.body.id}`, { hours: 2 }).expect(200);
    expectMatches('PATCH /api/volunteer-hours/{id}', 200, changed.body);
    expectMatches(
      'GET /api/volunteer-hours',
      200,
      (await admin.get('/api/volunteer-hours').expect(200)).body,
    );
    const refused = await admin.post('/api/visits', { siteId: ids.site }).expect(400);
    expectMatches('POST /api/visits', 400, refused.body);
  });

  it('events, series, partners, registrations and the door match their schemas', async () => {
    const admin = t.as(t.adminToken);
    const partner = await admin
      .post('/api/partners', { name: 'OpenAPI e.V.', type: 'association' })
      .expect(201);
    expectMatches('POST /api/partners', 201, partner.body);
    expectMatches('GET /api/partners', 200, (await admin.get('/api/partners').expect(200)).body);
    const ev = await admin
      .post('/api/events', {
        title: 'Schema-Workshop',
        format: 'talk',
        siteId: ids.site,
        startsAt: '2027-01-05T10:00:00Z',
        endsAt: '2027-01-05T12:00:00Z',
        capacity: 2,
        partnerIds: [partner.body.id],
        qualificationId: ids.qualification,
      })
      .expect(201);
    expectMatches('POST /api/events', 201, ev.body);
    const id = ev.body.id as string;
    expectMatches('GET /api/events', 200, (await admin.get('/api/events').expect(200)).body);
    expectMatches('GET /api/events/{id}', 200, (await admin.get(`/api/events/${id}`).expect(200)).body);
    const reg = await admin.post(`/api/events/${id}/registrations`, { memberId: ids.member }).expect(201);
    expectMatches('POST /api/events/{id}/registrations', 201, reg.body);
    const mark = await admin
      .post(`/api/events/${id}/registrations/${reg.body.id}/attendance`, { attended: true })
      .expect(200);
    expectMatches('POST /api/events/{id}/registrations/{registrationId}/attendance', 200, mark.body);
    const walkIn = await admin.post(`/api/events/${id}/walk-ins`, { label: 'Gäste', count: 2 }).expect(201);
    expectMatches('POST /api/events/{id}/walk-ins', 201, walkIn.body);
    const card = await admin.post(`/api/events/${id}/attendance/card`, { cardUid: '008EC793' }).expect(200);
    expectMatches('POST /api/events/{id}/attendance/card', 200, card.body);
    const counts = await admin
      .patch(`/api/events/${id}/attendance`, { walkIns: 1, headcount: 5 })
      .expect(200);
    expectMatches('PATCH /api/events/{id}/attendance', 200, counts.body);
    expectMatches(
      'GET /api/events/{id}/attendance',
      200,
      (await admin.get(`/api/events/${id}/attendance`)).body,
    );
    expectMatches(
      'GET /api/events/{id}/registrations',
      200,
      (await admin.get(`/api/events/${id}/registrations`).expect(200)).body,
    );
    const patched = await admin.patch(`/api/events/${id}`, { title: 'Schema-Vortrag' }).expect(200);
    expectMatches('PATCH /api/events/{id}', 200, patched.body);
    const series = await admin
      .post('/api/event-series', {
        title: 'Offene Werkstatt',
        format: 'open_workshop',
        siteId: ids.site,
        frequency: 'monthly',
        startDate: '2027-01-12',
        startTime: '17:00',
        endTime: '20:00',
        count: 2,
      })
      .expect(201);
    expectMatches('POST /api/event-series', 201, series.body);
    const sid = series.body.id as string;
    expectMatches(
      'GET /api/event-series/{id}',
      200,
      (await admin.get(`/api/event-series/${sid}`).expect(200)).body,
    );
    const ps = await admin.patch(`/api/event-series/${sid}`, { capacity: 12 }).expect(200);
    expectMatches('PATCH /api/event-series/{id}', 200, ps.body);
  });

  it('an error body matches ApiErrorBody', async () => {
    const res = await t.as(t.adminToken).get('/api/machines/not-a-uuid').expect(400);
    expectMatches('GET /api/machines/{id}', 400, res.body);
    const missing = await t.as(t.adminToken).get(`/api/machines/${ids.member}`).expect(404);
    expectMatches('GET /api/machines/{id}', 404, missing.body);
  });

  it('login matches LoginResult', async () => {
    const res = await request(t.url)
      .post('/api/auth/login')
      .send({ username: 'admin', password: 'admin-password-for-tests' })
      .expect(200);
    expectMatches('POST /api/auth/login', 200, res.body);
  });
});
