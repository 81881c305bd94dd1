import { MeasureKind, type MetricId } from '@werkbank/contracts';
import { figuresOf, type MeasureFigures, type StoredCell } from './figures';
import { METRICS, type Text } from './metrics';
import { datesOf, granularityFor, type Period } from './periods';
import { publishMeasure, type PublishedMeasure } from './publish';

/** Measures that are sums of daily cells (distinct counts are not, and come from elsewhere). */
export const CELL_MEASURES: ReadonlySet<string> = new Set(['visits', 'sessions', 'machineHours']);

export interface CellMetricReport {
  readonly id: MetricId;
  readonly name: Text;
  readonly definition: Text;
  readonly measures: readonly (PublishedMeasure & { kind: MeasureKind; name: Text })[];
}

/**
 * The metrics whose figures are sums of daily cells (M1 visits, M10 machine hours, M11 sessions), for a
 * period and its previous period, every person count suppressed; hours are hidden wherever the person count
 * they rest on is (M10's rest on M11's sessions). Metrics without cell measures are left out.
 */
export function cellReport(
  metrics: readonly MetricId[],
  period: Period,
  previous: Period,
  siteIds: readonly string[],
  cells: { current: readonly StoredCell[]; previous: readonly StoredCell[] },
  threshold: number,
): CellMetricReport[] {
  const granularity = granularityFor(period);
  const wanted = [...CELL_MEASURES];
  const now = new Map(
    figuresOf(cells.current, wanted, datesOf(period), granularity).map((f) => [f.measure, f]),
  );
  const before = new Map(
    figuresOf(cells.previous, wanted, datesOf(previous), granularity).map((f) => [f.measure, f]),
  );
  const persons = ['visits', 'sessions'];
  const published = new Map(
    persons.map((m) => [m, publishMeasure(now.get(m)!, before.get(m)!, siteIds, threshold)]),
  );
  const hiddenLike = (measure: PublishedMeasure, basis: PublishedMeasure): PublishedMeasure => {
    const hide = <T extends { suppressed: boolean }>(value: T, basisValue: { suppressed: boolean }) =>
      basisValue.suppressed ? ({ value: null, suppressed: true, reason: 'secondary' } as const) : value;
    return {
      ...measure,
      total: hide(measure.total, basis.total),
      previousTotal: hide(measure.previousTotal, basis.previousTotal),
      difference: hide(measure.difference, basis.difference),
      bySite: measure.bySite.map((s, i) => ({ ...s, value: hide(s.value, basis.bySite[i].value) })),
      series: measure.series.map((s, i) => ({ ...s, value: hide(s.value, basis.series[i].value) })),
      // Hours by category would need the categories of the basis: not published.
      byBreakdown: [],
    };
  };
  return metrics.flatMap((id) => {
    const metric = METRICS[id];
    const measures = metric.measures.filter((m) => CELL_MEASURES.has(m.key));
    if (measures.length === 0) return [];
    return [
      {
        id,
        name: metric.name,
        definition: metric.definition,
        measures: measures.map((m) => {
          const shown =
            m.kind === MeasureKind.Persons
              ? published.get(m.key)!
              : hiddenLike(
                  unsuppressed(now.get(m.key)!, before.get(m.key)!, siteIds),
                  published.get(m.basedOn!)!,
                );
          return { ...shown, kind: m.kind, name: m.name };
        }),
      },
    ];
  });
}

const shownCount = (value: number) => ({ value, suppressed: false, reason: null }) as const;

/** Hours and amounts as they are; `hiddenLike` then hides them where their person count is hidden. */
function unsuppressed(
  now: MeasureFigures,
  before: MeasureFigures,
  siteIds: readonly string[],
): PublishedMeasure {
  return {
    measure: now.measure,
    total: shownCount(now.total),
    previousTotal: shownCount(before.total),
    difference: shownCount(now.total - before.total),
    bySite: siteIds.map((siteId) => ({ siteId, value: shownCount(now.bySite[siteId] ?? 0) })),
    byBreakdown: [],
    series: now.series.map((s) => ({ bucket: s.bucket, value: shownCount(s.value) })),
    intervalSafe: true,
  };
}
