/**
 * The mobile lab bookable by other towns (docs/mobile-lab.md): the public form with its abuse defences, the
 * requester's status page, the staff inbox (accept → deployment, decline, propose), the overlap rule shared
 * with POST /sites/{id}/deployments, and mails through a real SMTP server on loopback.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { localDateOf } from '@werkbank/access-core';
import { StaffRole } from '@werkbank/contracts';
import { LabMailer } from '../apps/server/src/lab-requests/lab-mailer';
import { eventually } from './support/devices';
import { Factory } from './support/factories';
import { mailText, startSmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

const day = (offset: number) => localDateOf(Date.now() + offset * 86_400_000, 'Europe/Berlin');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let t: TestApp;
let sink: Awaited<ReturnType<typeof startSmtpSink>>;
let van: { id: string; name: string };
let secondVan: { id: string; name: string };
let fixed: { id: string };
let formToken: string;
let ip = 10;
/** Each test speaks from its own documentation address (X-Forwarded-For, trusted from loopback). */
const nextAddress = () => `203.0.113.${ip++}`;

function form(overrides: Record<string, unknown> = {}) {
  return {
    formToken,
    siteId: van.id,
    institution: 'Grundschule Am Bach',
    institutionType: 'school',
    contactName: 'Petra Lehrer',
    email: `petra.${randomBytes(3).toString('hex')}@schule.example`,
    phone: '+49 30 1234567',
    wishedDates: [{ startsOn: day(30), endsOn: day(31) }],
    place: 'Marktplatz 1, 12345 Musterdorf',
    municipalityKey: '09162000',
    participants: 24,
    topics: ['3d_printing', 'programming'],
    topicsText: 'Calliope',
    message: 'Zwei Klassen der 4. Stufe',
    consent: true,
    language: 'de',
    ...overrides,
  };
}

const submit = (body: object, address = nextAddress()) =>
  request(t.url).post('/api/public/lab-requests').set('x-forwarded-for', address).send(body);

