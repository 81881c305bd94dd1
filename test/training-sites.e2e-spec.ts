import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** Where a training was held (report M9): the site given, else the lab's only site, else not known. */
describe('training records and their site', () => {
  let t: TestApp;
  let make: Factory;

  beforeAll(async () => {
    t = await startTestApp();
    make = new Factory(t.as(t.adminToken));
  });

  afterAll(async () => {
    await t?.close();
  });

  it("takes the lab's only site when none is given, and none once there are two", async () => {
    const admin = t.as(t.adminToken);
    const sites = (await admin.get('/api/sites').expect(200)).body as unknown[];
    expect(sites).toHaveLength(0); // a fresh installation without the demo
    const only = await make.site({ name: 'Stadtlabor' });
    const type = await make.machineType();
    const qualification = await make.qualification(type.id);
    const record = async (siteId?: string) =>
      (
        await admin
          .post('/api/trainings', {
            qualificationId: qualification.id,
            memberIds: [(await make.member({})).id],
            level: 'independent',
            trainedOn: '2026-01-15',
            ...(siteId ? { siteId } : {}),
          })
          .expect(201)
      ).body[0] as { siteId: string | null };
    expect((await record()).siteId).toBe(only.id);
    const second = await make.site({ name: 'Mobiles Labor', kind: 'mobile' });
    expect((await record()).siteId).toBeNull();
    expect((await record(second.id)).siteId).toBe(second.id);
  });
});
