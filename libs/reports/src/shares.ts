import { Breakdown } from '@werkbank/contracts';
import type { MeasureFigures, StoredCell } from './figures';
import { recordCells } from './distinct';
import type { OpeningWindow } from './record-inputs';
import { openingHoursCells } from './record-inputs';
import type { PublishedMeasure } from './publish';
import type { PublishedCount } from './suppression';

const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : 0);

/**
 * A share as figures: numerator ÷ denominator in the total, per site, per category and per bucket (0 where the
 * denominator is 0). Both come from the same period and buckets.
 */
export function ratioFigures(
  measure: string,
  numerator: MeasureFigures,
  denominator: MeasureFigures,
): MeasureFigures {
  const byBreakdown: Record<string, Record<string, number>> = {};
  for (const [breakdown, categories] of Object.entries(denominator.byBreakdown))
    byBreakdown[breakdown] = Object.fromEntries(
      Object.entries(categories).map(([c, d]) => [c, ratio(numerator.byBreakdown[breakdown]?.[c] ?? 0, d)]),
    );
  return {
    measure,
    total: ratio(numerator.total, denominator.total),
    bySite: Object.fromEntries(
      Object.entries(denominator.bySite).map(([s, d]) => [s, ratio(numerator.bySite[s] ?? 0, d)]),
    ),
    byBreakdown,
    series: denominator.series.map((s, i) => ({
      bucket: s.bucket,
      value: ratio(numerator.series[i]?.value ?? 0, s.value),
    })),
  };
}

/**
 * M10's capacity: the site's opening hours times its machines, per local date, in total and per machine type
 * (`machineOpenHours`; utilisation = machine hours ÷ this). The machines are those registered when the report
 * is made (history imported with the machines would otherwise have none).
 */
export function machineCapacityCells(
  siteId: string,
  windows: readonly OpeningWindow[],
  dates: readonly string[],
  machineTypes: readonly string[],
): StoredCell[] {
  if (machineTypes.length === 0) return [];
  const byType = new Map<string, number>();
  for (const type of machineTypes) byType.set(type, (byType.get(type) ?? 0) + 1);
  return openingHoursCells(siteId, windows, dates).flatMap((open) => {
    const cells = recordCells(open.day, siteId, 'machineOpenHours', open.value * machineTypes.length);
    for (const [type, n] of byType)
      cells.push({ ...cells[0], breakdown: Breakdown.MachineType, category: type, value: open.value * n });
    return cells;
  });
}

const HIDDEN: PublishedCount = { value: null, suppressed: true, reason: 'secondary' };

/**
 * A share of one category among others, computed from a person count's **published** breakdown (M14: rural
 * users among users whose home is classified), so it can never tell more than the counts shown: hidden unless
 * every category it uses is shown. Only the period's total; sites and buckets have no published breakdown.
 * Null when no one falls in any of the categories (nothing classified: the share is not known, not 0).
 */
export function publishedShare(
  measure: string,
  basis: PublishedMeasure,
  breakdown: string,
  part: string,
  of: readonly string[],
): PublishedMeasure | null {
  const categories = (basis.byBreakdown.find((b) => b.breakdown === breakdown)?.categories ?? []).filter(
    (c) => of.includes(c.category),
  );
  if (categories.every((c) => c.value.value === 0)) return null;
  const value = (category: string): number | null => {
    const found = categories.find((c) => c.category === category)?.value;
    if (!found) return 0;
    return found.suppressed || found.value === null ? null : found.value;
  };
  const values = of.map(value);
  const whole = values.reduce<number | null>((sum, v) => (sum === null || v === null ? null : sum + v), 0);
  const share = value(part);
  const total: PublishedCount =
    whole === null || share === null || whole === 0
      ? HIDDEN
      : { value: share / whole, suppressed: false, reason: null };
  return {
    measure,
    total,
    previousTotal: HIDDEN,
    difference: HIDDEN,
    bySite: basis.bySite.map((s) => ({ siteId: s.siteId, value: HIDDEN })),
    byBreakdown: [],
    series: basis.series.map((s) => ({ bucket: s.bucket, value: HIDDEN })),
    intervalSafe: true,
  };
}