async function staffRequests(): Promise<{ id: string; state: string; email: string }[]> {
  return (await t.as(t.adminToken).get('/api/lab-requests').expect(200)).body;
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startTestApp({
    env: {
      LAB_REQUEST_MIN_FILL_SECONDS: '1',
      SMTP_URL: sink.url,
      SMTP_FROM: 'Stadtlabor <labor@example.org>',
      LAB_REQUESTS_NOTIFY: 'team@example.org',
    },
  });
  const make = new Factory(t.as(t.adminToken));
  van = await make.site({ kind: 'mobile', name: 'Labormobil' });
  secondVan = await make.site({ kind: 'mobile', name: 'Labormobil 2' });
  fixed = await make.site({ kind: 'fixed' });
  formToken = (await request(t.url).get('/api/public/mobile-labs').expect(200)).body.formToken;
  await sleep(1100);
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe('the public form', () => {
  it('lists the mobile labs only, with booked days but not who booked them', async () => {
    await t
      .as(t.adminToken)
      .post(`/api/sites/${secondVan.id}/deployments`, {
        startsOn: day(60),
        endsOn: day(62),
        place: 'Secret place',
        bookingInstitution: 'Secret school',
      })
      .expect(201);
    const res = await request(t.url).get('/api/public/mobile-labs').expect(200);
    expect(res.body.labs.map((l: { name: string }) => l.name)).toEqual(['Labormobil', 'Labormobil 2']);
    expect(res.body.labs[1].booked).toEqual([{ startsOn: day(60), endsOn: day(62) }]);
    expect(JSON.stringify(res.body)).not.toMatch(/Secret/);
    expect(res.body.formToken).toMatch(/^[0-9a-z]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.minFillSeconds).toBe(1);
  });

  it('stores a request, mails the status link, and shows the status to the holder of the link only', async () => {
    const body = form();
    const res = await submit(body).expect(201);
    expect(res.body).toMatchObject({
      duplicate: false,
      statusPath: `/request/status/${res.body.statusToken}`,
    });
    expect(res.body.statusToken).toMatch(/^[\w-]{43}$/);
    const status = await request(t.url).get(`/api/public/lab-requests/${res.body.statusToken}`).expect(200);
    expect(status.body).toMatchObject({ state: 'new', labName: 'Labormobil', reference: res.body.reference });
    // The status page shows no contact data: the link may be forwarded.
    expect(JSON.stringify(status.body)).not.toContain(body.email);
    // A guessed token, and a malformed one, find nothing.
    await request(t.url)
      .get(`/api/public/lab-requests/${randomBytes(32).toString('base64url')}`)
      .expect(404);
    await request(t.url).get('/api/public/lab-requests/abc').expect(404);
    // Only a hash of the token is stored.
    const row = (await staffRequests()).find((r) => r.email === body.email)!;
    expect(
      JSON.stringify(await t.as(t.adminToken).get(`/api/lab-requests/${row.id}`).expect(200)),
    ).not.toContain(res.body.statusToken);
    await eventually(() => sink.mails.some((m) => m.to.includes(body.email)));
    const receipt = mailText(sink.mails.find((m) => m.to.includes(body.email))!.raw);
    expect(receipt).toContain(`/request/status/${res.body.statusToken}`);
    await eventually(() => sink.mails.some((m) => m.to.includes('team@example.org')));
  });

  it('refuses bad input with the field and the rule, storing nothing', async () => {
    const before = (await staffRequests()).length;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ municipalityKey: '1234' }, 'municipalityKey', 'matches'],
      [{ consent: false }, 'consent', 'equals'],
      [{ email: 'not-mail' }, 'email', 'isEmail'],
      [{ wishedDates: [] }, 'wishedDates', 'arrayMinSize'],
      [{ wishedDates: [{ startsOn: day(-3), endsOn: day(-2) }] }, 'wishedDates.0.startsOn', 'notInPast'],
      [{ wishedDates: [{ startsOn: day(10), endsOn: day(9) }] }, 'wishedDates.0.endsOn', 'notBefore'],
      [{ wishedDates: [{ startsOn: day(10), endsOn: day(50) }] }, 'wishedDates.0.endsOn', 'maxDays'],
      [{ siteId: fixed.id }, 'siteId', 'notBookable'],
      [{ participants: 0 }, 'participants', 'min'],
      [{ topics: ['lasers-pew'] }, 'topics', 'isEnum'],
    ];
    for (const [overrides, field, rule] of cases) {
      const res = await submit(form(overrides));
      expect({
        status: res.status,
        problem: res.body.details?.find((d: { field: string }) => d.field === field),
      }).toEqual({
        status: 400,
        problem: expect.objectContaining({ field, rule }),
      });
    }
    expect((await staffRequests()).length).toBe(before);
  });

  it('refuses a body above 16 KB', async () => {
    await submit(form({ message: 'x'.repeat(20_000) })).expect(413);
  });

  it('refuses a forged, a missing and a too fresh form token', async () => {
    const [issued, nonce] = formToken.split('.');
    const forged = `${issued}.${nonce}.${randomBytes(32).toString('base64url')}`;
    for (const token of [forged, '', 'x.y']) {
      const res = await submit(form({ formToken: token })).expect(400);
      expect(res.body.details[0]).toMatchObject({ field: 'formToken', rule: 'formToken' });
    }
    const fresh = (await request(t.url).get('/api/public/mobile-labs').expect(200)).body.formToken;
    const res = await submit(form({ formToken: fresh })).expect(400);
    expect(res.body.details[0]).toMatchObject({ field: 'formToken', rule: 'formTooFast' });
  });

  it('answers a filled honeypot as if accepted, and stores nothing', async () => {
    const body = form({ website: 'http://spam.example' });
    const res = await submit(body).expect(201);
    expect(res.body.statusToken).toMatch(/^[\w-]{43}$/);
    await request(t.url).get(`/api/public/lab-requests/${res.body.statusToken}`).expect(404);
    expect((await staffRequests()).some((r) => r.email === body.email)).toBe(false);
  });

  it('takes the same e-mail and dates within the hour once, without handing out a second link', async () => {
    const body = form();
    const first = await submit(body).expect(201);
    const again = await submit({ ...body, email: body.email.toUpperCase() }).expect(201);
    expect(again.body).toEqual({
      reference: first.body.reference,
      duplicate: true,
      statusToken: null,
      statusPath: null,
    });
    expect((await staffRequests()).filter((r) => r.email === body.email)).toHaveLength(1);
  });

  it('refuses the 6th request an hour from one address with 429 and Retry-After; others go on', async () => {
    const flooder = '198.51.100.66';
    for (let i = 0; i < 5; i++) await submit(form(), flooder).expect(201);
    const refused = await submit(form(), flooder).expect(429);
    expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    // Forged tokens and honeypots count too: the limit comes first.
    await submit(form({ formToken: 'x' }), flooder).expect(429);
    // One household behind IPv6 is one /64.
    for (let i = 0; i < 5; i++) await submit(form(), `2001:db8:1:2::${i + 1}`).expect(201);
    await submit(form(), '2001:db8:1:2:ffff::9').expect(429);
    await submit(form(), nextAddress()).expect(201);
  });
});

