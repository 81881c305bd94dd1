import type { MeasureFigures } from './figures';
import type { PublishedMeasure } from './publish';
import { machineCapacityCells, publishedShare, ratioFigures } from './shares';

const figures = (total: number, a: number, laser: number, series: number[]): MeasureFigures => ({
  measure: 'x',
  total,
  bySite: { a, b: total - a },
  byBreakdown: { machine_type: { laser } },
  series: series.map((value, i) => ({ bucket: `2026-03-0${i + 1}`, value })),
});

describe('ratioFigures', () => {
  it('divides total, sites, categories and buckets, 0 where nothing could happen', () => {
    const r = ratioFigures('utilisation', figures(6, 2, 3, [6, 0]), figures(24, 8, 12, [12, 0]));
    expect(r).toEqual({
      measure: 'utilisation',
      total: 0.25,
      bySite: { a: 0.25, b: 0.25 },
      byBreakdown: { machine_type: { laser: 0.25 } },
      series: [
        { bucket: '2026-03-01', value: 0.5 },
        { bucket: '2026-03-02', value: 0 },
      ],
    });
  });
});

describe('machineCapacityCells', () => {
  it('multiplies the open hours of each date by the machines, in total and per type', () => {
    // 2026-03-02 is a Monday: open 10–18; Tuesday closed.
    const cells = machineCapacityCells(
      'a',
      [{ weekday: 1, opens: '10:00', closes: '18:00' }],
      ['2026-03-02', '2026-03-03'],
      ['laser', 'printer', 'printer'],
    );
    expect(cells.map((c) => [c.day, c.category, c.value])).toEqual([
      ['2026-03-02', '', 24],
      ['2026-03-02', 'laser', 8],
      ['2026-03-02', 'printer', 16],
    ]);
    expect(
      machineCapacityCells('a', [{ weekday: 1, opens: '10:00', closes: '18:00' }], ['2026-03-02'], []),
    ).toEqual([]);
  });
});

describe('publishedShare', () => {
  const shown = (value: number) => ({ value, suppressed: false, reason: null });
  const hidden = { value: null, suppressed: true, reason: 'primary' as const };
  const basis = (urban: PublishedMeasure['total'], rural: PublishedMeasure['total']): PublishedMeasure => ({
    measure: 'users',
    total: shown(20),
    previousTotal: shown(10),
    difference: shown(10),
    bySite: [{ siteId: 'a', value: shown(20) }],
    byBreakdown: [
      {
        breakdown: 'urban_rural',
        categories: [
          { category: 'urban', value: urban },
          { category: 'rural', value: rural },
          { category: 'not_stated', value: shown(8) },
        ],
      },
    ],
    series: [{ bucket: 'w1', value: shown(20) }],
    intervalSafe: true,
  });

  it('is the part among the categories it names, from shown counts only', () => {
    const share = publishedShare('ruralShare', basis(shown(6), shown(6)), 'urban_rural', 'rural', [
      'urban',
      'rural',
    ]);
    expect(share?.total).toEqual(shown(0.5));
    // Nothing per site, bucket or period before: no published breakdown to read it from.
    expect(share?.bySite[0].value.suppressed).toBe(true);
    expect(share?.series[0].value.suppressed).toBe(true);
    expect(share?.previousTotal.suppressed).toBe(true);
  });

  it('is hidden when a count it uses is hidden, and absent when nobody is classified', () => {
    expect(
      publishedShare('s', basis(shown(12), hidden), 'urban_rural', 'rural', ['urban', 'rural'])?.total,
    ).toMatchObject({ value: null, suppressed: true });
    expect(
      publishedShare('s', basis(hidden, shown(12)), 'urban_rural', 'rural', ['urban', 'rural'])?.total,
    ).toMatchObject({ value: null, suppressed: true });
    expect(
      publishedShare('s', basis(shown(0), shown(0)), 'urban_rural', 'rural', ['urban', 'rural']),
    ).toBeNull();
  });
});
