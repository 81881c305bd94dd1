/**
 * GDPR Art. 15 (a member's own data export, JSON and PDF) and Art. 30 (the record of processing activities)
 * against a real server: the export holds the member's card, training and visit and nothing of anyone else,
 * the PDF reads back with its headings and page numbers, every export is audited, and the roles hold.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { addDaysToDate, startOfLocalDay } from '@werkbank/access-core';
import { StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory, today } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';
import { makeTempDir } from './support/temp-dir';

const tmp = makeTempDir('pdf');
afterAll(() => tmp.remove());

/** A PDF response body as a Buffer (supertest leaves binary bodies alone only with a parser). */
function binary(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

let pdfCount = 0;
function pdfText(pdf: Buffer): string {
  const file = join(tmp.path, `doc-${++pdfCount}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('member data export (Art. 15)', () => {
  let t: TestApp;
  let admin: ReturnType<TestApp['as']>;
  let f: Factory;
  let ada: { id: string; memberKey: string; firstName: string; lastName: string };
  let other: { id: string; memberKey: string; firstName: string; lastName: string };
  let qualificationName: string;
  let siteName: string;
  let machineName: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = t.as(t.adminToken);
    f = new Factory(admin);
    const site = await f.site({
      openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })),
    });
    siteName = site.name;
    const type = await f.machineType();
    const machine = await f.machine(site.id, type.id);
    machineName = machine.name;
    const qualification = await f.qualification(type.id, { name: 'Laser' });
    qualificationName = qualification.name;
    ada = await f.member({ firstName: 'Ada', lastName: 'Lovelace-Export', email: 'ada@example.org' });
    other = await f.member({ firstName: 'Grace', lastName: 'Hopper-Other', email: 'grace@example.org' });
    await f.card(ada.id, '0A1B2C3D');
    await f.card(other.id, '0F9E8D7C');
    await f.training([ada.id], qualification.id);
    await f.training([other.id], qualification.id);
    await admin.post('/api/visits', { siteId: site.id, memberId: ada.id }).expect(201);
    await admin.post('/api/visits', { siteId: site.id, memberId: other.id }).expect(201);
    // A tap of each card on the machine's reader: Ada's starts a session, Grace's is an access event of hers.
    const created = await admin
      .post('/api/devices', {
        name: 'export reader',
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address: 'export-reader',
      })
      .expect(201);
    const reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      created.body.device.mqttUsername,
      created.body.mqttPassword,
    );
    const tap = (uid: string, msgId: string) =>
      reader.publish(
        'werkbank/v1/export-reader/evt/card',
        JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId }),
      );
    await tap('0A1B2C3D', 'export-1');
    await eventually(async () => (await admin.get('/api/sessions').expect(200)).body.total > 0);
    await tap('0F9E8D7C', 'export-2');
    await eventually(async () => (await admin.get('/api/access/events').expect(200)).body.items.length >= 2);
    await reader.close();
    const hours = { siteId: site.id, date: today(), hours: 1.5 };
    await admin
      .post('/api/volunteer-hours', { ...hours, memberId: ada.id, activity: 'Repair café' })
      .expect(201);
    await admin
      .post('/api/volunteer-hours', { ...hours, memberId: other.id, activity: 'Other desk' })
      .expect(201);
    // Tomorrow 10:00 local: inside the site's hours whatever the time of day the suite runs at (a slot "in an
    // hour" ran past 23:59 in the late evening and was refused).
    const tomorrowAt = (min: number) =>
      new Date(
        startOfLocalDay(addDaysToDate(today(), 1), 'Europe/Berlin') + (600 + min) * 60_000,
      ).toISOString();
    await admin
      .post('/api/bookings', {
        machineId: machine.id,
        memberId: ada.id,
        startsAt: tomorrowAt(0),
        endsAt: tomorrowAt(30),
      })
      .expect(201);
    await admin
      .post('/api/bookings', {
        machineId: machine.id,
        memberId: other.id,
        startsAt: tomorrowAt(60),
        endsAt: tomorrowAt(90),
        note: 'Other booking note',
      })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('exports the member as JSON: card, training, visit, every section titled de/en, ISO dates', async () => {
    const res = await admin.get(`/api/members/${ada.id}/data-export?format=json`).expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toMatch(/attachment/);
    const body = res.body;
    expect(body.kind).toBe('werkbank.member-data-export');
    expect(body.member).toEqual({ id: ada.id, memberKey: ada.memberKey });
    expect(Object.keys(body.sections)).toEqual([
      'identity',
      'cards',
      'trainings',
      'bookings',
      'eventRegistrations',
      'visits',
      'machineSessions',
      'accessEvents',
      'volunteerHours',
      'incidentsReported',
      'consent',
    ]);
    for (const section of Object.values(body.sections) as { title: { de: string; en: string } }[]) {
      expect(section.title.de).toBeTruthy();
      expect(section.title.en).toBeTruthy();
    }
    const s = body.sections;
    expect(s.identity.items[0]).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace-Export',
      email: 'ada@example.org',
      memberKey: ada.memberKey,
    });
    expect(s.identity.items[0].createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(s.cards.items).toEqual([
      expect.objectContaining({ technology: 'em4100', uidStored: 'HMAC-SHA256', blocked: false }),
    ]);
    expect(s.cards.items[0].uidSuffix).toMatch(/^[0-9A-F]{4}$/i);
    expect(s.trainings.items).toEqual([
      expect.objectContaining({ qualification: qualificationName, action: 'grant' }),
    ]);
    expect(s.trainings.items[0].trainedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(s.visits.items).toEqual([expect.objectContaining({ site: siteName, source: 'manual' })]);
    expect(s.visits.items[0].at).toMatch(/Z$/);
    expect(s.bookings.items).toEqual([expect.objectContaining({ site: siteName, status: 'active' })]);
    expect(s.volunteerHours.items).toEqual([
      expect.objectContaining({ date: today(), hours: 1.5, activity: 'Repair café', site: siteName }),
    ]);
    expect(s.consent.items).toEqual([]);
    expect(s.machineSessions.items).toEqual([
      expect.objectContaining({ machine: machineName, site: siteName, endedAt: null }),
    ]);
    expect(s.accessEvents.items).toEqual([
      expect.objectContaining({ machine: machineName, outcome: 'allowed', cardSuffix: '2C3D' }),
    ]);
  });

  it('holds nothing of another member and no card hash', async () => {
    const text = (await admin.get(`/api/members/${ada.id}/data-export`).expect(200)).text;
    for (const trace of [
      other.lastName,
      'Grace',
      'grace@example.org',
      other.memberKey,
      other.id,
      'Other desk',
      'Other booking note',
      '8D7C',
    ]) {
      expect(text).not.toContain(trace);
    }
    // The keyed card hash (64 hex digits) is never exported.
    expect(text).not.toMatch(/[0-9a-f]{64}/i);
    expect(text).not.toContain('uidHash');
  });

  it('writes a readable PDF, German by default, English with lang=en', async () => {
    const de = await binary(admin.get(`/api/members/${ada.id}/data-export?format=pdf`)).expect(200);
    expect(de.headers['content-type']).toBe('application/pdf');
    expect((de.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(de.body as Buffer);
    expect(text).toContain('Ada Lovelace-Export');
    expect(text).toContain('Auskunft über gespeicherte Daten (Art. 15 DSGVO)');
    expect(text).toContain('Einweisungen und Qualifikationen');
    expect(text).toContain(qualificationName);
    expect(text).toContain('Karten');
    expect(text).toMatch(/Seite 1 von \d+/);
    expect(text).not.toContain('Hopper-Other');
    expect(text).toContain('Maschinennutzungen');
    expect(text).toContain(machineName);

    const en = await binary(admin.get(`/api/members/${ada.id}/data-export?format=pdf&lang=en`)).expect(200);
    const english = pdfText(en.body as Buffer);
    expect(english).toContain('Trainings and qualifications');
    expect(english).toMatch(/Page 1 of \d+/);
  });

  it('audits every export, naming who read whose data in which format', async () => {
    const res = await admin.get(`/api/audit?entityType=member&entityId=${ada.id}`).expect(200);
    const exports = (
      res.body.items as { action: string; actorName: string; after: Record<string, unknown> }[]
    ).filter((e) => e.action === 'export');
    expect(exports.length).toBeGreaterThanOrEqual(4);
    expect(exports.map((e) => e.after.format).sort()).toEqual(expect.arrayContaining(['json', 'pdf']));
    expect(exports.every((e) => e.actorName === 'admin')).toBe(true);
    expect(JSON.stringify(exports)).not.toContain('Lovelace');
  });

  it('lets staff export, refuses trainers (403) and is not audited then', async () => {
    const staff = await t.createStaff(StaffRole.Staff, 'office-export');
    await t.as(staff.token).get(`/api/members/${ada.id}/data-export`).expect(200);
    const trainer = await t.createStaff(StaffRole.Trainer, 'trainer-export');
    const before = (await admin.get(`/api/audit?entityType=member&entityId=${ada.id}`).expect(200)).body
      .total;
    const refused = await t.as(trainer.token).get(`/api/members/${ada.id}/data-export`).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await request(t.url).get(`/api/members/${ada.id}/data-export`).expect(401);
    const after = (await admin.get(`/api/audit?entityType=member&entityId=${ada.id}`).expect(200)).body.total;
    expect(after).toBe(before);
  });

  it('finds nothing once the member is erased, and the export entries keep no snapshot', async () => {
    const gone = await f.member({ firstName: 'Erin', lastName: 'Erased-Export', email: 'erin@example.org' });
    await admin.get(`/api/members/${gone.id}/data-export?format=pdf`).expect(200);
    await admin.delete(`/api/members/${gone.id}`).expect(204);
    await admin.get(`/api/members/${gone.id}/data-export`).expect(404);
    const log = await admin.get(`/api/audit?entityType=member&entityId=${gone.id}`).expect(200);
    const exported = (log.body.items as { action: string; after: unknown }[]).filter(
      (e) => e.action === 'export',
    );
    expect(exported).toHaveLength(1);
    expect(exported[0].after).toBeNull();
  });

  it('answers bad input with the field and the rule, an unknown member with 404', async () => {
    const bad = await admin.get(`/api/members/${ada.id}/data-export?format=xlsx`).expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'format', rule: 'isIn' })]);
    const lang = await admin.get(`/api/members/${ada.id}/data-export?format=pdf&lang=fr`).expect(400);
    expect(lang.body.details).toEqual([expect.objectContaining({ field: 'lang', rule: 'isIn' })]);
    await admin.get('/api/members/not-a-uuid/data-export').expect(400);
    await admin.get('/api/members/00000000-0000-4000-8000-000000000000/data-export').expect(404);
  });
});

describe('record of processing activities (Art. 30)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      env: {
        REPORT_SUPPRESSION_THRESHOLD: '7',
        REPORT_RETENTION_DAYS: '30',
        PRIVACY_CONTROLLER: 'Stadtlabor Prüfstadt e. V.',
        SPACEAPI_EMAIL: 'labor@example.org',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names every activity with the configured retention, threshold and controller', async () => {
    const res = await t.as(t.adminToken).get('/api/privacy/record').expect(200);
    const record = res.body;
    expect(record.controller).toEqual({ name: 'Stadtlabor Prüfstadt e. V.', contact: 'labor@example.org' });
    expect(record.suppressionThreshold).toBe(7);
    const keys = (record.activities as { key: string }[]).map((a) => a.key);
    expect(keys).toEqual([
      'access_control',
      'membership',
      'trainings',
      'bookings',
      'events',
      'visits',
      'funder_reports',
      'audit_log',
      'backups',
    ]);
    const access = record.activities.find((a: { key: string }) => a.key === 'access_control');
    expect(access.retentionDays).toBe(30);
    expect(access.retention.de).toContain('30 Tage');
    const funders = record.activities.find((a: { key: string }) => a.key === 'funder_reports');
    expect(funders.recipients.en).toMatch(/aggregates only/);
    expect(funders.measures.de).toContain('<7');
    expect(JSON.stringify(record)).not.toContain('<5');
  });

  it('prints the record as a PDF with its headings, in German and English', async () => {
    const admin = t.as(t.adminToken);
    const de = pdfText(
      (await binary(admin.get('/api/privacy/record?format=pdf')).expect(200)).body as Buffer,
    );
    expect(de).toContain('Verzeichnis der Verarbeitungstätigkeiten (Art. 30 DSGVO)');
    expect(de).toContain('Stadtlabor Prüfstadt e. V.');
    expect(de).toContain('Zutritts- und Maschinenfreigabe');
    expect(de).toContain('Datensicherung');
    expect(de).toContain('Technische und organisatorische Maßnahmen');
    expect(de).toMatch(/Seite 1 von \d+/);
    const en = pdfText(
      (await binary(admin.get('/api/privacy/record?format=pdf&lang=en')).expect(200)).body as Buffer,
    );
    expect(en).toContain('Record of processing activities (GDPR Art. 30)');
    expect(en).toContain('Funder reports');
    expect(en).toMatch(/Page 1 of \d+/);
  });

  it('is for admins only and refuses bad input', async () => {
    const staff = await t.createStaff(StaffRole.Staff, 'office-record');
    await t.as(staff.token).get('/api/privacy/record').expect(403);
    const bad = await t.as(t.adminToken).get('/api/privacy/record?format=doc').expect(400);
    expect(bad.body.details).toEqual([expect.objectContaining({ field: 'format', rule: 'isIn' })]);
  });
});