describe('the staff inbox and the requester', () => {
  async function newRequest(overrides: Record<string, unknown> = {}) {
    const res = await submit(form(overrides)).expect(201);
    const list = await staffRequests();
    const id = list.find(
      (r) => r.state === 'new' && (r as { email: string }).email === (overrides.email ?? ''),
    )?.id;
    return { token: res.body.statusToken as string, id: id ?? list[0].id };
  }

  it('accepts a request: it becomes a deployment in the same step, audited and mailed', async () => {
    const email = 'accept@bibliothek.example';
    const { token, id } = await newRequest({
      email,
      institution: 'Stadtbibliothek',
      institutionType: 'library',
    });
    const res = await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/accept`, { startsOn: day(30), endsOn: day(31), message: 'Bis bald!' })
      .expect(200);
    expect(res.body).toMatchObject({ state: 'accepted', deployment: { startsOn: day(30), endsOn: day(31) } });
    const deployments = (await t.as(t.adminToken).get(`/api/sites/${van.id}/deployments`).expect(200)).body;
    expect(deployments).toContainEqual(
      expect.objectContaining({
        id: res.body.deploymentId,
        place: 'Marktplatz 1, 12345 Musterdorf',
        municipalityKey: '09162000',
        bookingInstitution: 'Stadtbibliothek',
      }),
    );
    const status = (await request(t.url).get(`/api/public/lab-requests/${token}`).expect(200)).body;
    expect(status).toMatchObject({
      state: 'accepted',
      staffMessage: 'Bis bald!',
      deployment: { startsOn: day(30) },
    });
    const audit = (await t.as(t.adminToken).get('/api/audit?entityType=lab_request').expect(200)).body;
    expect(JSON.stringify(audit)).toContain('accept');
    await eventually(() =>
      sink.mails.some((m) => m.to.includes(email) && /angenommen/.test(mailText(m.raw))),
    );
  });

  it('refuses to accept on days another deployment holds, naming it, and changes nothing', async () => {
    const { id } = await newRequest({ email: 'clash@schule.example' });
    const before = (await t.as(t.adminToken).get(`/api/sites/${van.id}/deployments`).expect(200)).body.length;
    const res = await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/accept`, { startsOn: day(31), endsOn: day(33) })
      .expect(409);
    expect(res.body.details[0]).toMatchObject({ field: 'startsOn', rule: 'deploymentOverlap' });
    expect(res.body.message).toContain(day(30));
    const again = (await t.as(t.adminToken).get(`/api/lab-requests/${id}`).expect(200)).body;
    expect(again).toMatchObject({ state: 'new', deploymentId: null });
    expect((await t.as(t.adminToken).get(`/api/sites/${van.id}/deployments`).expect(200)).body).toHaveLength(
      before,
    );
    // The day after the booked ones is free; once accepted, the request takes no second deployment.
    const ok = await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/accept`, { startsOn: day(32), endsOn: day(32), place: 'Turnhalle' })
      .expect(200);
    expect(ok.body.deployment).toMatchObject({ place: 'Turnhalle' });
    const twice = await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/accept`, { startsOn: day(40), endsOn: day(40) })
      .expect(409);
    expect(twice.body.details[0].rule).toBe('requestState');
  });

  it('applies the overlap rule to POST /sites/{id}/deployments too', async () => {
    const admin = t.as(t.adminToken);
    const clash = await admin
      .post(`/api/sites/${secondVan.id}/deployments`, { startsOn: day(62), endsOn: day(64), place: 'B' })
      .expect(409);
    expect(clash.body.details[0]).toMatchObject({ rule: 'deploymentOverlap', params: { startsOn: day(60) } });
    const order = await admin
      .post(`/api/sites/${secondVan.id}/deployments`, { startsOn: day(70), endsOn: day(69), place: 'B' })
      .expect(400);
    expect(order.body.details[0]).toMatchObject({ field: 'endsOn', rule: 'notBefore' });
    // The day after the last one is free.
    await admin
      .post(`/api/sites/${secondVan.id}/deployments`, { startsOn: day(63), endsOn: day(63), place: 'B' })
      .expect(201);
  });

  it('proposes other dates; the requester takes one on the status page and it becomes a deployment', async () => {
    const { token, id } = await newRequest({ email: 'propose@gemeinde.example', siteId: secondVan.id });
    await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/propose`, {
        dates: [
          { startsOn: day(61), endsOn: day(61) },
          { startsOn: day(80), endsOn: day(81) },
        ],
        message: 'Geht einer dieser Termine?',
      })
      .expect(200);
    const status = (await request(t.url).get(`/api/public/lab-requests/${token}`).expect(200)).body;
    expect(status).toMatchObject({ state: 'proposed', staffMessage: 'Geht einer dieser Termine?' });
    expect(status.proposedDates).toHaveLength(2);
    // The first proposal is taken meanwhile: 409, the request stays proposed.
    const clash = await request(t.url)
      .post(`/api/public/lab-requests/${token}/accept-proposal`)
      .send({ index: 0 })
      .expect(409);
    expect(clash.body.details[0].rule).toBe('deploymentOverlap');
    await request(t.url)
      .post(`/api/public/lab-requests/${token}/accept-proposal`)
      .send({ index: 7 })
      .expect(400);
    const done = await request(t.url)
      .post(`/api/public/lab-requests/${token}/accept-proposal`)
      .send({ index: 1 })
      .expect(200);
    expect(done.body).toMatchObject({
      state: 'accepted',
      deployment: { startsOn: day(80), endsOn: day(81) },
    });
    const again = await request(t.url)
      .post(`/api/public/lab-requests/${token}/accept-proposal`)
      .send({ index: 1 })
      .expect(409);
    expect(again.body.details[0]).toMatchObject({ field: 'state', rule: 'requestState' });
  });

  it('declines with a message; a declined request cannot be withdrawn or accepted', async () => {
    const { token, id } = await newRequest({ email: 'decline@verein.example' });
    await t.as(t.adminToken).post(`/api/lab-requests/${id}/decline`, {}).expect(400);
    await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/decline`, { message: 'Leider ausgebucht.' })
      .expect(200);
    const status = (await request(t.url).get(`/api/public/lab-requests/${token}`).expect(200)).body;
    expect(status).toMatchObject({ state: 'declined', staffMessage: 'Leider ausgebucht.' });
    await request(t.url).post(`/api/public/lab-requests/${token}/withdraw`).expect(409);
    await t
      .as(t.adminToken)
      .post(`/api/lab-requests/${id}/accept`, { startsOn: day(90), endsOn: day(90) })
      .expect(409);
    const list = (await t.as(t.adminToken).get('/api/lab-requests?state=declined').expect(200)).body;
    expect(list.map((r: { id: string }) => r.id)).toEqual([id]);
    await t.as(t.adminToken).get('/api/lab-requests?state=maybe').expect(400);
  });

  it('lets the requester withdraw an open request', async () => {
    const { token } = await newRequest({ email: 'withdraw@schule.example' });
    const res = await request(t.url).post(`/api/public/lab-requests/${token}/withdraw`).expect(200);
    expect(res.body.state).toBe('withdrawn');
  });

  it('keeps the inbox from trainers (contact data)', async () => {
    const trainer = await t.createStaff(StaffRole.Trainer, 'inbox-trainer');
    await t.as(trainer.token).get('/api/lab-requests').expect(403);
  });

  it('keeps a request when the mail server is gone, and counts the failure', async () => {
    await sink.close();
    const mailer = t.app.get(LabMailer);
    const failedBefore = mailer.failed;
    const body = form({ email: 'nomail@schule.example' });
    const res = await submit(body).expect(201);
    await request(t.url).get(`/api/public/lab-requests/${res.body.statusToken}`).expect(200);
    await eventually(() => mailer.failed > failedBefore, 15_000);
    expect((await staffRequests()).some((r) => r.email === body.email)).toBe(true);
  });
});
