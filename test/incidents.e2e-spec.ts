import { DenyReason, DomainRule, StaffRole } from '@werkbank/contracts';
import { MqttEndpoint } from '../apps/server/src/mqtt/mqtt-endpoint';
import { FakeDevice } from './support/devices';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Feedback {
  result: string;
  reason: string | null;
}

/** Incidents on a machine (M18), against the real server and broker: a report can put the machine out of service. */
describe('incidents', () => {
  let t: TestApp;
  let reader: FakeDevice;
  let machine: { id: string };
  let siteId: string;
  let trainer: { id: string; token: string };
  let staff: { id: string; token: string };
  let msg = 0;
  const address = 'incident-reader';

  const tap = async (uid: string): Promise<Feedback> => {
    const mark = reader.mark();
    await reader.publish(
      `werkbank/v1/${address}/evt/card`,
      JSON.stringify({ uid, tech: 'em4100', at: new Date().toISOString(), msgId: `i-${++msg}` }),
    );
    return JSON.parse(await reader.next(`werkbank/v1/${address}/cmd/feedback`, mark)) as Feedback;
  };
  const machineState = async () =>
    (await t.as(t.adminToken).get(`/api/machines/${machine.id}`).expect(200)).body as {
      state: string;
      stateReason: string | null;
    };
  const incidentsOf = async () =>
    (await t.as(t.adminToken).get(`/api/incidents?machineId=${machine.id}`).expect(200)).body as {
      total: number;
      items: { id: string; status: string }[];
    };

  beforeAll(async () => {
    t = await startTestApp();
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    const site = await make.site();
    siteId = site.id;
    const type = await make.machineType();
    machine = await make.machine(site.id, type.id, { name: 'Laser' });
    const q = await make.qualification(type.id);
    const tina = await make.member({ firstName: 'Tina' });
    const uwe = await make.member({ firstName: 'Uwe' });
    await make.training([tina.id, uwe.id], q.id);
    await make.card(tina.id, 'AA000001');
    await make.card(uwe.id, 'AA000002');
    const res = await admin
      .post('/api/devices', {
        name: address,
        siteId: site.id,
        machineId: machine.id,
        role: 'machine_reader',
        protocol: 'werkbank',
        address,
      })
      .expect(201);
    reader = await FakeDevice.connect(
      t.app.get(MqttEndpoint).url,
      res.body.device.mqttUsername as string,
      res.body.mqttPassword as string,
    );
    expect(await reader.subscribe(`werkbank/v1/${address}/cmd/#`)).toBe(true);
    trainer = await t.createStaff(StaffRole.Trainer, 'incident-trainer');
    staff = await t.createStaff(StaffRole.Staff, 'incident-staff');
  });

  afterAll(async () => {
    await reader?.close();
    await t?.close();
  });

  it('a trainer may report, but not put the machine out of service: 403 naming the field, nothing written', async () => {
    expect(await tap('AA000001')).toMatchObject({ result: 'allowed' }); // Tina's session runs
    const res = await t
      .as(trainer.token)
      .post('/api/incidents', {
        machineId: machine.id,
        severity: 'high',
        kind: 'defect',
        text: 'Lens cracked',
        putOutOfService: true,
      })
      .expect(403);
    expect(res.body.details).toEqual([
      expect.objectContaining({ field: 'putOutOfService', rule: DomainRule.MachineStateRights }),
    ]);
    expect((await incidentsOf()).total).toBe(0);
    expect((await machineState()).state).toBe('available');
    // The runtime did not change either: Uwe meets Tina's session, not an out-of-service machine.
    expect(await tap('AA000002')).toMatchObject({ result: 'denied', reason: DenyReason.MachineInUse });

    const reported = await t
      .as(trainer.token)
      .post('/api/incidents', { machineId: machine.id, severity: 'low', kind: 'near_miss', text: 'Smoke' })
      .expect(201);
    expect(reported.body).toMatchObject({
      status: 'open',
      putOutOfService: false,
      reportedBy: trainer.id,
      siteId,
    });
    expect((await machineState()).state).toBe('available');
    // Trainers do not read the incident list (free text may name people).
    await t.as(trainer.token).get('/api/incidents').expect(403);
  });

  it('staff put it out of service in the same step: the very next tap is denied MACHINE_OUT_OF_SERVICE', async () => {
    const res = await t
      .as(staff.token)
      .post('/api/incidents', {
        machineId: machine.id,
        severity: 'critical',
        kind: 'defect',
        text: 'Lens cracked',
        putOutOfService: true,
      })
      .expect(201);
    expect(res.body).toMatchObject({ severity: 'critical', putOutOfService: true, status: 'open' });
    expect(await machineState()).toMatchObject({
      state: 'out_of_service',
      stateReason: expect.stringContaining('Lens cracked'),
    });
    expect(await tap('AA000002')).toMatchObject({ result: 'denied', reason: DenyReason.MachineOutOfService });

    // The report and the machine change are both in the audit log, by the same actor.
    const audit = await t.as(t.adminToken).get(`/api/audit?actorId=${staff.id}`).expect(200);
    const kinds = (audit.body.items as { entityType: string; entityId: string }[]).map((e) => [
      e.entityType,
      e.entityId,
    ]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ['incident', res.body.id],
        ['machine', machine.id],
      ]),
    );
  });

  it('resolving needs a note and leaves the machine out of service', async () => {
    const { items } = await t
      .as(staff.token)
      .get(`/api/incidents?machineId=${machine.id}&status=open`)
      .expect(200)
      .then((r) => r.body as { items: { id: string; severity: string }[] });
    expect(items).toHaveLength(2);
    const critical = items.find((i) => i.severity === 'critical') as { id: string };
    const refused = await t
      .as(staff.token)
      .patch(`/api/incidents/${critical.id}`, { status: 'resolved' })
      .expect(400);
    expect(refused.body.details).toEqual([
      expect.objectContaining({ field: 'resolutionNote', rule: DomainRule.ResolutionNoteRequired }),
    ]);
    const resolved = await t
      .as(staff.token)
      .patch(`/api/incidents/${critical.id}`, { status: 'resolved', resolutionNote: 'Lens replaced' })
      .expect(200);
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolutionNote: 'Lens replaced',
      resolvedBy: staff.id,
      resolvedAt: expect.any(String),
    });
    expect((await machineState()).state).toBe('out_of_service');
    expect(await tap('AA000002')).toMatchObject({ reason: DenyReason.MachineOutOfService });
    const open = await t.as(staff.token).get(`/api/incidents?siteId=${siteId}&status=open`).expect(200);
    expect(open.body.total).toBe(1);
    await t.as(trainer.token).patch(`/api/incidents/${critical.id}`, { status: 'open' }).expect(403);
  });

  it('bad input: 400 with the field and rule, nothing written', async () => {
    const before = (await incidentsOf()).total;
    const cases: [object, string, string][] = [
      [{ machineId: machine.id, severity: 'extreme', kind: 'defect', text: 'x y z' }, 'severity', 'isEnum'],
      [{ machineId: machine.id, severity: 'low', kind: 'fire', text: 'x y z' }, 'kind', 'isEnum'],
      [{ machineId: machine.id, severity: 'low', kind: 'defect', text: '' }, 'text', 'minLength'],
      [
        { machineId: '00000000-0000-4000-8000-000000000000', severity: 'low', kind: 'defect', text: 'x y z' },
        'machineId',
        DomainRule.NotFound,
      ],
    ];
    for (const [body, field, rule] of cases) {
      const res = await t.as(staff.token).post('/api/incidents', body).expect(400);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
    }
    const missing = await t
      .as(staff.token)
      .post('/api/incidents', {
        machineId: '00000000-0000-4000-8000-000000000000',
        severity: 'low',
        kind: 'defect',
        text: 'x y z',
        putOutOfService: true,
      })
      .expect(400);
    expect(missing.body.details[0]).toMatchObject({ field: 'machineId' });
    expect((await incidentsOf()).total).toBe(before);
  });
});
