import { DomainRule, StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const MINUTE = 60_000;
let msg = 0;
const ownCard = (uid: string) =>
  JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `b-${++msg}-${uid}` });

/** Machine bookings against the real server and broker: booking rules, RESERVED at the tap, cap, no-show. */
describe('machine bookings end to end', () => {
  let t: TestApp;
  let make: Factory;
  let printer: { id: string };
  let spare: { id: string };
  let holder: { id: string };
  let other: { id: string };
  let untrained: { id: string };
  const readers: Record<string, { device: FakeDevice; address: string }> = {};

  async function reader(machineId: string, address: string) {
    const res = await t
      .as(t.adminToken)
      .post('/api/devices', {
        name: address,
        siteId: (await t.as(t.adminToken).get(`/api/machines/${machineId}`).expect(200)).body.siteId,
        machineId,
        role: 'machine_reader',
        protocol: 'werkbank',
        address,
      })
      .expect(201);
    const device = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      res.body.device.mqttUsername,
      res.body.mqttPassword,
    );
    expect(await device.subscribe(`werkbank/v1/${address}/cmd/#`)).toBe(true);
    return { device, address };
  }

  async function tap(at: { device: FakeDevice; address: string }, uid: string) {
    const mark = at.device.mark();
    await at.device.publish(`werkbank/v1/${at.address}/evt/card`, ownCard(uid));
    return JSON.parse(await at.device.next(`werkbank/v1/${at.address}/cmd/feedback`, mark)) as {
      result: string;
      reason: string | null;
    };
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { BOOKING_NO_SHOW_GRACE_MIN: '1', TAP_DEBOUNCE_MS: '0' } });
    make = new Factory(t.as(t.adminToken));
    const site = await make.site();
    const type = await make.machineType({ name: 'Printer' });
    printer = await make.machine(site.id, type.id, { name: 'Prusa', maxSessionMinutes: 240 });
    spare = await make.machine(site.id, type.id, { name: 'Spare Prusa', maxSessionMinutes: 240 });
    const q = await make.qualification(type.id);
    holder = await make.member({ firstName: 'Hanna' });
    other = await make.member({ firstName: 'Otto' });
    untrained = await make.member({ firstName: 'Uli' });
    await make.training([holder.id, other.id], q.id);
    await make.card(holder.id, 'AA000001');
    await make.card(other.id, 'AA000002');
    readers.printer = await reader(printer.id, 'reader-prusa');
    readers.spare = await reader(spare.id, 'reader-spare');
  });

  afterAll(async () => {
    await Promise.all(Object.values(readers).map((r) => r.device.close()));
    await t?.close();
  });

  const at = (offsetMin: number) => new Date(Date.now() + offsetMin * MINUTE).toISOString();
  const book = (body: object) => t.as(t.adminToken).post('/api/bookings', body);

  it('refuses bad slots with the field and the rule, and writes nothing', async () => {
    const cases: [object, string, DomainRule][] = [
      [{ startsAt: at(30), endsAt: at(10) }, 'endsAt', DomainRule.SlotOrder],
      [{ startsAt: at(-60), endsAt: at(-30) }, 'startsAt', DomainRule.NotBefore],
      [{ startsAt: at(10), endsAt: at(10 + 13 * 60) }, 'endsAt', DomainRule.SlotOrder],
      [{ memberId: untrained.id, startsAt: at(10), endsAt: at(20) }, 'memberId', DomainRule.NotQualified],
    ];
    for (const [body, field, rule] of cases) {
      const res = await book({ machineId: printer.id, memberId: holder.id, ...body }).expect(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field, rule })]);
    }
    await book({ machineId: printer.id, memberId: holder.id, startsAt: 'tomorrow', endsAt: at(5) }).expect(
      400,
    );
    const list = await t
      .as(t.adminToken)
      .get('/api/bookings')
      .query({ from: at(-120), to: at(24 * 60) })
      .expect(200);
    expect(list.body).toEqual([]);
  });

  it('books a slot, refuses an overlapping one with 409 naming it, and a trainer may not book', async () => {
    const first = await book({
      machineId: printer.id,
      memberId: holder.id,
      startsAt: at(0),
      endsAt: at(30),
    }).expect(201);
    const clash = await book({
      machineId: printer.id,
      memberId: other.id,
      startsAt: at(20),
      endsAt: at(40),
    }).expect(409);
    expect(clash.body.details[0]).toMatchObject({
      field: 'startsAt',
      rule: DomainRule.BookingOverlap,
      params: { booking: first.body.id },
    });
    await book({ machineId: printer.id, memberId: other.id, startsAt: at(30), endsAt: at(60) }).expect(201);
    // The calendar shows whose slot it is: the list carries the holder's name (as trainers may read it).
    const listed = await t
      .as(t.adminToken)
      .get('/api/bookings')
      .query({ from: at(-10), to: at(120), machineId: printer.id })
      .expect(200);
    expect(listed.body.map((b: { memberName: string }) => b.memberName.split(' ')[0])).toEqual([
      'Hanna',
      'Otto',
    ]);
    const trainer = (await t.createStaff(StaffRole.Trainer, 'tom')).token;
    await t
      .as(trainer)
      .post('/api/bookings', { machineId: spare.id, memberId: other.id, startsAt: at(100), endsAt: at(120) })
      .expect(403);
  });

  it("denies another member during the holder's slot with RESERVED; the holder gets in, capped at the next slot", async () => {
    expect(await tap(readers.printer, 'AA000002')).toMatchObject({ result: 'denied', reason: 'RESERVED' });
    expect(await tap(readers.printer, 'AA000001')).toMatchObject({ result: 'allowed' });
    const live = await t.as(t.adminToken).get('/api/live/machines').expect(200);
    const session = live.body.find((m: { machineId: string }) => m.machineId === printer.id).session;
    const next = (
      await t
        .as(t.adminToken)
        .get('/api/bookings')
        .query({ from: at(-10), to: at(120), machineId: printer.id })
    ).body.find((b: { memberId: string }) => b.memberId === other.id);
    expect(Date.parse(session.endsAt)).toBe(Date.parse(next.startsAt));
    const mine = (
      await t
        .as(t.adminToken)
        .get('/api/bookings')
        .query({ from: at(-10), to: at(120), machineId: printer.id })
    ).body.find((b: { memberId: string }) => b.memberId === holder.id);
    await eventually(async () =>
      (
        await t
          .as(t.adminToken)
          .get('/api/bookings')
          .query({ from: at(-10), to: at(120), machineId: printer.id })
      ).body.find((b: { id: string; claimedAt: string | null }) => b.id === mine.id && b.claimedAt !== null),
    );
  });

  it('releases a no-show after the grace, and the slot is free at the next tap', async () => {
    const missed = await book({
      machineId: spare.id,
      memberId: holder.id,
      startsAt: at(-2),
      endsAt: at(60),
    }).expect(201);
    await eventually(async () => {
      const list = await t
        .as(t.adminToken)
        .get('/api/bookings')
        .query({ from: at(-10), to: at(120), machineId: spare.id });
      return list.body.length === 0 ? true : undefined;
    }, 5000);
    expect(await tap(readers.spare, 'AA000002')).toMatchObject({ result: 'allowed' });
    const audit = missed.body.id as string;
    expect(audit).toBeTruthy();
  });

  it('a cancelled booking frees the machine at once', async () => {
    const later = await book({
      machineId: spare.id,
      memberId: holder.id,
      startsAt: at(200),
      endsAt: at(230),
    }).expect(201);
    const res = await t.as(t.adminToken).delete(`/api/bookings/${later.body.id}`).expect(200);
    expect(res.body.status).toBe('cancelled');
  });
});
