import { localDateOf } from '@werkbank/access-core';
import { DomainRule, StaffRole } from '@werkbank/contracts';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const today = () => localDateOf(Date.now(), 'Europe/Berlin');

/** Volunteer hours (M17): staff log for anyone, trainers for themselves only. */
describe('volunteer hours', () => {
  let t: TestApp;
  let make: Factory;
  let siteId: string;
  let staff: { id: string; token: string };
  let trainer: { id: string; token: string };
  let otherTrainer: { id: string; token: string };

  const total = async (): Promise<{ total: number; hours: number }> => {
    const { body } = await t.as(t.adminToken).get('/api/volunteer-hours?pageSize=200').expect(200);
    return { total: body.total as number, hours: body.hours as number };
  };

  beforeAll(async () => {
    t = await startTestApp();
    make = new Factory(t.as(t.adminToken));
    siteId = (await make.site()).id;
    staff = await t.createStaff(StaffRole.Staff, 'vh-staff');
    trainer = await t.createStaff(StaffRole.Trainer, 'vh-trainer');
    otherTrainer = await t.createStaff(StaffRole.Trainer, 'vh-trainer-2');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('staff log hours for a member and for a colleague; the list sums them', async () => {
    const member = await make.member({ firstName: 'Vera', lastName: 'Volunteer' });
    const forMember = await t
      .as(staff.token)
      .post('/api/volunteer-hours', {
        memberId: member.id,
        siteId,
        date: today(),
        hours: 2.5,
        activity: 'Repair café',
      })
      .expect(201);
    expect(forMember.body).toMatchObject({
      memberId: member.id,
      staffId: null,
      personName: 'Vera Volunteer',
      hours: 2.5,
      recordedBy: staff.id,
    });
    await t
      .as(staff.token)
      .post('/api/volunteer-hours', {
        staffId: trainer.id,
        siteId,
        date: today(),
        hours: 1,
        activity: 'Setup',
      })
      .expect(201);
    const list = await t
      .as(staff.token)
      .get(`/api/volunteer-hours?siteId=${siteId}&from=${today()}`)
      .expect(200);
    expect(list.body).toMatchObject({ total: 2, hours: 3.5 });
  });

  it('a trainer logs for themselves only: for anyone else 403 naming the field, nothing written', async () => {
    const member = await make.member();
    const before = await total();
    const asTrainer = t.as(trainer.token);
    for (const [body, field] of [
      [{ memberId: member.id }, 'memberId'],
      [{ staffId: otherTrainer.id }, 'staffId'],
    ] as const) {
      const res = await asTrainer
        .post('/api/volunteer-hours', { ...body, siteId, date: today(), hours: 1, activity: 'x' })
        .expect(403);
      expect(res.body.details).toEqual([expect.objectContaining({ field, rule: DomainRule.OwnEntriesOnly })]);
    }
    expect(await total()).toEqual(before);

    const own = await asTrainer
      .post('/api/volunteer-hours', { siteId, date: today(), hours: 0.75, activity: 'Workshop prep' })
      .expect(201);
    expect(own.body).toMatchObject({ staffId: trainer.id, personName: 'vh-trainer', hours: 0.75 });
    // Their list is their own, whatever they ask for.
    const mine = await asTrainer.get('/api/volunteer-hours').expect(200);
    expect((mine.body.items as { staffId: string }[]).every((e) => e.staffId === trainer.id)).toBe(true);
    await asTrainer.get(`/api/volunteer-hours?staffId=${otherTrainer.id}`).expect(403);
    await asTrainer.get(`/api/volunteer-hours?memberId=${member.id}`).expect(403);

    // Another trainer may neither change nor delete it; the owner may.
    const other = t.as(otherTrainer.token);
    const patch = await other.patch(`/api/volunteer-hours/${own.body.id}`, { hours: 8 }).expect(403);
    expect(patch.body.details[0]).toMatchObject({ rule: DomainRule.OwnEntriesOnly });
    await other.delete(`/api/volunteer-hours/${own.body.id}`).expect(403);
    const changed = await asTrainer.patch(`/api/volunteer-hours/${own.body.id}`, { hours: 1.25 }).expect(200);
    expect(changed.body.hours).toBe(1.25);
    await asTrainer.delete(`/api/volunteer-hours/${own.body.id}`).expect(204);
    await asTrainer.delete(`/api/volunteer-hours/${own.body.id}`).expect(404);
  });

  it('bad input: 400 with the field and the rule, nothing written', async () => {
    const member = await make.member();
    const before = await total();
    const base = { memberId: member.id, siteId, date: today(), activity: 'Help' };
    const cases: [object, string, string][] = [
      [{ ...base, hours: 0.3 }, 'hours', DomainRule.QuarterHours],
      [{ ...base, hours: 0 }, 'hours', 'isPositive'],
      [{ ...base, hours: -1 }, 'hours', 'isPositive'],
      [{ ...base, hours: 24.25 }, 'hours', 'max'],
      [{ ...base, hours: 'two' }, 'hours', 'isNumber'],
      [{ ...base, hours: 1, date: '2999-01-01' }, 'date', DomainRule.NotInFuture],
      [{ ...base, hours: 1, date: '01.02.2026' }, 'date', 'matches'],
      [{ ...base, hours: 1, activity: '' }, 'activity', 'minLength'],
      [{ ...base, hours: 1, staffId: staff.id }, 'memberId', DomainRule.OneOf],
      [{ ...base, hours: 1, siteId: '00000000-0000-4000-8000-000000000000' }, 'siteId', DomainRule.NotFound],
      [
        { ...base, hours: 1, memberId: '00000000-0000-4000-8000-000000000000' },
        'memberId',
        DomainRule.NotFound,
      ],
    ];
    for (const [body, field, rule] of cases) {
      const res = await t.as(staff.token).post('/api/volunteer-hours', body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    // At most 24 hours per person and day, also across entries and in an edit.
    const first = await t
      .as(staff.token)
      .post('/api/volunteer-hours', { ...base, hours: 20 })
      .expect(201);
    const over = await t
      .as(staff.token)
      .post('/api/volunteer-hours', { ...base, hours: 4.25 })
      .expect(400);
    expect(over.body.details[0]).toMatchObject({ field: 'hours', rule: DomainRule.HoursPerDay });
    await t
      .as(staff.token)
      .post('/api/volunteer-hours', { ...base, hours: 4 })
      .expect(201);
    await t.as(staff.token).patch(`/api/volunteer-hours/${first.body.id}`, { hours: 20.25 }).expect(400);
    expect(await total()).toEqual({ ...before, total: before.total + 2, hours: before.hours + 24 });
  });

  it('member erasure keeps the hours counted, without the person', async () => {
    const member = await make.member();
    const entry = await t
      .as(staff.token)
      .post('/api/volunteer-hours', {
        memberId: member.id,
        siteId,
        date: today(),
        hours: 3,
        activity: 'Help',
      })
      .expect(201);
    const before = await total();
    await t.as(t.adminToken).delete(`/api/members/${member.id}`).expect(204);
    expect(await total()).toEqual(before);
    const list = await t.as(t.adminToken).get('/api/volunteer-hours?pageSize=200').expect(200);
    expect(list.body.items.find((e: { id: string }) => e.id === entry.body.id)).toMatchObject({
      memberId: null,
      staffId: null,
      personName: null,
      hours: 3,
    });
  });
});
