import { MeasureKind, type MetricId } from '@werkbank/contracts';
import type { MeasureFigures } from './figures';
import { METRICS, type Text } from './metrics';
import { publishMeasure, type PublishedMeasure } from './publish';
import { publishedShare } from './shares';
import type { PublishedCount } from './suppression';

/** A measure's figures for the period and the previous one; `distinct` when parts need not add up. */
export interface MeasureInput {
  readonly current: MeasureFigures;
  readonly previous: MeasureFigures;
  readonly distinct?: boolean;
}

export interface PublishedMetricMeasure extends Omit<PublishedMeasure, 'measure'> {
  readonly key: string;
  readonly kind: MeasureKind;
  readonly name: Text;
}

export interface MetricReport {
  readonly id: MetricId;
  readonly name: Text;
  readonly definition: Text;
  readonly unavailable: Text | null;
  readonly measures: PublishedMetricMeasure[];
}

/** Why a metric has no figures yet: the product does not record what it needs. */
export const NOT_RECORDED: Text = {
  de: 'Werkbank erfasst die dafür nötigen Daten noch nicht.',
  en: 'Werkbank does not record the data this needs yet.',
};

const HIDDEN: PublishedCount = { value: null, suppressed: true, reason: 'secondary' };
const shown = (value: number): PublishedCount => ({ value, suppressed: false, reason: null });
const hiddenIf = (value: PublishedCount, basis: PublishedCount | undefined) =>
  basis === undefined || basis.suppressed ? HIDDEN : value;

/** Counts of things (events, incidents) and unbased hours: not about persons, shown as they are. */
function asShown({ current, previous }: MeasureInput, siteIds: readonly string[]): PublishedMeasure {
  return {
    measure: current.measure,
    total: shown(current.total),
    previousTotal: shown(previous.total),
    difference: shown(current.total - previous.total),
    bySite: siteIds.map((siteId) => ({ siteId, value: shown(current.bySite[siteId] ?? 0) })),
    byBreakdown: Object.entries(current.byBreakdown).map(([breakdown, categories]) => ({
      breakdown,
      categories: Object.entries(categories).map(([category, v]) => ({ category, value: shown(v) })),
    })),
    series: current.series.map((s) => ({ bucket: s.bucket, value: shown(s.value) })),
    intervalSafe: true,
  };
}

/** Hours, amounts and shares resting on a person count: hidden wherever that count is hidden. */
function hiddenLike(measure: PublishedMeasure, basis: PublishedMeasure): PublishedMeasure {
  const basisCategory = (breakdown: string, category: string) =>
    basis.byBreakdown.find((b) => b.breakdown === breakdown)?.categories.find((c) => c.category === category)
      ?.value;
  return {
    ...measure,
    total: hiddenIf(measure.total, basis.total),
    previousTotal: hiddenIf(measure.previousTotal, basis.previousTotal),
    difference: hiddenIf(measure.difference, basis.difference),
    bySite: measure.bySite.map((s, i) => ({ ...s, value: hiddenIf(s.value, basis.bySite[i]?.value) })),
    byBreakdown: measure.byBreakdown.map((b) => ({
      breakdown: b.breakdown,
      categories: b.categories.map((c) => ({
        category: c.category,
        value: hiddenIf(c.value, basisCategory(b.breakdown, c.category)),
      })),
    })),
    series: measure.series.map((s, i) => ({ ...s, value: hiddenIf(s.value, basis.series[i]?.value) })),
  };
}

/**
 * A distinct count: sites and buckets may overlap (one person at two sites), so they are protected as if
 * they added up (the worst case: no overlap), and the true total is shown only where their sum was and it
 * is not below the threshold itself. Categories are protected as if they added up to the total (a person has
 * one age band; one who used two machine types counts in both, which only makes recomputing harder).
 */
function publishDistinct(
  input: MeasureInput,
  siteIds: readonly string[],
  threshold: number,
): PublishedMeasure {
  const asSum = publishMeasure(input.current, input.previous, siteIds, threshold);
  const total = (true_: number, asSummed: PublishedCount): PublishedCount =>
    asSummed.suppressed
      ? asSummed
      : true_ < threshold && true_ > 0
        ? { ...HIDDEN, reason: 'primary' }
        : shown(true_);
  const now = total(input.current.total, asSum.total);
  const before = total(input.previous.total, asSum.previousTotal);
  return {
    ...asSum,
    total: now,
    previousTotal: before,
    difference:
      now.suppressed || before.suppressed ? HIDDEN : shown(input.current.total - input.previous.total),
  };
}

/**
 * The chosen metrics with every measure that has figures, each through its privacy rule (docs/reports.md):
 * person counts suppressed, things shown, hours and shares hidden with the person count they rest on. A
 * metric none of whose measures has figures says why instead.
 */
export function metricReports(
  metrics: readonly MetricId[],
  inputs: ReadonlyMap<string, MeasureInput>,
  siteIds: readonly string[],
  threshold: number,
): MetricReport[] {
  const persons = new Map<string, PublishedMeasure>();
  const personsOf = (key: string): PublishedMeasure | undefined => {
    const input = inputs.get(key);
    if (!input) return undefined;
    if (!persons.has(key))
      persons.set(
        key,
        input.distinct
          ? publishDistinct(input, siteIds, threshold)
          : publishMeasure(input.current, input.previous, siteIds, threshold),
      );
    return persons.get(key);
  };
  return metrics.map((id) => {
    const metric = METRICS[id];
    const measures = metric.measures.flatMap((m): PublishedMetricMeasure[] => {
      if (m.shareOf && m.basedOn) {
        const basis = personsOf(m.basedOn);
        if (!basis) return [];
        const { breakdown, part, of } = m.shareOf;
        const share = publishedShare(m.key, basis, breakdown, part, of);
        if (!share) return [];
        const { measure: _key, ...rest } = share;
        return [{ ...rest, key: m.key, kind: m.kind, name: m.name }];
      }
      const input = inputs.get(m.key);
      if (!input) return [];
      let published: PublishedMeasure | undefined;
      if (m.kind === MeasureKind.Persons) published = personsOf(m.key);
      // Things are shown as they are, unless they rest on a person count (places reached: M14).
      else if (!m.basedOn) published = asShown(input, siteIds);
      else {
        const basis = personsOf(m.basedOn);
        // Without its person count a derived figure could not be protected: it is left out.
        if (!basis) return [];
        published = hiddenLike(asShown(input, siteIds), basis);
      }
      const { measure: _key, ...rest } = published!;
      return [{ ...rest, key: m.key, kind: m.kind, name: m.name }];
    });
    return {
      id,
      name: metric.name,
      definition: metric.definition,
      unavailable: measures.length === 0 ? NOT_RECORDED : null,
      measures,
    };
  });
}
