import type { TestApp } from '../../support/test-app';
import type { Seeded } from './seed';

/** A workshop today with three registered members and a school class: the attendance screen's data. */
export async function seedEvent(app: TestApp, lab: Seeded): Promise<string> {
  const admin = app.as(app.adminToken);
  const partner = await admin
    .post('/api/partners', { name: 'Gymnasium Am Park', type: 'school' })
    .expect(201);
  const start = new Date(Date.now() + 3_600_000);
  start.setUTCMinutes(0, 0, 0);
  const event = await admin
    .post('/api/events', {
      title: 'Löten für Einsteiger',
      format: 'workshop_course',
      siteId: lab.siteId,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      capacity: 20,
      partnerIds: [partner.body.id],
      targetGroups: ['teens', 'schools'],
      public: true,
    })
    .expect(201);
  const id = event.body.id as string;
  for (const m of lab.members.slice(0, 3))
    await admin.post(`/api/events/${id}/registrations`, { memberId: m.id }).expect(201);
  await admin.post(`/api/events/${id}/registrations`, { label: 'Klasse 7b', count: 12 }).expect(201);
  return id;
}
