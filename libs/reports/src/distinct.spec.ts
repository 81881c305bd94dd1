import { distinctFigures, type PersonDay, recordCells } from './distinct';
import { newcomerDays, returningDays } from './record-inputs';

const day = (d: string, siteId: string, person: string, age = '18_29'): PersonDay => ({
  day: d,
  siteId,
  person,
  categories: { age_band: age },
});
const dates = ['2026-03-01', '2026-03-02', '2026-03-03'];

describe('distinctFigures', () => {
  const rows = [
    day('2026-03-01', 'a', 'p1'),
    day('2026-03-02', 'a', 'p1'), // same person, another day: still one
    day('2026-03-02', 'b', 'p1'), // and at another site: one in the total, one per site
    day('2026-03-02', 'a', 'p2', '65_plus'),
    day('2026-02-28', 'a', 'p3'), // outside the period
  ];
  const f = distinctFigures('users', rows, dates, 'day');

  it('counts each person once in the total and once per site and bucket', () => {
    expect(f.total).toBe(2);
    expect(f.bySite).toEqual({ a: 2, b: 1 });
    expect(f.series).toEqual([
      { bucket: '2026-03-01', value: 1 },
      { bucket: '2026-03-02', value: 2 },
      { bucket: '2026-03-03', value: 0 },
    ]);
  });

  it('puts each person in one category per breakdown, so categories add up to the total', () => {
    expect(f.byBreakdown).toEqual({ age_band: { '18_29': 1, '65_plus': 1 } });
  });

  it('counts a person once in each machine type they used (types need not add up to the total)', () => {
    const used = (d: string, person: string, type: string): PersonDay => ({
      day: d,
      siteId: 'a',
      person,
      categories: { machine_type: type, age_band: '18_29' },
    });
    const m = distinctFigures(
      'sessionUsers',
      [
        used('2026-03-01', 'p1', 'laser'),
        used('2026-03-02', 'p1', 'laser'),
        used('2026-03-02', 'p1', 'printer'),
        used('2026-03-03', 'p2', 'printer'),
      ],
      dates,
      'day',
    );
    expect(m.total).toBe(2);
    expect(m.byBreakdown).toEqual({ machine_type: { laser: 1, printer: 2 }, age_band: { '18_29': 2 } });
  });

  it('returns zeros for an empty period, every bucket present', () => {
    const empty = distinctFigures('users', [], dates, 'day');
    expect(empty.total).toBe(0);
    expect(empty.series.map((s) => s.value)).toEqual([0, 0, 0]);
  });
});

describe('returning and new users', () => {
  const rows = [day('2026-03-01', 'a', 'p1'), day('2026-03-02', 'b', 'p1'), day('2026-03-02', 'a', 'p2')];

  it('returning: came on two different days (at any site)', () => {
    expect(new Set(returningDays(rows).map((r) => r.person))).toEqual(new Set(['p1']));
    // Twice on one day is not returning.
    expect(returningDays([day('2026-03-01', 'a', 'p9'), day('2026-03-01', 'b', 'p9')])).toEqual([]);
  });

  it('new: first visit ever on or after the period start', () => {
    const firsts = new Map([
      ['p1', '2025-12-01'],
      ['p2', '2026-03-02'],
    ]);
    expect(newcomerDays(rows, firsts, '2026-03-01').map((r) => r.person)).toEqual(['p2']);
  });
});

describe('recordCells', () => {
  it('writes the total and one cell per breakdown, with no person key', () => {
    expect(recordCells('2026-03-01', 'a', 'incidents', 1, { incident_severity: 'high' })).toEqual([
      { day: '2026-03-01', siteId: 'a', measure: 'incidents', breakdown: '', category: '', value: 1 },
      {
        day: '2026-03-01',
        siteId: 'a',
        measure: 'incidents',
        breakdown: 'incident_severity',
        category: 'high',
        value: 1,
      },
    ]);
  });
});
