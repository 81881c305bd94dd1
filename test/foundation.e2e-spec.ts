import request from 'supertest';
import { DomainRule, ErrorCode, StaffRole } from '@werkbank/contracts';
import { SnapshotLoader } from '../apps/server/src/access/snapshot-loader';
import { ChangeFeed } from '../apps/server/src/common/change-feed';
import { Factory, today } from './support/factories';
import { DATABASES, TestDatabase } from './support/postgres';
import { startTestApp, TestApp } from './support/test-app';

/** The same suite on both databases the product supports: SQLite (the default) and PostgreSQL. */
describe.each(DATABASES)('foundation: staff API on $name', ({ start }) => {
  let t: TestApp;
  let make: Factory;
  let database: TestDatabase;

  beforeAll(async () => {
    database = start();
    t = await startTestApp({ env: { LOGIN_ATTEMPTS_PER_MINUTE: '5', ...database.env } });
    make = new Factory(t.as(t.adminToken));
  });
  afterAll(async () => {
    await t?.close();
    database?.stop();
  });

  it('answers /api/health without login and refuses everything else', async () => {
    const health = await request(t.url).get('/api/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', database: true, mqtt: true });
    const res = await request(t.url).get('/api/members').expect(401);
    expect(res.body).toMatchObject({ statusCode: 401, code: ErrorCode.Unauthenticated });
    expect(res.body.correlationId).toEqual(expect.any(String));
    await request(t.url).get('/api/members').set('authorization', 'Bearer not-a-token').expect(401);
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(t.url).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/members', '/api/trainings', '/api/auth/login']),
    );
  });

  it('creates the whole chain: site, machine type, machine, qualification, member, card, training', async () => {
    const admin = t.as(t.adminToken);
    const site = await make.site({
      name: 'Stadtlabor Mitte',
      openingHours: [{ weekday: 1, opens: '10:00', closes: '18:00' }],
    });
    const type = await make.machineType({ name: '3D printer' });
    const machine = await make.machine(site.id, type.id, { name: 'Prusa MK4 #1', minimumAge: 12 });
    expect(machine.state).toBe('available');
    // Age limits are for minors: adults' birth dates are not stored, so a limit above 18 is refused.
    const tooOld = await admin.patch(`/api/machines/${machine.id}`, { minimumAge: 21 }).expect(400);
    expect(tooOld.body.details).toEqual([
      expect.objectContaining({ field: 'minimumAge', rule: 'max', params: { limit: 18 } }),
    ]);
    const safety = await make.qualification(type.id, {
      name: 'General workshop safety',
      validityMonths: null,
    });
    const printing = await make.qualification(type.id, { name: '3D printing', prerequisiteIds: [safety.id] });
    const member = await make.member({
      firstName: 'Erika',
      lastName: 'Mustermann',
      email: 'Erika@Example.org',
    });
    expect(member.memberKey).toMatch(/^[0-9a-f]{32}$/);
    const card = await make.card(member.id, '00:8e:c7:93');
    expect(card.uidSuffix).toBe('C793');
    expect(JSON.stringify(card)).not.toContain('008EC793');

    // Prerequisite missing: nothing is recorded.
    const refused = await admin
      .post('/api/trainings', {
        qualificationId: printing.id,
        memberIds: [member.id],
        level: 'independent',
        trainedOn: today(),
      })
      .expect(409);
    expect(refused.body.code).toBe(ErrorCode.PrerequisiteMissing);
    await make.training([member.id], safety.id);
    const [record] = await make.training([member.id], printing.id);
    expect(record.expiresOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const standing = await admin.get(`/api/members/${member.id}/qualifications`).expect(200);
    expect(standing.body.map((s: { qualificationName: string }) => s.qualificationName).sort()).toEqual([
      '3D printing',
      'General workshop safety',
    ]);

    // Revocation is history, not an overwrite.
    await admin
      .post('/api/trainings/revocations', {
        qualificationId: printing.id,
        memberId: member.id,
        comment: 'unsafe use',
      })
      .expect(201);
    const after = await admin.get(`/api/members/${member.id}/qualifications`).expect(200);
    expect(after.body).toHaveLength(1);
    const history = await admin.get(`/api/trainings?memberId=${member.id}`).expect(200);
    expect(history.body.total).toBe(4 - 1); // safety grant, printing grant, printing revoke
  });

  it('rejects unknown fields and reports every invalid field', async () => {
    const res = await t
      .as(t.adminToken)
      .post('/api/members', { firstName: '', lastName: 'X', email: 'not-mail', shoeSize: 44, ageBand: 'old' })
      .expect(400);
    expect(res.body.code).toBe(ErrorCode.ValidationFailed);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['firstName', 'email', 'shoeSize', 'ageBand']));
    // Each problem names its rule (and bound), so clients can word it in their own language.
    expect(res.body.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'firstName', rule: 'minLength', params: { limit: 1 } }),
        expect.objectContaining({ field: 'email', rule: 'isEmail' }),
        expect.objectContaining({ field: 'shoeSize', rule: 'whitelistValidation' }),
        expect.objectContaining({ field: 'ageBand', rule: 'isEnum' }),
      ]),
    );
  });

  it('answers broken bodies with the one error format and a hint, before any route runs', async () => {
    const post = (type: string, body: string) =>
      request(t.url)
        .post('/api/members')
        .set('authorization', `Bearer ${t.adminToken}`)
        .set('content-type', type)
        .send(body);
    const malformed = await post('application/json', '{"firstName": "A",').expect(400);
    expect(malformed.body).toMatchObject({ statusCode: 400, code: ErrorCode.ValidationFailed });
    expect(malformed.body.correlationId).toEqual(expect.any(String));
    const tooLarge = await post(
      'application/json',
      JSON.stringify({ notes: 'x'.repeat(1024 * 1024 + 10) }),
    ).expect(413);
    expect(tooLarge.body).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('Split it'),
    });
    const wrongType = await post('application/xml', '<member/>').expect(415);
    expect(wrongType.body.message).toContain('application/json');
    const badPath = await request(t.url)
      .get('/api/members/%E0%A4%A')
      .set('authorization', `Bearer ${t.adminToken}`)
      .expect(400);
    expect(badPath.body).toMatchObject({
      statusCode: 400,
      code: ErrorCode.ValidationFailed,
      correlationId: expect.any(String),
    });
    const withId = await request(t.url)
      .get('/api/members/not-a-uuid')
      .set('x-request-id', 'support-4711')
      .set('authorization', `Bearer ${t.adminToken}`);
    expect(withId.headers['x-request-id']).toBe('support-4711');
    expect(withId.body.correlationId).toBe('support-4711');
  });

  it('answers a duplicate card with 409 naming the conflict, and writes nothing', async () => {
    const a = await make.member();
    const b = await make.member();
    await make.card(a.id, '04A2B3C4D5E6F7');
    const res = await t
      .as(t.adminToken)
      .post(`/api/members/${b.id}/cards`, { uid: '04-a2-b3-c4-d5-e6-f7', technology: 'ntag' })
      .expect(409);
    expect(res.body.code).toBe(ErrorCode.DuplicateCard);
    expect(res.body.message).toContain(a.id);
    const cards = await t.as(t.adminToken).get(`/api/members/${b.id}/cards`).expect(200);
    expect(cards.body).toHaveLength(0);
  });

  it('enforces cross-field rules: guests need a window, birth dates only for minors', async () => {
    const admin = t.as(t.adminToken);
    const guest = await admin
      .post('/api/members', { firstName: 'G', lastName: 'Ast', status: 'guest' })
      .expect(400);
    expect(guest.body.details[0].field).toBe('guestValidUntil');
    expect(guest.body.details[0].rule).toBe(DomainRule.GuestWindow);
    const adult = await admin
      .post('/api/members', { firstName: 'A', lastName: 'Dult', birthDate: '1990-01-01' })
      .expect(400);
    expect(adult.body.details[0].field).toBe('birthDate');
    expect(adult.body.details[0].rule).toBe(DomainRule.BirthDateMinorsOnly);
    await admin
      .post('/api/members', {
        firstName: 'K',
        lastName: 'Ind',
        isMinor: true,
        birthDate: '2013-05-01',
        guardianConsentOn: '2026-01-10',
      })
      .expect(201);
  });

  it('pages, filters and sorts members', async () => {
    const admin = t.as(t.adminToken);
    for (const last of ['Zander', 'Abel', 'Meier'])
      await make.member({ firstName: 'Pat', lastName: `${last}-paging` });
    await make.member({ firstName: 'Sue', lastName: 'Abel-paging-suspended', status: 'suspended' });
    const page = await admin.get('/api/members?q=abel-pag&sort=lastName&order=asc').expect(200);
    expect(page.body.items.map((m: { lastName: string }) => m.lastName)).toEqual([
      'Abel-paging',
      'Abel-paging-suspended',
    ]);
    const active = await admin.get('/api/members?q=abel-pag&status=active').expect(200);
    expect(active.body.total).toBe(1);
    const desc = await admin.get('/api/members?pageSize=2&page=1&sort=lastName&order=desc').expect(200);
    expect(desc.body.items).toHaveLength(2);
    expect(desc.body.total).toBeGreaterThan(4);
    expect(desc.body.items[0].lastName >= desc.body.items[1].lastName).toBe(true);
    await admin.get('/api/members?pageSize=1000').expect(400);
    await admin.get('/api/members?sort=passwordHash').expect(400);
  });

  it('enforces each role server-side', async () => {
    const staff = await t.createStaff(StaffRole.Staff, 'front-desk');
    const trainerMember = await make.member({ firstName: 'Tina', lastName: 'Trainer' });
    const trainer = await t.createStaff(StaffRole.Trainer, 'tina', trainerMember.id);
    const type = await make.machineType();
    const q = await make.qualification(type.id);
    const site = await make.site();
    const member = await make.member();

    // staff: members and cards yes; sites, staff accounts, audit no
    await t.as(staff.token).post('/api/members', { firstName: 'New', lastName: 'Member' }).expect(201);
    await t.as(staff.token).post('/api/sites', { name: 'Nope', kind: 'fixed' }).expect(403);
    await t.as(staff.token).get('/api/audit').expect(403);
    await t
      .as(staff.token)
      .post('/api/staff', { username: 'x', displayName: 'x', password: 'xxxxxxxxxxxx', role: 'admin' })
      .expect(403);
    await t.as(staff.token).delete(`/api/members/${member.id}`).expect(403);
    await t
      .as(staff.token)
      .post('/api/machines', { name: 'M', siteId: site.id, machineTypeId: type.id })
      .expect(403);

    // trainer: reads members, may not create them, records trainings only with the trainer level
    await t.as(trainer.token).get('/api/members').expect(200);
    await t.as(trainer.token).post('/api/members', { firstName: 'No', lastName: 'Way' }).expect(403);
    await t
      .as(trainer.token)
      .post(`/api/members/${member.id}/cards`, { uid: '11223344', technology: 'em4100' })
      .expect(403);
    const refused = await t
      .as(trainer.token)
      .post('/api/trainings', {
        qualificationId: q.id,
        memberIds: [member.id],
        level: 'independent',
        trainedOn: today(),
      })
      .expect(403);
    expect(refused.body.code).toBe(ErrorCode.NotATrainer);
    await make.training([trainerMember.id], q.id, { level: 'trainer' });
    await t
      .as(trainer.token)
      .post('/api/trainings', {
        qualificationId: q.id,
        memberIds: [member.id],
        level: 'independent',
        trainedOn: today(),
      })
      .expect(201);
    const other = await t
      .as(trainer.token)
      .post('/api/trainings', {
        qualificationId: q.id,
        memberIds: [member.id],
        level: 'independent',
        trainedOn: today(),
        trainerId: staff.id,
      })
      .expect(403);
    expect(other.body.code).toBe(ErrorCode.NotATrainer);
  });

  it('records every staff change in the audit log with before and after', async () => {
    const admin = t.as(t.adminToken);
    const member = await make.member({ firstName: 'Audit', lastName: 'Me' });
    const card = await make.card(member.id, 'DEADBEEF');
    await admin.patch(`/api/members/${member.id}`, { status: 'suspended' }).expect(200);
    await admin.post(`/api/cards/${card.id}/block`, { reason: 'lost' }).expect(200);
    const memberLog = await admin.get(`/api/audit?entityId=${member.id}`).expect(200);
    const actions = memberLog.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(['block', 'create']);
    const suspend = memberLog.body.items[0];
    expect(suspend.actorName).toBe('admin');
    expect(suspend.before.status).toBe('active');
    expect(suspend.after.status).toBe('suspended');
    const cardLog = await admin.get(`/api/audit?entityId=${card.id}`).expect(200);
    expect(cardLog.body.items[0]).toMatchObject({
      action: 'block',
      after: { blocked: true, blockedReason: 'lost' },
    });
    expect(JSON.stringify(cardLog.body)).not.toContain('uidHash');
  });

  it('imports members from CSV: dry run lists every bad line, apply is all or nothing', async () => {
    const admin = t.as(t.adminToken);
    const bad = [
      'Vorname;Nachname;E-Mail;Status;Altersgruppe',
      'Ada;Lovelace;ada@example.org;active;30_54',
      ';Nobody;nobody@example.org;active;',
      'Bad;Mail;not-an-email;active;',
      'Dup;Licate;ada@example.org;active;',
      'Wrong;Status;w@example.org;sleeping;',
    ].join('\n');
    const dry = await admin.post('/api/members/import?dryRun=true', bad).expect(200);
    expect(dry.body).toMatchObject({ dryRun: true, rows: 5, valid: 1, imported: 0 });
    const lines = dry.body.errors.map((e: { field: string }) => e.field.split(':')[0]);
    expect([...new Set(lines)]).toEqual(['line 3', 'line 4', 'line 5', 'line 6']);
    expect(dry.body.errors).toContainEqual(
      expect.objectContaining({ field: 'line 3:firstName', rule: 'minLength', params: { limit: 1 } }),
    );
    expect(dry.body.errors).toContainEqual(
      expect.objectContaining({ field: 'line 5:email', rule: DomainRule.SameInFile, params: { line: 2 } }),
    );

    const applied = await admin.post('/api/members/import', bad).expect(422);
    expect(applied.body.code).toBe(ErrorCode.ImportInvalid);
    const none = await admin.get('/api/members?q=lovelace').expect(200);
    expect(none.body.total).toBe(0);

    const announced: { ids: string[] }[] = [];
    t.app.get(ChangeFeed).on('members', (event) => void announced.push(event));
    const good =
      'firstName,lastName,email,isMinor,birthDate,guardianConsentOn\nAda,Lovelace,ada@example.org,no,,\nKim,Klein,,ja,2014-02-02,2026-09-01\n';
    const ok = await admin.post('/api/members/import', good).expect(200);
    expect(ok.body).toMatchObject({ imported: 2, errors: [] });
    const kim = await admin.get('/api/members?q=klein').expect(200);
    expect(kim.body.items[0]).toMatchObject({
      isMinor: true,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    // Imported in bulk, audited one entry per member, announced to the access runtime in one event.
    const log = await admin.get(`/api/audit?entityId=${kim.body.items[0].id}`).expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        action: 'import',
        actorName: 'admin',
        before: null,
        after: expect.objectContaining({ lastName: 'Klein' }),
      }),
    ]);
    expect(announced).toEqual([{ ids: expect.arrayContaining([kim.body.items[0].id]) }]);
    expect(announced[0].ids).toHaveLength(2);
    const detail = await admin.get(`/api/members/${kim.body.items[0].id}`).expect(200);
    expect(detail.body).toMatchObject({ birthDate: '2014-02-02', guardianConsentOn: '2026-09-01' });
    const again = await admin.post('/api/members/import?dryRun=true', good).expect(200);
    expect(again.body.errors[0]).toMatchObject({
      field: 'line 2:email',
      problem: expect.stringContaining('exists'),
    });
  });

  it('rate-limits login attempts', async () => {
    const attempts = [];
    for (let i = 0; i < 7; i++) {
      attempts.push(
        (await request(t.url).post('/api/auth/login').send({ username: 'admin', password: 'wrong' })).status,
      );
    }
    expect(attempts.slice(0, 2)).toEqual([401, 401]);
    expect(attempts).toContain(429);
  });

  it('loads the access snapshot from what the API wrote', async () => {
    const { snapshot } = await t.app.get(SnapshotLoader).loadAll();
    const total = (await t.as(t.adminToken).get('/api/members?pageSize=1').expect(200)).body.total as number;
    expect(snapshot.members.size).toBe(total);
    expect(snapshot.cards.size).toBeGreaterThan(0);
    expect([...snapshot.cards.values()].every((card) => card.member?.memberId === card.memberId)).toBe(true);
    expect(snapshot.machines.size).toBeGreaterThan(0);
    expect([...snapshot.grants.values()].some((grants) => grants.size > 0)).toBe(true);
  });
});
