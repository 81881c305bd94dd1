import request from 'supertest';
import { AccessEventItem, AccessEventPage, DenyReason, ErrorCode, StaffRole } from '@werkbank/contracts';
import { ActivityJournal } from '../apps/server/src/access/activity-journal';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { FakeDevice } from './support/devices';
import { DATABASES, TestDatabase } from './support/postgres';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Reader {
  id: string;
  address: string;
  device: FakeDevice;
}

/**
 * GET /api/access/events: the access audit trail, filtered and paged, for the roles that may read it. Real
 * server, real SQLite, real broker; the rows come from taps at own-protocol readers.
 */
describe.each(DATABASES)('access events list on $name: filters, keyset paging, roles', ({ start }) => {
  let database: TestDatabase;
  let t: TestApp;
  // While set, the server's clock stands still: taps recorded meanwhile share one instant (paging ties).
  let frozenAt: number | null = null;
  let make: Factory;
  let siteId: string;
  let printer: { id: string };
  let broken: { id: string };
  let printerReader: Reader;
  let brokenReader: Reader;
  let trained: { id: string; memberKey: string };
  let untrained: { id: string; memberKey: string };
  let trainerToken: string;
  let staffToken: string;
  let boundary: string;
  let msg = 0;

  const cards = { trained: '008EC793', untrained: '04A2B3C4', unknown: '0A1B2C3D' };

  async function tap(
    reader: Reader,
    uid: string,
  ): Promise<{ result: string; reason: string | null; text: string }> {
    const since = reader.device.mark();
    const at = new Date(frozenAt ?? Date.now()).toISOString();
    await reader.device.publish(
      `werkbank/v1/${reader.address}/evt/card`,
      JSON.stringify({ uid, tech: 'em4100', at, msgId: `ev-${++msg}` }),
    );
    return JSON.parse(await reader.device.next(`werkbank/v1/${reader.address}/cmd/feedback`, since)) as {
      result: string;
      reason: string | null;
      text: string;
    };
  }

  const list = async (query: Record<string, string | number> = {}, token = t.adminToken) => {
    const qs = new URLSearchParams(
      Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
    ).toString();
    await t.app.get(ActivityJournal).flush();
    const res = await t
      .as(token)
      .get(`/api/access/events${qs ? `?${qs}` : ''}`)
      .expect(200);
    return res.body as AccessEventPage;
  };

  /** Every page of a filter, following nextCursor. */
  const allPages = async (query: Record<string, string | number>, token = t.adminToken) => {
    const pages: AccessEventPage[] = [];
    let cursor: string | null = null;
    do {
      const page = await list({ ...query, ...(cursor ? { cursor } : {}) }, token);
      pages.push(page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 100);
    return pages;
  };

  const newestFirst = (items: AccessEventItem[]) =>
    items.every(
      (e, i) => i === 0 || items[i - 1].at > e.at || (items[i - 1].at === e.at && items[i - 1].id > e.id),
    );

  beforeAll(async () => {
    database = start();
    t = await startTestApp({
      env: { TAP_DEBOUNCE_MS: '0', ...database.env },
      clock: { now: () => new Date(frozenAt ?? Date.now()) },
    });
    const admin = t.as(t.adminToken);
    make = new Factory(admin);
    const site = await make.site();
    siteId = site.id;
    const type = await make.machineType({ name: '3D printer' });
    printer = await make.machine(site.id, type.id, { name: 'Prusa' });
    broken = await make.machine(site.id, type.id, {
      name: 'Broken Prusa',
      state: 'out_of_service',
      stateReason: 'nozzle',
    });
    const q = await make.qualification(type.id);
    trained = await make.member({ firstName: 'Tina' });
    untrained = await make.member({ firstName: 'Uwe' });
    await make.training([trained.id], q.id);
    await make.card(trained.id, cards.trained);
    await make.card(untrained.id, cards.untrained);
    const mqttUrl = t.app.get(MqttEndpoint).url;
    const reader = async (machineId: string, address: string): Promise<Reader> => {
      const res = await admin
        .post('/api/devices', {
          name: address,
          siteId: site.id,
          machineId,
          role: 'machine_reader',
          protocol: 'werkbank',
          address,
        })
        .expect(201);
      const device = await FakeDevice.connect(mqttUrl, res.body.device.mqttUsername, res.body.mqttPassword);
      expect(await device.subscribe(`werkbank/v1/${address}/cmd/#`)).toBe(true);
      return { id: res.body.device.id as string, address, device };
    };
    printerReader = await reader(printer.id, 'events-reader-prusa');
    brokenReader = await reader(broken.id, 'events-reader-broken');
    await admin
      .post('/api/devices', {
        name: 'events-relay-prusa',
        siteId: site.id,
        machineId: printer.id,
        role: 'actuator',
        protocol: 'shelly_gen1',
        address: 'events-relay-prusa',
      })
      .expect(201);
    trainerToken = (await t.createStaff(StaffRole.Trainer, 'events-trainer')).token;
    staffToken = (await t.createStaff(StaffRole.Staff, 'events-staff')).token;

    // First batch: an allowed tap, its tap-out, denials for an untrained member and an unknown card.
    expect(await tap(printerReader, cards.trained)).toMatchObject({ result: 'allowed' });
    // Feedback for a tap-out says allowed ("Signed off"); the recorded outcome is tap_out.
    expect(await tap(printerReader, cards.trained)).toMatchObject({ result: 'allowed' });
    for (let i = 0; i < 3; i++) {
      expect(await tap(printerReader, cards.untrained)).toMatchObject({
        result: 'denied',
        reason: DenyReason.NotTrained,
      });
    }
    expect(await tap(printerReader, cards.unknown)).toMatchObject({
      result: 'denied',
      reason: DenyReason.UnknownCard,
    });
    await new Promise((r) => setTimeout(r, 20));
    boundary = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    // Second batch, all at one instant: the paging must break ties by id.
    frozenAt = Date.now();
    for (let i = 0; i < 4; i++) {
      expect(await tap(brokenReader, cards.trained)).toMatchObject({
        result: 'denied',
        reason: DenyReason.MachineOutOfService,
      });
    }
    for (let i = 0; i < 3; i++) await tap(printerReader, cards.untrained);
    frozenAt = null;
  });

  afterAll(async () => {
    await Promise.all([printerReader?.device.close(), brokenReader?.device.close()]);
    await t?.close();
    database?.stop();
  });

  it('lists every tap, newest first, with its decision and the member by pseudonym', async () => {
    const page = await list();
    expect(page.items).toHaveLength(13);
    expect(page.nextCursor).toBeNull();
    expect(page.limit).toBe(100);
    expect(newestFirst(page.items)).toBe(true);
    // The second batch was recorded at one instant (a tie the paging must break by id).
    expect(new Set(page.items.slice(0, 7).map((e) => e.at)).size).toBe(1);
    const oldest = page.items[page.items.length - 1];
    expect(oldest).toMatchObject({
      outcome: 'allowed',
      reason: null,
      machineId: printer.id,
      siteId,
      deviceId: printerReader.id,
      memberKey: trained.memberKey,
      cardSuffix: 'C793',
      sessionId: expect.any(String),
    });
    expect(Date.parse(oldest.at)).not.toBeNaN();
    const unknown = page.items.find((e) => e.reason === DenyReason.UnknownCard);
    expect(unknown).toMatchObject({ memberKey: null, cardSuffix: '2C3D', sessionId: null });
    // No names, no member ids: the trail is pseudonymous for every role.
    expect(JSON.stringify(page)).not.toMatch(/Tina|Uwe|Muster/);
    expect(JSON.stringify(page)).not.toContain(trained.id);
  });

  it('filters by outcome, reason, machine, device, site and time', async () => {
    expect((await list({ outcome: 'allowed' })).items).toHaveLength(1);
    expect((await list({ outcome: 'tap_out' })).items).toHaveLength(1);
    expect((await list({ outcome: 'denied' })).items).toHaveLength(11);
    const notTrained = await list({ reason: DenyReason.NotTrained });
    expect(notTrained.items).toHaveLength(6);
    expect(notTrained.items.every((e) => e.memberKey === untrained.memberKey)).toBe(true);
    expect((await list({ outcome: 'denied', reason: DenyReason.UnknownCard })).items).toHaveLength(1);
    expect((await list({ outcome: 'allowed', reason: DenyReason.UnknownCard })).items).toHaveLength(0);
    const onBroken = await list({ machineId: broken.id });
    expect(onBroken.items).toHaveLength(4);
    expect(onBroken.items.every((e) => e.reason === DenyReason.MachineOutOfService)).toBe(true);
    expect((await list({ deviceId: printerReader.id })).items).toHaveLength(9);
    expect((await list({ siteId })).items).toHaveLength(13);
    expect((await list({ siteId: '00000000-0000-4000-8000-000000000000' })).items).toHaveLength(0);
    const after = await list({ from: boundary });
    expect(after.items).toHaveLength(7);
    expect(after.items.every((e) => e.at >= boundary)).toBe(true);
    const before = await list({ to: boundary });
    expect(before.items).toHaveLength(6);
    expect(before.items.every((e) => e.at < boundary)).toBe(true);
    expect((await list({ from: boundary, to: boundary })).items).toHaveLength(0);
    expect((await list({ to: boundary, machineId: printer.id, outcome: 'denied' })).items).toHaveLength(4);
  });

  it('staff and admins filter by member id, resolved to the pseudonym on the server', async () => {
    const mine = await list({ memberId: trained.id }, staffToken);
    expect(mine.items).toHaveLength(6); // allowed, tap-out, 4 × out of service
    expect(mine.items.every((e) => e.memberKey === trained.memberKey)).toBe(true);
    const denied = await list({ memberId: untrained.id, machineId: printer.id }, t.adminToken);
    expect(denied.items).toHaveLength(6);
    const res = await t
      .as(staffToken)
      .get('/api/access/events?memberId=00000000-0000-4000-8000-000000000000')
      .expect(404);
    expect(res.body.code).toBe(ErrorCode.NotFound);
  });

  it('pages without duplicates or gaps, also across ties and while new taps arrive', async () => {
    const full = (await list({ limit: 500 })).items.map((e) => e.id);
    for (const limit of [1, 2, 3, 5, 7]) {
      const pages = await allPages({ limit });
      expect(pages.map((p) => p.items.length).every((n) => n <= limit)).toBe(true);
      expect(pages[pages.length - 1].nextCursor).toBeNull();
      expect(pages.flatMap((p) => p.items.map((e) => e.id))).toEqual(full);
    }
    // With a filter: the cursor keeps it.
    const denied = (await list({ outcome: 'denied' })).items.map((e) => e.id);
    const deniedPages = await allPages({ outcome: 'denied', limit: 4 });
    expect(deniedPages.flatMap((p) => p.items.map((e) => e.id))).toEqual(denied);

    // A tap between two pages lands before the first page, not in the later ones.
    const first = await list({ limit: 4 });
    await tap(printerReader, cards.unknown);
    const rest: string[] = [];
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await list({ limit: 4, cursor });
      rest.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    }
    expect([...first.items.map((e) => e.id), ...rest]).toEqual(full);
    expect((await list()).items).toHaveLength(full.length + 1);
  });

  it('a trainer reads the same pseudonymous rows but may not filter by member', async () => {
    const asTrainer = await list({}, trainerToken);
    const asAdmin = await list({});
    expect(asTrainer).toEqual(asAdmin);
    expect(JSON.stringify(asTrainer)).not.toMatch(/Tina|Uwe/);
    const res = await t.as(trainerToken).get(`/api/access/events?memberId=${trained.id}`).expect(403);
    expect(res.body).toMatchObject({
      statusCode: 403,
      code: ErrorCode.Forbidden,
      message: expect.stringContaining('staff and admins'),
      details: [{ field: 'memberId', rule: 'officeOnlyFilter' }],
    });
    // Not even an unknown id tells a trainer whether the member exists.
    await t
      .as(trainerToken)
      .get('/api/access/events?memberId=00000000-0000-4000-8000-000000000000')
      .expect(403);
  });

  it('anonymous callers get 401', async () => {
    const res = await request(t.url).get('/api/access/events').expect(401);
    expect(res.body.code).toBe(ErrorCode.Unauthenticated);
    await request(t.url).get('/api/access/events').set('authorization', 'Bearer nonsense').expect(401);
  });

  it.each([
    ['limit', '0', 'min'],
    ['limit', '501', 'max'],
    ['limit', 'ten', 'isInt'],
    ['from', 'yesterday', 'isDateString'],
    ['to', '2026-13-01T00:00:00Z', 'isDateString'],
    ['siteId', 'not-a-uuid', 'isUuid'],
    ['machineId', '123', 'isUuid'],
    ['deviceId', 'x', 'isUuid'],
    ['memberId', 'x', 'isUuid'],
    ['outcome', 'maybe', 'isIn'],
    ['reason', 'BAD_KARMA', 'isEnum'],
    ['cursor', 'not a cursor!', 'matches'],
    ['sort', 'at', 'whitelistValidation'],
  ])('refuses %s=%s with 400 (%s)', async (field, value, rule) => {
    const res = await t
      .as(staffToken)
      .get(`/api/access/events?${field}=${encodeURIComponent(value)}`)
      .expect(400);
    expect(res.body).toMatchObject({
      statusCode: 400,
      code: ErrorCode.ValidationFailed,
      details: expect.arrayContaining([expect.objectContaining({ field, rule })]),
    });
  });

  it('refuses a cursor it did not hand out, and to before from', async () => {
    const forged = Buffer.from('yesterday~someone', 'utf8').toString('base64url');
    const res = await t.as(staffToken).get(`/api/access/events?cursor=${forged}`).expect(400);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'cursor', rule: 'cursor' })]);
    const reversed = await t
      .as(staffToken)
      .get('/api/access/events?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')
      .expect(400);
    expect(reversed.body.details).toEqual([
      expect.objectContaining({ field: 'to', rule: 'notBefore', params: { otherField: 'from' } }),
    ]);
  });

  it('is described in the OpenAPI document with its filters', async () => {
    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as {
      paths: Record<string, { get?: { parameters?: { name: string }[]; summary?: string } }>;
    };
    const op = doc.paths['/api/access/events']?.get;
    expect(op?.summary).toMatch(/Access events/);
    expect(op?.parameters?.map((p) => p.name).sort()).toEqual(
      [
        'cursor',
        'deviceId',
        'from',
        'limit',
        'machineId',
        'memberId',
        'outcome',
        'reason',
        'siteId',
        'to',
      ].sort(),
    );
  });
});
