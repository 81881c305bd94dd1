import { MetricId, PeriodKind } from '@werkbank/contracts';
import { cellReport } from './cell-report';
import type { StoredCell } from './figures';
import { type Period, previousPeriod } from './periods';

const march: Period = { kind: PeriodKind.Month, from: '2026-03-01', to: '2026-03-31', days: 31 };
const february = previousPeriod(march);
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

describe('cellReport', () => {
  const current = [
    cell('2026-03-02', 'a', 'visits', 40),
    cell('2026-03-02', 'a', 'visits', 40, 'age_band', 'not_stated'),
    cell('2026-03-03', 'b', 'visits', 30),
    cell('2026-03-03', 'b', 'visits', 30, 'age_band', 'not_stated'),
    cell('2026-03-02', 'a', 'sessions', 20),
    cell('2026-03-03', 'b', 'sessions', 2), // a small count: hidden, and the hours at b with it
    cell('2026-03-02', 'a', 'machineHours', 31.5),
    cell('2026-03-03', 'b', 'machineHours', 3.25),
  ];
  const previous = [cell('2026-02-10', 'a', 'visits', 50), cell('2026-02-10', 'a', 'sessions', 25)];
  const report = cellReport(
    [MetricId.M1, MetricId.M10, MetricId.M11, MetricId.M2],
    march,
    february,
    ['a', 'b'],
    {
      current,
      previous,
    },
    5,
  );

  it('answers the cell metrics with their definitions; distinct counts (M2) are not from cells', () => {
    expect(report.map((m) => m.id)).toEqual([MetricId.M1, MetricId.M10, MetricId.M11]);
    expect(report[0].name.de).toBe('Besuche');
    const visits = report[0].measures[0];
    expect(visits).toMatchObject({ measure: 'visits', total: { value: 70 }, previousTotal: { value: 50 } });
    expect(visits.difference.value).toBe(20);
    expect(visits.bySite.map((s) => s.value.value)).toEqual([40, 30]);
  });

  it('a small session count is hidden, and the machine hours it rests on are hidden at the same places', () => {
    const sessions = report
      .find((m) => m.id === MetricId.M11)!
      .measures.find((m) => m.measure === 'sessions')!;
    const hours = report
      .find((m) => m.id === MetricId.M10)!
      .measures.find((m) => m.measure === 'machineHours')!;
    expect(sessions.bySite[1].value).toMatchObject({ value: null, reason: 'primary' });
    sessions.bySite.forEach((s, i) => expect(hours.bySite[i].value.suppressed).toBe(s.value.suppressed));
    sessions.series.forEach((s, i) => expect(hours.series[i].value.suppressed).toBe(s.value.suppressed));
    expect(hours.total.suppressed).toBe(sessions.total.suppressed);
    expect(JSON.stringify(hours)).not.toContain('3.25');
  });

  it('no data for a site: zeros for every measure, not an error', () => {
    const empty = cellReport([MetricId.M1], march, february, ['c'], { current: [], previous: [] }, 5);
    expect(empty[0].measures[0]).toMatchObject({
      total: { value: 0 },
      bySite: [{ siteId: 'c', value: { value: 0 } }],
    });
    expect(empty[0].measures[0].series).toHaveLength(31);
  });
});
