import { StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { eventually, FakeDevice } from './support/devices';
import { Factory, today } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

function daysFrom(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Trainers and staff play the attacker: each may do their job and nothing beyond it (threat model). */
describe('roles: no role exceeds itself', () => {
  let t: TestApp;
  let make: Factory;
  let siteId: string;
  let machineTypeId: string;
  let qualificationId: string;
  let trainer: { id: string; token: string };
  let staff: { id: string; token: string };

  beforeAll(async () => {
    t = await startTestApp({ env: { TAP_DEBOUNCE_MS: '100' } });
    make = new Factory(t.as(t.adminToken));
    siteId = (await make.site()).id;
    machineTypeId = (await make.machineType({ name: 'Laser' })).id;
    qualificationId = (await make.qualification(machineTypeId)).id;
    // The trainer is a member holding the trainer level, recorded by an admin.
    const trainerMember = await make.member({ firstName: 'Tara', lastName: 'Trainer' });
    await make.training([trainerMember.id], qualificationId, { level: 'trainer' });
    trainer = await t.createStaff(StaffRole.Trainer, 'tara', trainerMember.id);
    staff = await t.createStaff(StaffRole.Staff, 'sven');
  });
  afterAll(() => t.close());

  describe('a trainer', () => {
    it('cannot grant themselves or anyone the trainer level', async () => {
      const member = await make.member();
      const res = await t
        .as(trainer.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'trainer',
          trainedOn: today(),
        })
        .expect(403);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'level', rule: 'trainerLevelAdminOnly' }),
      ]);
      // Staff neither; the ordinary level is the trainer's job.
      await t
        .as(staff.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'trainer',
          trainedOn: today(),
        })
        .expect(403);
      await t
        .as(trainer.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: today(),
        })
        .expect(201);
    });

    it('cannot forward-date a training (2099) to extend its validity, nor date it before the qualification existed', async () => {
      const member = await make.member();
      const future = await t
        .as(trainer.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: '2099-01-01',
        })
        .expect(400);
      expect(future.body.details).toEqual([
        expect.objectContaining({ field: 'trainedOn', rule: 'notInFuture' }),
      ]);
      await t
        .as(t.adminToken)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: daysFrom(today(), 1),
        })
        .expect(400);
      const before = await t
        .as(trainer.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: '2020-01-01',
        })
        .expect(400);
      expect(before.body.details).toEqual([
        expect.objectContaining({ field: 'trainedOn', rule: 'beforeQualification' }),
      ]);
      // An admin transfers paper records of older trainings.
      await t
        .as(t.adminToken)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: '2020-01-01',
        })
        .expect(201);
    });

    it('reads no birth date, guardian, contact data, notes or pseudonymous key of a member', async () => {
      const member = await make.member({
        firstName: 'Mia',
        lastName: 'Minor',
        email: 'mia.minor@example.org',
        phone: '+49 30 1234567',
        isMinor: true,
        birthDate: `${new Date().getFullYear() - 14}-05-06`,
        guardianName: 'Greta Guardian',
        guardianConsentOn: today(),
        notes: 'private note',
        ageBand: 'under_18',
      });
      const full = await t.as(staff.token).get(`/api/members/${member.id}`).expect(200);
      expect(full.body).toMatchObject({ email: 'mia.minor@example.org', memberKey: member.memberKey });
      const seen = await t.as(trainer.token).get(`/api/members/${member.id}`).expect(200);
      expect(Object.keys(seen.body).sort()).toEqual([
        'createdAt',
        'firstName',
        'guestValidFrom',
        'guestValidUntil',
        'homeSiteId',
        'id',
        'isMinor',
        'lastName',
        'status',
      ]);
      const list = await t.as(trainer.token).get('/api/members?q=Minor').expect(200);
      expect(list.body.items).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toMatch(/mia\.minor|memberKey|email/);
      expect(JSON.stringify(list.body)).not.toContain(member.memberKey);
      // Searching by e-mail would be an oracle for the address: it finds nothing for a trainer.
      expect((await t.as(trainer.token).get('/api/members?q=mia.minor').expect(200)).body.items).toHaveLength(
        0,
      );
      expect((await t.as(staff.token).get('/api/members?q=mia.minor').expect(200)).body.items).toHaveLength(
        1,
      );
    });
  });

  describe('staff', () => {
    it('cannot name an account without the trainer level as trainer', async () => {
      const member = await make.member();
      const colleague = await t.createStaff(StaffRole.Staff, 'otto');
      const res = await t
        .as(staff.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: today(),
          trainerId: colleague.id,
        })
        .expect(400);
      expect(res.body.details).toEqual([
        expect.objectContaining({ field: 'trainerId', rule: 'notATrainer' }),
      ]);
      // An admin account does not hold the trainer level either, unless it records the training itself.
      const admins = await t.as(t.adminToken).get('/api/staff').expect(200);
      const adminId = (admins.body as { id: string; role: string }[]).find((a) => a.role === 'admin')?.id;
      await t
        .as(staff.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: today(),
          trainerId: adminId,
        })
        .expect(400);
      await t
        .as(staff.token)
        .post('/api/trainings', {
          qualificationId,
          memberIds: [member.id],
          level: 'independent',
          trainedOn: today(),
          trainerId: trainer.id,
        })
        .expect(201);
    });

    it('may set a machine out of service but not change what it requires', async () => {
      const machine = await make.machine(siteId, machineTypeId);
      for (const change of [
        { needsSupervision: false },
        { minimumAge: 0 },
        { machineTypeId: (await make.machineType()).id },
        { siteId: (await make.site()).id },
        { allowTakeover: true },
        { maxSessionMinutes: 600 },
      ]) {
        const res = await t.as(staff.token).patch(`/api/machines/${machine.id}`, change).expect(403);
        expect(res.body.details).toEqual([
          expect.objectContaining({ field: Object.keys(change)[0], rule: 'adminOnlyField' }),
        ]);
      }
      await t
        .as(staff.token)
        .patch(`/api/machines/${machine.id}`, { state: 'out_of_service', stateReason: 'nozzle' })
        .expect(200);
      await t.as(t.adminToken).patch(`/api/machines/${machine.id}`, { minimumAge: 16 }).expect(200);
    });

    it('cannot mark themselves "on site" from home to satisfy a supervision rule; a colleague can, audited', async () => {
      const self = await t
        .as(staff.token)
        .post(`/api/sites/${siteId}/presence`, { present: true })
        .expect(403);
      expect(self.body.details).toEqual([expect.objectContaining({ rule: 'selfPresence' })]);
      await t.as(t.adminToken).post(`/api/sites/${siteId}/presence`, { present: true }).expect(403);
      // A trainer marks nobody else either.
      await t
        .as(trainer.token)
        .post(`/api/sites/${siteId}/presence`, { present: true, staffId: staff.id })
        .expect(403);
      const marked = await t
        .as(t.adminToken)
        .post(`/api/sites/${siteId}/presence`, { present: true, staffId: staff.id })
        .expect(200);
      expect(marked.body.staffIds).toEqual([staff.id]);
      // Leaving is always allowed.
      await t.as(staff.token).post(`/api/sites/${siteId}/presence`, { present: false }).expect(200);
      const audit = await t.as(t.adminToken).get(`/api/audit?entityId=${staff.id}`).expect(200);
      const actions = (audit.body.items as { action: string; actorName: string }[]).map((e) => [
        e.action,
        e.actorName,
      ]);
      expect(actions).toEqual(
        expect.arrayContaining([
          ['check_in', 'admin'],
          ['check_out', 'sven'],
        ]),
      );
    });
  });

  it('a deactivated supervisor stops counting at once: the next tap at a supervised machine is denied', async () => {
    const laserType = await make.machineType({ name: 'Supervised laser' });
    const laser = await make.machine(siteId, laserType.id, { name: 'Laser', needsSupervision: true });
    const q = await make.qualification(laserType.id);
    const member = await make.member({ firstName: 'Lea' });
    await make.training([member.id], q.id);
    await make.card(member.id, '5A5A5A5A');
    const supervisor = await t.createStaff(StaffRole.Staff, 'susi');
    await t
      .as(t.adminToken)
      .post(`/api/sites/${siteId}/presence`, { present: true, staffId: supervisor.id })
      .expect(200);
    const reg = await t
      .as(t.adminToken)
      .post('/api/devices', {
        name: 'laser reader',
        siteId,
        machineId: laser.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address: 'roles-laser-reader',
      })
      .expect(201);
    const reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      reg.body.device.mqttUsername as string,
      reg.body.mqttPassword as string,
    );
    let n = 0;
    const tap = async () => {
      const mark = reader.mark();
      await reader.publish(
        'werkbank/v1/roles-laser-reader/evt/card',
        JSON.stringify({
          uid: '5A5A5A5A',
          tech: 'em4100',
          at: new Date().toISOString(),
          msgId: `roles-${++n}`,
        }),
      );
      const answer = await reader.next('werkbank/v1/roles-laser-reader/cmd/feedback', mark);
      await new Promise((r) => setTimeout(r, 200));
      return JSON.parse(answer) as { result: string; reason: string | null };
    };
    try {
      expect(await reader.subscribe('werkbank/v1/roles-laser-reader/cmd/#')).toBe(true);
      expect(await tap()).toMatchObject({ result: 'allowed' });
      expect(await tap()).toMatchObject({ result: 'allowed' }); // tap-out
      await t.as(t.adminToken).patch(`/api/staff/${supervisor.id}`, { active: false }).expect(200);
      const presence = await t.as(t.adminToken).get(`/api/sites/${siteId}/presence`).expect(200);
      expect(presence.body.staffIds).toEqual([]);
      await eventually(async () => (await tap()).reason === 'SUPERVISION_REQUIRED');
    } finally {
      await reader.close();
    }
  });
});
