import { EventStatus } from '@werkbank/contracts';
import { eventFigures, type ReportEvent } from './event-figures';

const HOUR = 3_600_000;
const event = (fields: Partial<ReportEvent> & Pick<ReportEvent, 'startsAt'>): ReportEvent => ({
  siteId: 'berlin',
  format: 'workshop_course',
  status: EventStatus.Scheduled,
  endsAt: fields.startsAt + 2 * HOUR,
  attendances: 10,
  partnerIds: [],
  ...fields,
});
const zones: Record<string, string> = { berlin: 'Europe/Berlin', ny: 'America/New_York' };
const types: Record<string, string> = { school: 'school', lib: 'library' };
const march = { from: '2026-03-01', to: '2026-03-31' };
const figures = (events: ReportEvent[]) =>
  eventFigures(
    events,
    march,
    (s) => zones[s],
    (p) => types[p],
  );

describe('eventFigures', () => {
  it('counts by the local date of the start: 23:30 on 31 March in Berlin is March, 00:30 on 1 March too', () => {
    const f = figures([
      event({ startsAt: Date.parse('2026-03-31T21:30:00Z') }), // 23:30 CEST on 31 March
      event({ startsAt: Date.parse('2026-02-28T23:30:00Z') }), // 00:30 CET on 1 March
      event({ startsAt: Date.parse('2026-03-31T22:30:00Z') }), // 00:30 on 1 April: not March
      event({ siteId: 'ny', startsAt: Date.parse('2026-04-01T02:00:00Z') }), // 22:00 on 31 March in New York
    ]);
    expect(f.events).toBe(3);
  });

  it('cancelled events count nowhere; formats, attendances and participant-hours add up', () => {
    const at = Date.parse('2026-03-10T16:00:00Z');
    const f = figures([
      event({ startsAt: at, attendances: 12 }),
      event({ startsAt: at, format: 'talk', attendances: 30, endsAt: at + 1.5 * HOUR }),
      event({ startsAt: at, format: 'talk', status: EventStatus.Cancelled, attendances: 99 }),
    ]);
    expect(f).toMatchObject({
      events: 2,
      eventsByFormat: { workshop_course: 1, talk: 1 },
      attendances: 42,
      attendancesByFormat: { workshop_course: 12, talk: 30 },
      participantHours: 12 * 2 + 30 * 1.5,
    });
  });

  it('partners: distinct by type across the held events; co-hosted events counted once each', () => {
    const at = Date.parse('2026-03-10T16:00:00Z');
    const f = figures([
      event({ startsAt: at, partnerIds: ['school', 'lib'] }),
      event({ startsAt: at, partnerIds: ['school'] }),
      event({ startsAt: at }),
      event({ startsAt: at, partnerIds: ['gone'], status: EventStatus.Cancelled }),
    ]);
    expect(f).toMatchObject({ partners: 2, partnersByType: { school: 1, library: 1 }, coHostedEvents: 2 });
  });

  it('no events: zeros, not an error', () => {
    expect(figures([])).toMatchObject({ events: 0, attendances: 0, participantHours: 0, partners: 0 });
  });
});
