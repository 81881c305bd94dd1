import { MetricId } from '@werkbank/contracts';
import type { MeasureFigures } from './figures';
import { type MeasureInput, metricReports, NOT_RECORDED } from './metric-report';

const figures = (measure: string, bySite: Record<string, number>, total?: number): MeasureFigures => ({
  measure,
  total: total ?? Object.values(bySite).reduce((a, b) => a + b, 0),
  bySite,
  byBreakdown: {},
  series: [{ bucket: '2026-03', value: total ?? Object.values(bySite).reduce((a, b) => a + b, 0) }],
});
const input = (now: MeasureFigures, before?: MeasureFigures, distinct = false): MeasureInput => ({
  current: now,
  previous: before ?? { ...now, total: 0, bySite: {}, series: now.series.map((s) => ({ ...s, value: 0 })) },
  distinct,
});
const sites = ['a', 'b'];
const find = (r: ReturnType<typeof metricReports>, id: MetricId, key: string) =>
  r.find((m) => m.id === id)!.measures.find((m) => m.key === key)!;

describe('metricReports', () => {
  it('hides a small person count and the hours that rest on it, site by site', () => {
    const inputs = new Map([
      ['sessions', input(figures('sessions', { a: 40, b: 2 }))],
      ['machineHours', input(figures('machineHours', { a: 31.5, b: 3.25 }))],
    ]);
    const r = metricReports([MetricId.M10, MetricId.M11], inputs, sites, 5);
    const sessions = find(r, MetricId.M11, 'sessions');
    const hours = find(r, MetricId.M10, 'machineHours');
    expect(sessions.bySite.map((s) => s.value.suppressed)).toEqual([true, true]);
    expect(hours.bySite.map((s) => s.value.value)).toEqual([null, null]);
    // a is hidden too (42 − 40 would give b); the totals stay shown.
    expect(sessions.total.value).toBe(42);
    expect(hours.total.value).toBe(34.75);
    expect(JSON.stringify(r)).not.toContain('3.25');
  });

  it('shows hours where their person count is shown', () => {
    const inputs = new Map([
      ['sessions', input(figures('sessions', { a: 40, b: 12 }))],
      ['machineHours', input(figures('machineHours', { a: 31.5, b: 3.25 }))],
    ]);
    const hours = find(metricReports([MetricId.M10], inputs, sites, 5), MetricId.M10, 'machineHours');
    expect(hours.bySite.map((s) => s.value.value)).toEqual([31.5, 3.25]);
    expect(hours.total.value).toBe(34.75);
  });

  it('shows counts of things however small (events are not persons)', () => {
    const inputs = new Map([['events', input(figures('events', { a: 1, b: 2 }))]]);
    const events = find(metricReports([MetricId.M6], inputs, sites, 5), MetricId.M6, 'events');
    expect(events.bySite.map((s) => s.value)).toEqual([
      { value: 1, suppressed: false, reason: null },
      { value: 2, suppressed: false, reason: null },
    ]);
  });

  it('hides the places reached wherever the users they rest on are hidden (M14: a lower bound on them)', () => {
    const inputs = new Map([
      ['users', input(figures('users', { a: 30, b: 3 }, 33), undefined, true)],
      ['municipalities', input(figures('municipalities', { a: 9, b: 3 }, 11), undefined, true)],
    ]);
    const places = find(metricReports([MetricId.M14], inputs, sites, 5), MetricId.M14, 'municipalities');
    expect(places.bySite.find((s) => s.siteId === 'b')!.value).toMatchObject({
      value: null,
      suppressed: true,
    });
    expect(JSON.stringify(places)).not.toContain('"value":3,');
  });

  it('a distinct count shows its true total, not the sum of its overlapping sites', () => {
    // 30 people at a, 20 at b, 10 of them at both: 40 distinct.
    const inputs = new Map([['users', input(figures('users', { a: 30, b: 20 }, 40), undefined, true)]]);
    const users = find(metricReports([MetricId.M2], inputs, sites, 5), MetricId.M2, 'users');
    expect(users.total.value).toBe(40);
    expect(users.difference.value).toBe(40);
    expect(users.bySite.map((s) => s.value.value)).toEqual([30, 20]);
  });

  it('a distinct total below the threshold is hidden as primary', () => {
    const inputs = new Map([['users', input(figures('users', { a: 3, b: 3 }, 4), undefined, true)]]);
    const users = find(metricReports([MetricId.M2], inputs, sites, 5), MetricId.M2, 'users');
    expect(users.total).toMatchObject({ value: null, suppressed: true });
    expect(users.bySite.every((s) => s.value.value === null)).toBe(true);
  });

  it('says why a metric has no figures, and leaves out a derived figure without its person count', () => {
    const inputs = new Map([['machineHours', input(figures('machineHours', { a: 5 }))]]);
    const r = metricReports([MetricId.M12, MetricId.M10], inputs, sites, 5);
    expect(r[0]).toMatchObject({ id: MetricId.M12, unavailable: NOT_RECORDED, measures: [] });
    expect(r[1]).toMatchObject({ id: MetricId.M10, unavailable: NOT_RECORDED, measures: [] });
    expect(r[0].definition.en.length).toBeGreaterThan(10);
  });
});
