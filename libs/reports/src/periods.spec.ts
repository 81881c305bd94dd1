import fc from 'fast-check';
import { PeriodKind } from '@werkbank/contracts';
import {
  bucketOf,
  datesOf,
  daysBetween,
  granularityFor,
  instantsOf,
  MAX_PERIOD_DAYS,
  type Period,
  previousPeriod,
  resolvePeriod,
  type PeriodRequest,
} from './periods';

const resolved = (request: PeriodRequest): Period => {
  const result = resolvePeriod(request);
  if (!('period' in result)) throw new Error(JSON.stringify(result.problems));
  return result.period;
};
const problemsOf = (request: PeriodRequest) => {
  const result = resolvePeriod(request);
  return 'problems' in result ? result.problems.map((p) => [p.field, p.rule]) : [];
};

describe('resolvePeriod', () => {
  it('months, with February in leap and common years', () => {
    expect(resolved({ kind: PeriodKind.Month, year: 2024, month: 2 })).toEqual({
      kind: PeriodKind.Month,
      from: '2024-02-01',
      to: '2024-02-29',
      days: 29,
    });
    expect(resolved({ kind: PeriodKind.Month, year: 2100, month: 2 }).to).toBe('2100-02-28');
    expect(resolved({ kind: PeriodKind.Month, year: 2026, month: 12 })).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });

  it('quarters and years', () => {
    expect(resolved({ kind: PeriodKind.Quarter, year: 2026, quarter: 1 })).toMatchObject({
      from: '2026-01-01',
      to: '2026-03-31',
      days: 90,
    });
    expect(resolved({ kind: PeriodKind.Quarter, year: 2026, quarter: 4 })).toMatchObject({
      from: '2026-10-01',
      to: '2026-12-31',
      days: 92,
    });
    expect(resolved({ kind: PeriodKind.Year, year: 2028 }).days).toBe(366);
  });

  it('custom ranges are inclusive; a single day is one day', () => {
    expect(resolved({ kind: PeriodKind.Custom, from: '2026-03-29', to: '2026-03-29' }).days).toBe(1);
    expect(resolved({ kind: PeriodKind.Custom, from: '2026-12-24', to: '2027-01-06' }).days).toBe(14);
  });

  it('names the field and the rule of every problem', () => {
    expect(problemsOf({ kind: PeriodKind.Month, year: 1999, month: 13 })).toEqual([
      ['year', 'range'],
      ['month', 'range'],
    ]);
    expect(problemsOf({ kind: PeriodKind.Quarter, year: 2026, quarter: 0 })).toEqual([['quarter', 'range']]);
    expect(problemsOf({ kind: PeriodKind.Quarter, year: 2026.5, quarter: 2 })).toEqual([['year', 'range']]);
    expect(problemsOf({ kind: PeriodKind.Custom, from: '2026-02-30', to: 'tomorrow' })).toEqual([
      ['from', 'date'],
      ['to', 'date'],
    ]);
    expect(problemsOf({ kind: PeriodKind.Custom, from: '2026-05-02', to: '2026-05-01' })).toEqual([
      ['to', 'order'],
    ]);
    expect(problemsOf({ kind: PeriodKind.Custom, from: '1970-01-01', to: '2026-05-01' })).toEqual([
      ['from', 'range'],
    ]);
    expect(problemsOf({ kind: PeriodKind.Custom, from: '2020-01-01', to: '2026-01-01' })).toEqual([
      ['to', 'tooLong'],
    ]);
  });
});

describe('previousPeriod', () => {
  it('the month before, with its own length; across the year', () => {
    expect(previousPeriod(resolved({ kind: PeriodKind.Month, year: 2026, month: 3 }))).toMatchObject({
      from: '2026-02-01',
      to: '2026-02-28',
      days: 28,
    });
    expect(previousPeriod(resolved({ kind: PeriodKind.Month, year: 2026, month: 1 }))).toMatchObject({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  it('the quarter and the year before', () => {
    expect(previousPeriod(resolved({ kind: PeriodKind.Quarter, year: 2026, quarter: 1 }))).toMatchObject({
      from: '2025-10-01',
      to: '2025-12-31',
      days: 92,
    });
    expect(previousPeriod(resolved({ kind: PeriodKind.Quarter, year: 2026, quarter: 3 }))).toMatchObject({
      from: '2026-04-01',
      to: '2026-06-30',
    });
    expect(previousPeriod(resolved({ kind: PeriodKind.Year, year: 2029 }))).toMatchObject({
      from: '2028-01-01',
      to: '2028-12-31',
      days: 366,
    });
  });

  it('a custom range: as many days directly before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: MAX_PERIOD_DAYS }),
        (start, len) => {
          const from = new Date(Date.UTC(2000, 0, 1 + start)).toISOString().slice(0, 10);
          const to = new Date(Date.UTC(2000, 0, start + len)).toISOString().slice(0, 10);
          const result = resolvePeriod({ kind: PeriodKind.Custom, from, to });
          if (!('period' in result)) return; // beyond 2100: refused, checked above
          const before = previousPeriod(result.period);
          expect(before.days).toBe(len);
          expect(daysBetween(before.to, from)).toBe(2); // adjacent: the day before `from` is the last day
          expect(daysBetween(before.from, before.to)).toBe(len);
        },
      ),
    );
  });
});

describe('dates, instants and buckets', () => {
  it('lists every local date; the instants follow the zone across the DST change', () => {
    const march = { from: '2026-03-28', to: '2026-03-30' };
    expect(datesOf(march)).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    const { start, end } = instantsOf(march, 'Europe/Berlin');
    expect(new Date(start).toISOString()).toBe('2026-03-27T23:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-03-30T22:00:00.000Z');
    // 3 days, one of them 23 hours long.
    expect((end - start) / 3_600_000).toBe(71);
  });

  it('buckets by day, ISO week (Monday) and month; picks a readable granularity', () => {
    expect(bucketOf('2026-12-03', 'day')).toBe('2026-12-03');
    expect(bucketOf('2026-12-03', 'week')).toBe('2026-11-30'); // a Thursday
    expect(bucketOf('2026-11-30', 'week')).toBe('2026-11-30'); // Monday itself
    expect(bucketOf('2026-12-06', 'week')).toBe('2026-11-30'); // Sunday
    expect(bucketOf('2026-12-31', 'month')).toBe('2026-12-01');
    expect(granularityFor({ days: 31 })).toBe('day');
    expect(granularityFor({ days: 92 })).toBe('week');
    expect(granularityFor({ days: 365 })).toBe('month');
  });
});
