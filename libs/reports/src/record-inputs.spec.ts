import { startOfLocalDay } from '@werkbank/access-core';
import { figuresOf } from './figures';
import { deploymentCells, eventCells, incidentCells, institutionDays, volunteerCells } from './record-inputs';

const BERLIN = 'Europe/Berlin';
const zoneOf = () => BERLIN;
const at = (day: string, hour: number) => startOfLocalDay(day, BERLIN) + hour * 3_600_000;
const totals = (cells: ReturnType<typeof eventCells>, measures: string[], dates: string[]) =>
  Object.fromEntries(figuresOf(cells, measures, dates, 'day').map((f) => [f.measure, f.total]));

describe('eventCells', () => {
  const partners = new Map([['school-1', 'school']]);
  const evening = {
    siteId: 'a',
    format: 'talk',
    // 23:30 local on 31 March runs past midnight: it counts on its start date only.
    startsAt: at('2026-03-31', 23.5),
    endsAt: at('2026-04-01', 1.5),
    attendances: 8,
    partnerTypes: partners,
  };

  it('counts an event on the local date of its start, with attendances and participant-hours', () => {
    const cells = eventCells([evening], zoneOf);
    const measures = ['events', 'attendances', 'participantHours', 'coHostedEvents'];
    expect(totals(cells, measures, ['2026-03-31'])).toEqual({
      events: 1,
      attendances: 8,
      participantHours: 16,
      coHostedEvents: 1,
    });
    expect(totals(cells, measures, ['2026-04-01'])).toEqual({
      events: 0,
      attendances: 0,
      participantHours: 0,
      coHostedEvents: 0,
    });
  });

  it('breaks events down by format', () => {
    const f = figuresOf(eventCells([evening], zoneOf), ['events'], ['2026-03-31'], 'day')[0];
    expect(f.byBreakdown).toEqual({ event_format: { talk: 1 } });
  });

  it('an event nobody attended is held but adds no attendance', () => {
    const cells = eventCells([{ ...evening, attendances: 0, partnerTypes: new Map() }], zoneOf);
    expect(totals(cells, ['events', 'attendances'], ['2026-03-31'])).toEqual({ events: 1, attendances: 0 });
  });
});

describe('other low-volume records', () => {
  it('incidents by the local date reported and by severity', () => {
    const cells = incidentCells(
      [{ siteId: 'a', severity: 'high', reportedAt: at('2026-03-02', 0.5) }],
      zoneOf,
    );
    const f = figuresOf(cells, ['incidents'], ['2026-03-02'], 'day')[0];
    expect(f.total).toBe(1);
    expect(f.byBreakdown).toEqual({ incident_severity: { high: 1 } });
  });

  it('volunteer quarter-hours become hours', () => {
    const cells = volunteerCells([{ siteId: 'a', date: '2026-03-02', quarterHours: 10, person: 'm1' }]);
    expect(totals(cells, ['volunteerHours'], ['2026-03-02'])).toEqual({ volunteerHours: 2.5 });
  });

  it('a deployment counts each day it covers and one stop on its first day', () => {
    const d = {
      id: 'd',
      siteId: 'van',
      startsOn: '2026-03-30',
      endsOn: '2026-04-02',
      bookingInstitution: ' Gemeinde X ',
    };
    const cells = deploymentCells([d]);
    expect(totals(cells, ['deploymentDays', 'stops'], ['2026-03-30', '2026-03-31'])).toEqual({
      deploymentDays: 2,
      stops: 1,
    });
    expect(totals(cells, ['deploymentDays', 'stops'], ['2026-04-01', '2026-04-02'])).toEqual({
      deploymentDays: 2,
      stops: 0,
    });
    expect(
      institutionDays([d, { ...d, id: 'e', bookingInstitution: 'gemeinde x' }]).map((r) => r.person),
    ).toEqual(['gemeinde x', 'gemeinde x']);
  });
});
