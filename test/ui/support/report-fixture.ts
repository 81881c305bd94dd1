import {
  MeasureKind,
  MetricId,
  PeriodKind,
  type Report,
  type ReportCount,
  type ReportMetricInfo,
} from '@werkbank/contracts';

const shown = (value: number): ReportCount => ({ value, suppressed: false, reason: null });
const small: ReportCount = { value: null, suppressed: true, reason: 'primary' };
const secondary: ReportCount = { value: null, suppressed: true, reason: 'secondary' };

/** The metric catalogue as the server sends it (two metrics are enough for the page). */
export const METRIC_INFOS: ReportMetricInfo[] = [
  {
    id: MetricId.M11,
    name: { de: 'Maschinennutzungen', en: 'Machine sessions' },
    definition: { de: 'Sitzungen an Maschinen.', en: 'Sessions at machines.' },
    breakdowns: ['machine_type'],
  },
  {
    id: MetricId.M16,
    name: { de: 'Partner', en: 'Partners' },
    definition: { de: 'Kooperationspartner.', en: 'Partner organisations.' },
    breakdowns: [],
  },
];

/**
 * A report the seeded lab cannot produce on its own: a secondary "•", a hidden category, a hidden bucket among
 * shown ones, and a metric whose data is not recorded. The figures 3 and 7 stand behind the hidden cells and
 * must never appear.
 */
export function craftedReport(siteId: string, mobileSiteId: string): Report {
  return {
    labName: 'Werkbank Test',
    timezone: 'Europe/Berlin',
    period: { kind: PeriodKind.Month, from: '2026-04-01', to: '2026-04-30', days: 30 },
    previousPeriod: { kind: PeriodKind.Month, from: '2026-03-01', to: '2026-03-31', days: 31 },
    granularity: 'week',
    threshold: 5,
    sites: [
      { id: siteId, name: 'Stadtlabor Mitte', mobile: false, hasData: true },
      { id: mobileSiteId, name: 'Mobiles Labor', mobile: true, hasData: false },
    ],
    metrics: [
      {
        id: MetricId.M11,
        name: METRIC_INFOS[0].name,
        definition: METRIC_INFOS[0].definition,
        unavailable: null,
        measures: [
          {
            key: 'sessions',
            kind: MeasureKind.Persons,
            name: { de: 'Sitzungen', en: 'Sessions' },
            total: shown(40),
            previousTotal: shown(52),
            difference: shown(-12),
            bySite: [
              { siteId, value: shown(40) },
              { siteId: mobileSiteId, value: shown(0) },
            ],
            byBreakdown: [
              {
                breakdown: 'machine_type',
                categories: [
                  { category: 'Lasercutter', value: shown(30) },
                  { category: '3D-Drucker', value: small },
                  { category: 'Plotter', value: secondary },
                ],
              },
            ],
            series: [
              { bucket: '2026-W14', value: shown(12) },
              { bucket: '2026-W15', value: small },
              { bucket: '2026-W16', value: secondary },
              { bucket: '2026-W17', value: shown(11) },
            ],
            intervalSafe: true,
          },
        ],
      },
      {
        id: MetricId.M16,
        name: METRIC_INFOS[1].name,
        definition: METRIC_INFOS[1].definition,
        unavailable: { de: 'Partner werden noch nicht erfasst.', en: 'Partners are not recorded yet.' },
        measures: [],
      },
    ],
    generatedAt: '2026-05-01T08:00:00.000Z',
  };
}
