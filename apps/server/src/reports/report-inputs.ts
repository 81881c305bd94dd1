import { Injectable } from '@nestjs/common';
import { addDaysToDate, localDateOf, startOfLocalDay } from '@werkbank/access-core';
import { Breakdown } from '@werkbank/contracts';
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
  machineCapacityCells,
  type MeasureInput,
  newcomerDays,
  type OpeningWindow,
  openingHoursCells,
  partnerDays,
  type Period,
  type PersonDay,
  profileCategories,
  ratioFigures,
  returningDays,
  supervisedHoursCells,
  trainingCells,
  type StoredCell,
  volunteerCells,
  volunteerDays,
} from '@werkbank/reports';
import { profileOf } from './report-rollup';
import { UrbanRuralClasses } from './urban-rural-classes';

const NOT_STATED_CATEGORIES = profileCategories(ANONYMOUS_PROFILE);

/** Summable measures and where they come from (the daily cells, or records read at report time). */
const CELL_MEASURES = ['visits', 'sessions', 'machineHours'];
const RECORD_MEASURES = [
  'openHours',
  'supervisedHours',
  'events',
  'attendances',
  'participantHours',
  'coHostedEvents',
  'incidents',
  'volunteerHours',
  'stops',
  'deploymentDays',
  'briefingsHeld',
  'newlyQualified',
  'validAtEnd',
  'machineOpenHours',
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
    private readonly urbanRural: UrbanRuralClasses,
  ) {}

  async inputs(
    period: Period,
    previous: Period,
    siteIds: readonly string[],
    zoneOf: (siteId: string) => string,
    windowsOf: (siteId: string) => readonly OpeningWindow[],
  ): Promise<Map<string, MeasureInput>> {
    const granularity = granularityFor(period);
    const now: Window = { period, dates: datesOf(period), granularity };
    // The previous period's buckets line up with the current ones (same granularity, as many days).
    const before: Window = { period: previous, dates: datesOf(previous), granularity };
    const figures = async (w: Window) => {
      const s = await this.read(w.period, siteIds, zoneOf, windowsOf);
      const out = new Map<string, MeasureFigures>();
      for (const f of figuresOf(s.cells, [...CELL_MEASURES, ...RECORD_MEASURES], w.dates, w.granularity))
        out.set(f.measure, f);
      for (const [measure, rows] of s.days)
        out.set(measure, distinctFigures(measure, rows, w.dates, w.granularity));
      // M10: machine hours ÷ (open hours × machines), with the same buckets, sites and machine types.
      out.set(
        'utilisation',
        ratioFigures('utilisation', out.get('machineHours')!, out.get('machineOpenHours')!),
      );
      return { out, distinct: new Set(s.days.keys()) };
    };
    // One period after the other, each reduced to its figures before the next is read: the raw check-ins of
    // both are never in memory at once (and SQLite answers one query at a time anyway).
    const current = await figures(now);
    const earlier = (await figures(before)).out;
    const inputs = new Map<string, MeasureInput>();
    for (const [measure, f] of current.out)
      inputs.set(measure, {
        current: f,
        previous: earlier.get(measure)!,
        distinct: current.distinct.has(measure),
      });
    return inputs;
  }

  private async read(
    period: Period,
    siteIds: readonly string[],
    zoneOf: (siteId: string) => string,
    windowsOf: (siteId: string) => readonly OpeningWindow[],
  ): Promise<Sources> {
    const zone = zoneOf(siteIds[0]);
    const classOf = this.urbanRural.classOf;
    const start = new Date(startOfLocalDay(addDaysToDate(period.from, -1), zone));
    const end = new Date(startOfLocalDay(addDaysToDate(period.to, 2), zone));
    const [
      cells,
      visits,
      visitors,
      participants,
      events,
      incidents,
      volunteers,
      deployments,
      presences,
      trainings,
      machineUsers,
      machines,
    ] = await Promise.all([
      this.cells.reportCells(siteIds, period.from, period.to),
      this.sources.visitorDays(siteIds, period.from, period.to),
      this.sources.visitors(siteIds, period.from, period.to),
      this.sources.participants(siteIds, start, end),
      this.sources.events(siteIds, start, end),
      this.sources.incidents(siteIds, start, end),
      this.sources.volunteerHours(siteIds, period.from, period.to),
      this.sources.deployments(siteIds, period.from, period.to),
      this.sources.presences(siteIds, start, end),
      this.sources.trainings(period.to),
      this.sources.machineUsers(siteIds, period.from, period.to),
      this.sources.machines(siteIds),
    ]);
    const categories = new Map<string, Record<string, string>>();
    const homeOf = new Map<string, string>();
    const firstDay = new Map<string, string>();
    for (const v of visitors) {
      categories.set(
        v.personKey,
        profileCategories(v.profile ? profileOf(v.profile, classOf) : ANONYMOUS_PROFILE),
      );
      if (v.profile?.homeMunicipalityKey) homeOf.set(v.personKey, v.profile.homeMunicipalityKey);
      firstDay.set(v.personKey, v.firstDay);
    }
    const inPeriod = (day: string) => day >= period.from && day <= period.to;
    const userDays: PersonDay[] = [];
    // M14: the municipalities reached are distinct things, counted like people but with no categories.
    const municipalityDays: PersonDay[] = [];
    for (const v of visits) {
      // A visitor day newer than the visitors read (the two are separate queries) counts as not stated.
      const who = categories.get(v.personKey) ?? NOT_STATED_CATEGORIES;
      userDays.push({ day: v.day, siteId: v.siteId, person: v.personKey, categories: who });
      const home = homeOf.get(v.personKey);
      if (home) municipalityDays.push({ day: v.day, siteId: v.siteId, person: home, categories: {} });
    }
    const machineUserDays: PersonDay[] = machineUsers.map((u) => ({
      day: u.day,
      siteId: u.siteId,
      person: u.personKey,
      categories: {
        ...(u.profile ? profileCategories(profileOf(u.profile, classOf)) : NOT_STATED_CATEGORIES),
        [Breakdown.MachineType]: u.machineTypeId,
      },
    }));
    const participantDays: PersonDay[] = participants
      .map((p) => ({
        day: localDateOf(p.startsAt.getTime(), zoneOf(p.siteId)),
        siteId: p.siteId,
        person: p.memberKey,
        categories: p.profile ? profileCategories(profileOf(p.profile, classOf)) : NOT_STATED_CATEGORIES,
      }))
      .filter((p) => inPeriod(p.day));
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
      ...trainingCells(
        trainings.map((r) => ({ ...r, recordedAt: r.recordedAt.getTime() })),
        period,
        siteIds,
      ),
      ...siteIds.flatMap((siteId) => [
        ...openingHoursCells(siteId, windowsOf(siteId), datesOf(period)),
        ...machineCapacityCells(
          siteId,
          windowsOf(siteId),
          datesOf(period),
          machines.filter((m) => m.siteId === siteId).map((m) => m.machineTypeId),
        ),
        ...supervisedHoursCells(
          siteId,
          presences
            .filter((p) => p.siteId === siteId)
            .map((p) => ({ arrivedAt: p.arrivedAt.getTime(), leftAt: p.leftAt?.getTime() ?? null })),
          zoneOf(siteId),
          Date.now(),
        ),
      ]),
    ];
    return {
      cells: [...cells, ...records],
      days: new Map<string, PersonDay[]>([
        ['users', userDays],
        ['participants', participantDays],
        ['sessionUsers', machineUserDays],
        ['municipalities', municipalityDays],
        ['newUsers', newcomerDays(userDays, firstDay, period.from)],
        ['returningUsers', returningDays(userDays)],
        ['partners', partnerDays(eventRows, zoneOf)],
        ['volunteers', volunteerDays(volunteerRows)],
        ['bookingInstitutions', institutionDays(deployments)],
      ]),
    };
  }
}
