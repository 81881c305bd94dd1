import fc from 'fast-check';
import { linearAttack, type Publication } from '../testing/suppression.attacker';
import type { MeasureFigures } from './figures';
import { publishMeasure } from './publish';
import type { PublishedCount } from './suppression';

const figures = (
  bySite: Record<string, number>,
  ages: Record<string, number>,
  series: number[],
): MeasureFigures => ({
  measure: 'visits',
  total: Object.values(bySite).reduce((s, v) => s + v, 0),
  bySite,
  byBreakdown: { age_band: ages },
  series: series.map((value, i) => ({ bucket: `2026-03-0${i + 1}`, value })),
});

/** One published part (sites, a breakdown, the series) as the attacker sees it: a column and its total. */
const asPublication = (parts: PublishedCount[], total: PublishedCount): Publication => ({
  threshold: 5,
  current: { cells: parts.map((p) => [p]), rowTotals: parts, columnTotals: [total], grandTotal: total },
  previous: null,
  difference: null,
});

describe('publishMeasure', () => {
  it('large counts are all shown, with the previous period and the difference', () => {
    const now = figures({ a: 40, b: 60 }, { '18_29': 30, not_stated: 70 }, [50, 50]);
    const before = figures({ a: 30, b: 50 }, { '18_29': 20, not_stated: 60 }, [40, 40]);
    const p = publishMeasure(now, before, ['a', 'b'], 5);
    expect(p.total).toEqual({ value: 100, suppressed: false, reason: null });
    expect(p.previousTotal.value).toBe(80);
    expect(p.difference.value).toBe(20);
    expect(p.bySite.map((s) => s.value.value)).toEqual([40, 60]);
    expect(p.byBreakdown[0].categories.map((c) => [c.category, c.value.value])).toEqual([
      ['18_29', 30],
      ['not_stated', 70],
    ]);
    expect(p.intervalSafe).toBe(true);
  });

  it('a small site is hidden with a complement; a small category too; the total stays', () => {
    const now = figures({ a: 3, b: 60, c: 40 }, { '18_29': 2, not_stated: 101 }, [50, 53]);
    const before = figures({ a: 20, b: 50, c: 30 }, { '18_29': 20, not_stated: 80 }, [50, 50]);
    const p = publishMeasure(now, before, ['a', 'b', 'c'], 5);
    expect(p.total.value).toBe(103);
    expect(p.bySite[0].value).toMatchObject({ value: null, reason: 'primary' });
    expect(p.bySite.filter((s) => s.value.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(p.byBreakdown[0].categories.every((c) => c.value.suppressed)).toBe(true);
  });

  it('a total below the threshold is hidden in every part', () => {
    const now = figures({ a: 2, b: 1 }, { '18_29': 3 }, [3, 0]);
    const p = publishMeasure(now, figures({ a: 0, b: 0 }, {}, [0, 0]), ['a', 'b'], 5);
    expect(p.total).toMatchObject({ value: null, suppressed: true });
    expect(p.difference.suppressed).toBe(true);
    expect(JSON.stringify(p)).not.toMatch(/"value":[1-4][,}]/);
  });

  it('the attacker recovers no hidden part of any table, and nothing small is shown', () => {
    const sites = ['a', 'b', 'c'];
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 3, maxLength: 3 }),
        (siteValues, before) => {
          const total = siteValues.reduce((s, v) => s + v, 0);
          // The same total split differently by age and by day.
          const young = Math.floor(total / 3);
          const now = figures(
            Object.fromEntries(sites.map((s, i) => [s, siteValues[i]])),
            { '18_29': young, not_stated: total - young },
            [total - siteValues[0], siteValues[0]],
          );
          const prev = figures(Object.fromEntries(sites.map((s, i) => [s, before[i]])), {}, [0, 0]);
          const p = publishMeasure(now, prev, sites, 5);
          const parts = [
            p.bySite.map((s) => s.value),
            p.series.map((s) => s.value),
            ...p.byBreakdown.map((b) => b.categories.map((c) => c.value)),
          ];
          for (const part of parts) expect(linearAttack(asPublication(part, p.total))).toEqual([]);
          for (const shown of [p.total, ...parts.flat()])
            if (!shown.suppressed) expect(shown.value === 0 || (shown.value as number) >= 5).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
