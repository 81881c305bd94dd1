import { MeasureKind, MetricId, PeriodKind } from '../reports';
import { DateTime, Day, Id, Literals, Nullable, Static, StringEnum, Strict, Type } from './schema';

/** German and English text of one thing (metric names and definitions are printed beside every figure). */
export const ReportTextSchema = Strict({ de: Type.String(), en: Type.String() });

/**
 * A figure as a report may show it: `value` null when it is hidden. `primary` cells were below the
 * threshold, `secondary` ones are hidden so that no primary cell can be recomputed (docs/reports.md).
 */
export const ReportCountSchema = Strict({
  value: Nullable(Type.Number()),
  suppressed: Type.Boolean(),
  reason: Nullable(Literals(['primary', 'secondary'] as const)),
});
export type ReportCount = Static<typeof ReportCountSchema>;

export const ReportMeasureSchema = Strict({
  key: Type.String({ description: 'e.g. `visits`, `sessions`, `machineHours`.' }),
  kind: StringEnum(MeasureKind),
  name: ReportTextSchema,
  total: ReportCountSchema,
  previousTotal: ReportCountSchema,
  difference: ReportCountSchema,
  bySite: Type.Array(Strict({ siteId: Id(), value: ReportCountSchema })),
  byBreakdown: Type.Array(
    Strict({
      breakdown: Type.String(),
      categories: Type.Array(Strict({ category: Type.String(), value: ReportCountSchema })),
    }),
  ),
  series: Type.Array(
    Strict({
      bucket: Type.String({ description: 'A local date, an ISO week (`2026-W14`) or a month (`2026-04`).' }),
      value: ReportCountSchema,
    }),
  ),
  intervalSafe: Type.Boolean({
    description: 'False when a tiny table could only be protected against exact recomputation.',
  }),
});
export type ReportMeasure = Static<typeof ReportMeasureSchema>;

export const ReportMetricSchema = Strict({
  id: StringEnum(MetricId),
  name: ReportTextSchema,
  definition: ReportTextSchema,
  /** Null when the metric has figures; else why not (the data it needs is not recorded). */
  unavailable: Nullable(ReportTextSchema),
  measures: Type.Array(ReportMeasureSchema),
});
export type ReportMetric = Static<typeof ReportMetricSchema>;

const ReportPeriodSchema = Strict({
  kind: StringEnum(PeriodKind),
  from: Day(),
  to: Day(),
  days: Type.Integer({ minimum: 1 }),
});

/** A funder report: the figures of the chosen metrics for a period and sites, every person count suppressed. */
export const ReportSchema = Strict({
  labName: Type.String(),
  timezone: Type.String(),
  period: ReportPeriodSchema,
  previousPeriod: ReportPeriodSchema,
  granularity: Literals(['day', 'week', 'month'] as const, { description: "The series' bucket." }),
  threshold: Type.Integer({ minimum: 3, description: 'Cells below it are shown as "<threshold".' }),
  sites: Type.Array(
    Strict({
      id: Id(),
      name: Type.String(),
      mobile: Type.Boolean({ description: 'A mobile lab (its deployments count as its site).' }),
      hasData: Type.Boolean({ description: 'False: no activity at all in the period (the report says so).' }),
    }),
  ),
  metrics: Type.Array(ReportMetricSchema),
  generatedAt: DateTime(),
});
export type Report = Static<typeof ReportSchema>;

/** The metric catalogue the report builder offers. */
export const ReportMetricInfoSchema = Strict({
  id: StringEnum(MetricId),
  name: ReportTextSchema,
  definition: ReportTextSchema,
  breakdowns: Type.Array(Type.String()),
});
export type ReportMetricInfo = Static<typeof ReportMetricInfoSchema>;

/** The lab's urban/rural classification for M14 (reference data: official keys, no person). */
export const UrbanRuralSummarySchema = Strict({
  districts: Type.Integer({ minimum: 0, description: 'Entries for a whole district (5-digit key).' }),
  municipalities: Type.Integer({ minimum: 0, description: 'Entries for one municipality (8-digit key).' }),
  urban: Type.Integer({ minimum: 0 }),
  rural: Type.Integer({ minimum: 0 }),
  membersClassified: Type.Integer({
    minimum: 0,
    description: 'Members whose stated home municipality the classification covers.',
  }),
  membersWithHome: Type.Integer({ minimum: 0, description: 'Members who stated a home municipality.' }),
});
export type UrbanRuralSummary = Static<typeof UrbanRuralSummarySchema>;
