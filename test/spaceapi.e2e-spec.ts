/**
 * SpaceAPI per site (GET /api/public/sites/{id}/spaceapi.json): valid against the SpaceAPI 14 and 15 schemas
 * (test/fixtures/spaceapi, see its README), and `state.open` follows the opening hours AND the staff present.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import request from 'supertest';
import { StaffRole } from '@werkbank/contracts';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const schema = (v: string) =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', 'spaceapi', `${v}.json`), 'utf8')) as object;

let t: TestApp;
let v14: ValidateFunction;
let v15: ValidateFunction;
const ALL_WEEK = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '00:00' }));

const errors = (validate: ValidateFunction, body: unknown) =>
  validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

beforeAll(async () => {
  t = await startTestApp({
    env: {
      SPACEAPI_NAME: 'Stadtlabor',
      SPACEAPI_EMAIL: 'labor@example.org',
      SPACEAPI_URL: 'https://stadtlabor.example.org',
      SPACEAPI_COORDINATES: 'Werkstatt Mitte=52.52,13.405',
    },
  });
  const ajv = new Ajv({ strict: false, allErrors: true });
  v14 = ajv.compile(schema('14'));
  v15 = ajv.compile(schema('15'));
});
afterAll(() => t?.close());

describe('SpaceAPI', () => {
  it('validates as 14 and 15, open only within the hours and with staff present', async () => {
    const admin = t.as(t.adminToken);
    const site = await new Factory(admin).site({
      name: 'Werkstatt Mitte',
      address: 'Hauptstraße 1, 10115 Berlin, Germany',
      openingHours: ALL_WEEK,
    });
    const url = `/api/public/sites/${site.id}/spaceapi.json`;
    const closed = await request(t.url).get(url).expect(200);
    expect(closed.headers['access-control-allow-origin']).toBe('*');
    expect(closed.body).toMatchObject({
      api_compatibility: ['14', '15'],
      space: 'Stadtlabor – Werkstatt Mitte',
      url: 'https://stadtlabor.example.org',
      location: {
        address: 'Hauptstraße 1, 10115 Berlin, Germany',
        lat: 52.52,
        lon: 13.405,
        timezone: 'Europe/Berlin',
      },
      contact: { email: 'labor@example.org' },
      state: { open: false },
    });
    expect(errors(v14, closed.body)).toEqual([]);
    expect(errors(v15, closed.body)).toEqual([]);
    // The default logo is served.
    const logo = await request(t.url).get(new URL(closed.body.logo).pathname).expect(200);
    expect(logo.headers['content-type']).toMatch(/image\/svg\+xml/);

    const staff = await t.createStaff(StaffRole.Staff, 'spaceapi-staff');
    await admin.post(`/api/sites/${site.id}/presence`, { present: true, staffId: staff.id }).expect(200);
    const open = await request(t.url).get(url).expect(200);
    expect(open.body.state.open).toBe(true);
    expect(errors(v14, open.body)).toEqual([]);
    expect(open.body.state.lastchange).toBeGreaterThanOrEqual(closed.body.state.lastchange);
    expect(Math.abs(open.body.state.lastchange - Date.now() / 1000)).toBeLessThan(60);

    // Outside the opening hours the lab is closed, staff or not.
    const today = new Date().getDay() || 7;
    const other = ((today + 2) % 7) + 1;
    await admin
      .patch(`/api/sites/${site.id}`, { openingHours: [{ weekday: other, opens: '10:00', closes: '11:00' }] })
      .expect(200);
    const after = await request(t.url).get(url).expect(200);
    expect(after.body.state).toMatchObject({ open: false, message: 'closed (outside opening hours)' });
    expect(errors(v15, after.body)).toEqual([]);
  });

  it('announces 15 only for a site without coordinates (14 requires lat/lon)', async () => {
    const site = await new Factory(t.as(t.adminToken)).site({ kind: 'mobile' });
    const res = await request(t.url).get(`/api/public/sites/${site.id}/spaceapi.json`).expect(200);
    expect(res.body.api_compatibility).toEqual(['15']);
    expect(res.body.location).toEqual({ timezone: 'Europe/Berlin' });
    expect(errors(v15, res.body)).toEqual([]);
    expect(errors(v14, res.body)).not.toEqual([]);
  });

  it('the schemas refuse what they must (the validator is not blind)', () => {
    const good = { api_compatibility: ['15'], space: 'x', logo: 'l', url: 'u', contact: {} };
    expect(errors(v15, good)).toEqual([]);
    expect(errors(v15, { ...good, location: { lat: 1 } })).not.toEqual([]);
    expect(errors(v15, { ...good, api_compatibility: ['13'] })).not.toEqual([]);
    expect(errors(v15, { ...good, state: { open: 'yes' } })).not.toEqual([]);
    const { logo: _, ...noLogo } = good;
    expect(errors(v15, noLogo)).not.toEqual([]);
  });

  it('answers 404 for an unknown site and 400 for a malformed id', async () => {
    await request(t.url)
      .get('/api/public/sites/6f1c2d1e-0000-4000-8000-000000000000/spaceapi.json')
      .expect(404);
    await request(t.url).get('/api/public/sites/nope/spaceapi.json').expect(400);
  });
});
