import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** 00:30 on 11 March 2026 in Europe/Berlin (CET, UTC+1), still 10 March in UTC. */
const HALF_PAST_MIDNIGHT_BERLIN = Date.parse('2026-03-10T23:30:00Z');

describe('training dates are the lab’s local dates (TIMEZONE), not UTC dates', () => {
  let t: TestApp;
  let make: Factory;

  beforeAll(async () => {
    const offsetMs = HALF_PAST_MIDNIGHT_BERLIN - Date.now();
    t = await startTestApp({
      env: { TIMEZONE: 'Europe/Berlin' },
      clock: { now: () => new Date(Date.now() + offsetMs) },
    });
    make = new Factory(t.as(t.adminToken));
  });

  afterAll(() => t.close());

  it('a member whose training ends today: expired just after local midnight, as the snapshot decides', async () => {
    const admin = t.as(t.adminToken);
    const type = await make.machineType();
    const qualification = await make.qualification(type.id, { validityMonths: 12 });
    const member = await make.member();
    const [record] = await make.training([member.id], qualification.id, { trainedOn: '2025-03-11' });
    expect(record!.expiresOn).toBe('2026-03-11');

    const standing = await admin.get(`/api/members/${member.id}/qualifications`).expect(200);
    expect(standing.body).toEqual([expect.objectContaining({ expiresOn: '2026-03-11', status: 'expired' })]);
    const expiring = await admin.get('/api/trainings/expiring?days=30').expect(200);
    expect(expiring.body).toEqual([]);
  });
});
