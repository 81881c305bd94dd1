import { Injectable } from '@nestjs/common';
import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { ReportCellsRepository, ReportSourcesRepository } from '@werkbank/persistence';
import {
  ANONYMOUS_PROFILE,
  datesOf,
  deploymentCells,
  distinctFigures,
  eventCells,
  figuresOf,
  granularityFor,
  incidentCells,
  institutionDays,
  type MeasureFigures,
  type MeasureInput,
  newcomerDays,
  partnerDays,
  type Period,
  type PersonDay,
  type PersonProfile,
  profileCategories,
  returningDays,
  type StoredCell,
  volunteerCells,
  volunteerDays,
} from '@werkbank/reports';
import { profileOf } from './report-rollup';

/** Summable measures and where they come from (the daily cells, or records read at report time). */
const CELL_MEASURES = ['visits', 'sessions', 'machineHours'];
const RECORD_MEASURES = [
  'events',
  'attendances',
  'participantHours',
  'coHostedEvents',
  'incidents',
  'volunteerHours',
  'stops',
  'deploymentDays',
];

interface Window {
  readonly period: Period;
  readonly dates: string[];
  readonly granularity: 'day' | 'week' | 'month';
}

interface Sources {
  cells: StoredCell[];
  /** Distinct measures: person (or thing) days. */
  days: Map<string, PersonDay[]>;
}

/**
 * Reads what a report needs for one period — the daily cells, the low-volume records and the members'
 * check-ins for the distinct counts — and turns them into each measure's figures, for the period and the
 * previous one. Instants are read a day wide on both sides and kept by each site's own local date.
 */
@Injectable()
export class ReportInputs {
  constructor(
    private readonly cells: ReportCellsRepository,
    private readonly sources: ReportSourcesRepository,
  ) {}

  async inputs(
    period: Period,
    previous: Period,
    siteIds: readonly string[],
    zoneOf: (siteId: string) => string,
  ): Promise<Map<string, MeasureInput>> {
    const granularity = granularityFor(period);
    const now: Window = { period, dates: datesOf(period), granularity };
    // The previous period's buckets line up with the current ones (same granularity, as many days).
    const before: Window = { period: previous, dates: datesOf(previous), granularity };
    const [a, b] = await Promise.all([
      this.read(now.period, siteIds, zoneOf),
      this.read(before.period, siteIds, zoneOf),
    ]);
    const figures = (w: Window, s: Sources) => {
      const out = new Map<string, MeasureFigures>();
      for (const f of figuresOf(s.cells, [...CELL_MEASURES, ...RECORD_MEASURES], w.dates, w.granularity))
        out.set(f.measure, f);
      for (const [measure, rows] of s.days)
        out.set(measure, distinctFigures(measure, rows, w.dates, w.granularity));
      return out;
    };
    const current = figures(now, a);
    const earlier = figures(before, b);
    const inputs = new Map<string, MeasureInput>();
    for (const [measure, f] of current)
      inputs.set(measure, { current: f, previous: earlier.get(measure)!, distinct: a.days.has(measure) });
    return inputs;
  }

  private async read(period: Period, siteIds: readonly string[], zoneOf: (siteId: string) => string) {
    const zone = zoneOf(siteIds[0]);
    const start = new Date(startOfLocalDay(addDaysToDate(period.from, -1), zone));
    const end = new Date(startOfLocalDay(addDaysToDate(period.to, 2), zone));
    const [cells, visits, events, incidents, volunteers, deployments] = await Promise.all([
      this.cells.cells(siteIds, period.from, period.to),
      this.sources.memberVisits(siteIds, start, end),
      this.sources.events(siteIds, start, end),
      this.sources.incidents(siteIds, start, end),
      this.sources.volunteerHours(siteIds, period.from, period.to),
      this.sources.deployments(siteIds, period.from, period.to),
    ]);
    const keys = [...new Set(visits.map((v) => v.memberKey))];
    const profiles = await this.profiles(keys);
    const userDays: PersonDay[] = visits
      .map((v) => ({
        day: localDateOf(v.at.getTime(), zoneOf(v.siteId)),
        siteId: v.siteId,
        person: v.memberKey,
        categories: profileCategories(profiles.get(v.memberKey) ?? ANONYMOUS_PROFILE),
      }))
      .filter((d) => d.day >= period.from && d.day <= period.to);
    const firsts = await this.sources.firstVisits(siteIds, keys);
    const firstDay = new Map([...firsts].map(([key, at]) => [key, localDateOf(at.getTime(), zone)]));
    const eventRows = events.map((e) => ({
      ...e,
      startsAt: e.startsAt.getTime(),
      endsAt: e.endsAt.getTime(),
    }));
    const volunteerRows = volunteers.map((v) => ({ ...v, person: v.memberId ?? v.staffId ?? v.id }));
    const records: StoredCell[] = [
      ...eventCells(eventRows, zoneOf),
      ...incidentCells(
        incidents.map((i) => ({ siteId: i.siteId, severity: i.severity, reportedAt: i.createdAt.getTime() })),
        zoneOf,
      ),
      ...volunteerCells(volunteerRows),
      ...deploymentCells(deployments),
    ];
    return {
      cells: [...cells, ...records],
      days: new Map<string, PersonDay[]>([
        ['users', userDays],
        ['newUsers', newcomerDays(userDays, firstDay, period.from)],
        ['returningUsers', returningDays(userDays)],
        ['partners', partnerDays(eventRows, zoneOf)],
        ['volunteers', volunteerDays(volunteerRows)],
        ['bookingInstitutions', institutionDays(deployments)],
      ]),
    };
  }

  private async profiles(keys: readonly string[]): Promise<Map<string, PersonProfile>> {
    const out = new Map<string, PersonProfile>();
    for (let i = 0; i < keys.length; i += 500)
      for (const m of await this.cells.profiles(keys.slice(i, i + 500))) out.set(m.memberKey, profileOf(m));
    return out;
  }
}
