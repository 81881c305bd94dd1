import fc from 'fast-check';
import { figuresOf, type StoredCell } from './figures';
import { datesOf } from './periods';

const cell = (
  day: string,
  siteId: string,
  measure: string,
  value: number,
  breakdown = '',
  category = '',
): StoredCell => ({
  day,
  siteId,
  measure,
  breakdown,
  category,
  value,
});

describe('figuresOf', () => {
  const march = datesOf({ from: '2026-03-01', to: '2026-03-31' });

  it('sums totals per site, breakdowns per category and a series with every bucket', () => {
    const [visits, sessions] = figuresOf(
      [
        cell('2026-03-02', 'a', 'visits', 3),
        cell('2026-03-02', 'a', 'visits', 3, 'age_band', '18_29'),
        cell('2026-03-09', 'b', 'visits', 4),
        cell('2026-03-09', 'b', 'visits', 1, 'age_band', '18_29'),
        cell('2026-03-09', 'b', 'visits', 3, 'age_band', 'not_stated'),
        cell('2026-04-01', 'a', 'visits', 100), // outside the period
        cell('2026-03-09', 'a', 'other', 7), // a measure not asked for
      ],
      ['visits', 'sessions'],
      march,
      'week',
    );
    expect(visits.total).toBe(7);
    expect(visits.bySite).toEqual({ a: 3, b: 4 });
    expect(visits.byBreakdown).toEqual({ age_band: { '18_29': 4, not_stated: 3 } });
    expect(visits.series.map((s) => s.bucket)).toEqual([
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
    expect(visits.series.map((s) => s.value)).toEqual([0, 3, 4, 0, 0, 0]);
    // A measure without data is zero, with every bucket: a report never fails for an empty site.
    expect(sessions).toMatchObject({ total: 0, bySite: {}, byBreakdown: {} });
    expect(sessions.series).toHaveLength(6);
  });

  it('the series and the sites each add up to the total, whatever the cells', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc
              .integer({ min: 0, max: 40 })
              .map((d) => new Date(Date.UTC(2026, 2, d)).toISOString().slice(0, 10)),
            siteId: fc.constantFrom('a', 'b', 'c'),
            value: fc.integer({ min: 0, max: 50 }),
          }),
        ),
        fc.constantFrom('day', 'week', 'month'),
        (rows, granularity) => {
          const [f] = figuresOf(
            rows.map((r) => cell(r.day, r.siteId, 'visits', r.value)),
            ['visits'],
            march,
            granularity as 'day' | 'week' | 'month',
          );
          const inMarch = rows.filter((r) => r.day.startsWith('2026-03')).reduce((s, r) => s + r.value, 0);
          expect(f.total).toBe(inMarch);
          expect(f.series.reduce((s, x) => s + x.value, 0)).toBe(inMarch);
          expect(Object.values(f.bySite).reduce((s, x) => s + x, 0)).toBe(inMarch);
        },
      ),
    );
  });
});
