import { startOfLocalDay } from '@werkbank/access-core';
import { figuresOf } from './figures';
import {
  deploymentCells,
  eventCells,
  incidentCells,
  institutionDays,
  openingHoursCells,
  supervisedHoursCells,
  volunteerCells,
} from './record-inputs';

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

describe('M5 open and supervised hours', () => {
  it('open hours from the weekly windows, a window past midnight whole on its opening date', () => {
    const windows = [
      { weekday: 1, opens: '10:00', closes: '18:00' }, // Monday
      { weekday: 5, opens: '20:00', closes: '02:00' }, // Friday night
    ];
    const cells = openingHoursCells('a', windows, ['2026-03-02', '2026-03-03', '2026-03-06']);
    const f = figuresOf(cells, ['openHours'], ['2026-03-02', '2026-03-03', '2026-03-06'], 'day')[0];
    expect(f.series.map((s) => s.value)).toEqual([8, 0, 6]);
  });

  it('supervised hours count overlapping presences once and split at local midnight', () => {
    const presences = [
      { arrivedAt: at('2026-03-02', 10), leftAt: at('2026-03-02', 14) },
      { arrivedAt: at('2026-03-02', 12), leftAt: at('2026-03-02', 16) }, // overlaps: 10–16 is 6 h
      { arrivedAt: at('2026-03-02', 23), leftAt: at('2026-03-03', 1) }, // 1 h on each day
    ];
    const cells = supervisedHoursCells('a', presences, BERLIN, at('2026-03-10', 0));
    const f = figuresOf(cells, ['supervisedHours'], ['2026-03-02', '2026-03-03'], 'day')[0];
    expect(f.series.map((s) => s.value)).toEqual([7, 1]);
  });

  it('an open presence runs until now, not beyond', () => {
    const cells = supervisedHoursCells(
      'a',
      [{ arrivedAt: at('2026-03-02', 9), leftAt: null }],
      BERLIN,
      at('2026-03-02', 11.5),
    );
    expect(figuresOf(cells, ['supervisedHours'], ['2026-03-02'], 'day')[0].total).toBe(2.5);
  });
});
