import ICAL from 'ical.js';
import request from 'supertest';
import { StaffRole } from '@werkbank/contracts';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** The public iCalendar feed, parsed by a maintained parser (ical.js), and what it must not carry. */
describe('public iCalendar feed of a site', () => {
  let t: TestApp;
  let siteId: string;
  let mobileId: string;
  let body: string;
  const longTitle =
    'Löt-Workshop für Einsteiger*innen; mit Lötkolben, Zinn & viel Geduld – ein sehr langer Titel, der gefaltet werden muss 🛠';

  beforeAll(async () => {
    t = await startTestApp();
    const admin = t.as(t.adminToken);
    const make = new Factory(admin);
    siteId = (await make.site({ name: 'Stadtlabor Mitte', address: 'Am Markt 1, 12345 Musterstadt' })).id;
    const staff = await t.createStaff(StaffRole.Staff, 'wilhelmine');
    const base = { format: 'workshop_course', siteId, staffIds: [staff.id], public: true };
    const pub = await admin
      .post('/api/events', {
        ...base,
        title: longTitle,
        description: 'Zeile eins\nZeile zwei, mit Komma; und Semikolon \\ Backslash',
        startsAt: '2027-01-20T16:00:00Z',
        endsAt: '2027-01-20T18:30:00Z',
      })
      .expect(201);
    const member = await make.member({ firstName: 'Xaver', lastName: 'Privatissimus' });
    await admin.post(`/api/events/${pub.body.id}/registrations`, { memberId: member.id }).expect(201);
    await admin
      .post(`/api/events/${pub.body.id}/registrations`, { label: 'Klasse 9z', count: 20 })
      .expect(201);
    const cancelled = await admin
      .post('/api/events', {
        ...base,
        title: 'Abgesagt',
        startsAt: '2027-01-21T16:00:00Z',
        endsAt: '2027-01-21T17:00:00Z',
      })
      .expect(201);
    await admin.delete(`/api/events/${cancelled.body.id}`).expect(204);
    await admin
      .post('/api/events', {
        ...base,
        public: false,
        title: 'Internes Teamtreffen',
        startsAt: '2027-01-22T16:00:00Z',
        endsAt: '2027-01-22T17:00:00Z',
      })
      .expect(201);
    // A mobile lab's deployments appear as all-day events in its own feed.
    mobileId = (await make.site({ name: 'Mobiles Labor', kind: 'mobile' })).id;
    await admin
      .post(`/api/sites/${mobileId}/deployments`, {
        startsOn: '2027-05-03',
        endsOn: '2027-05-05',
        place: 'Marktplatz Dorfen',
        bookingInstitution: 'Grundschule Dorfen, Frau Geheimname',
      })
      .expect(201);
    const res = await request(t.url).get(`/api/public/sites/${siteId}/calendar.ics`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    body = res.text;
  });
  afterAll(() => t.close());

  const vevents = (text: string) => new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');

  it('parses, with UID, DTSTAMP, UTC start and end, and the text unescaped', () => {
    const events = vevents(body);
    expect(events).toHaveLength(2);
    const first = new ICAL.Event(events[0]);
    expect(first.summary).toBe(longTitle);
    expect(first.description).toBe('Zeile eins\nZeile zwei, mit Komma; und Semikolon \\ Backslash');
    expect(first.location).toBe('Am Markt 1, 12345 Musterstadt');
    expect(first.uid).toMatch(/^event-[0-9a-f-]{36}@werkbank$/);
    expect(first.startDate.toJSDate().toISOString()).toBe('2027-01-20T16:00:00.000Z');
    expect(first.endDate.toJSDate().toISOString()).toBe('2027-01-20T18:30:00.000Z');
    expect(first.startDate.zone.tzid).toBe('UTC');
    expect(events[0].getFirstPropertyValue('dtstamp')).toBeTruthy();
    expect(events[0].getFirstPropertyValue('status')).toBe('CONFIRMED');
  });

  it('marks a cancelled event STATUS:CANCELLED with a raised SEQUENCE; private events are left out', () => {
    const cancelled = vevents(body).find((e) => e.getFirstPropertyValue('summary') === 'Abgesagt');
    expect(cancelled?.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelled?.getFirstPropertyValue('sequence')).toBe(1);
    expect(body).not.toContain('Internes Teamtreffen');
  });

  it('is CRLF throughout and folded at 75 octets', () => {
    expect(body.endsWith('\r\n')).toBe(true);
    const lines = body.split('\r\n');
    expect(lines.every((l) => !l.includes('\n') && !l.includes('\r'))).toBe(true);
    for (const l of lines) expect(Buffer.byteLength(l, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('carries no personal data: no staff, no registrations', () => {
    for (const secret of ['wilhelmine', 'Xaver', 'Privatissimus', 'Klasse 9z', 'ATTENDEE', 'ORGANIZER'])
      expect(body).not.toContain(secret);
  });

  it("lists a mobile lab's deployments as all-day events, without the booking institution", async () => {
    const res = await request(t.url).get(`/api/public/sites/${mobileId}/calendar.ics`).expect(200);
    const [dep] = vevents(res.text);
    const e = new ICAL.Event(dep);
    expect(e.startDate.isDate).toBe(true);
    expect(e.startDate.toString()).toBe('2027-05-03');
    expect(e.endDate.toString()).toBe('2027-05-06'); // exclusive
    expect(e.location).toBe('Marktplatz Dorfen');
    expect(res.text).not.toContain('Geheimname');
  });

  it('answers 404 for an unknown site and 400 for a bad id, without login', async () => {
    await request(t.url)
      .get('/api/public/sites/00000000-0000-4000-8000-000000000000/calendar.ics')
      .expect(404);
    await request(t.url).get('/api/public/sites/nope/calendar.ics').expect(400);
  });
});
