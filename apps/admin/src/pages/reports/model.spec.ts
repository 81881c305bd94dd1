import { MeasureKind, type ReportCount } from '@werkbank/contracts';
import { describe, expect, it } from '@jest/globals';
// The server's rendering of a hidden figure (the admin build has no alias for @werkbank/reports).
import { displayCount } from '../../../../../libs/reports/src/suppression';
import { reportParams } from '../../api/reports';
import { makeFormatters } from '../../lib/format';
import { hiddenMark, listOf, queryFromUrl, showCount } from './model';

const persons = { kind: MeasureKind.Persons, key: 'visits' };
const cells: ReportCount[] = [
  { value: 12, suppressed: false, reason: null },
  { value: 0, suppressed: false, reason: null },
  { value: null, suppressed: true, reason: 'primary' },
  { value: null, suppressed: true, reason: 'secondary' },
];

describe('report builder model', () => {
  it('shows counts exactly as displayCount does, for any threshold', () => {
    const f = makeFormatters('de');
    for (const k of [3, 5, 10])
      for (const c of cells) expect(showCount(persons, c, k, f)).toBe(displayCount(c, k));
  });

  it('never prints a value the server marked hidden, even if one slipped into the answer', () => {
    const f = makeFormatters('de');
    const leaky: ReportCount = { value: 2, suppressed: true, reason: 'primary' };
    expect(showCount(persons, leaky, 5, f)).toBe('<5');
    expect(hiddenMark({ value: 9, suppressed: true, reason: 'secondary' }, 5)).toBe('•');
  });

  it('formats hours, shares and cents in the UI language', () => {
    const de = makeFormatters('de');
    const c = (value: number): ReportCount => ({ value, suppressed: false, reason: null });
    expect(showCount({ kind: MeasureKind.Hours, key: 'machineHours' }, c(12.25), 5, de)).toBe('12,3');
    expect(showCount({ kind: MeasureKind.Share, key: 'ruralShare' }, c(0.4), 5, de)).toMatch(/^40\s?%$/);
    expect(showCount({ kind: MeasureKind.Amount, key: 'recoveredCents' }, c(1250), 5, de)).toBe('12,50');
    expect(showCount(persons, c(1234), 5, makeFormatters('en'))).toBe('1,234');
  });

  it('reads a complete report from the URL and nothing else', () => {
    const q = (s: string) => queryFromUrl(new URLSearchParams(s));
    expect(q('period=quarter&year=2026&quarter=3&siteIds=a,b&metrics=M1,M6')).toEqual(
      expect.objectContaining({
        period: 'quarter',
        year: '2026',
        quarter: '3',
        siteIds: 'a,b',
        metrics: 'M1,M6',
      }),
    );
    expect(q('period=custom&from=2026-01-01&to=2026-01-31')).toEqual(
      expect.objectContaining({ period: 'custom', from: '2026-01-01', to: '2026-01-31' }),
    );
    for (const bad of [
      '',
      'period=week&year=2026',
      'period=quarter&year=2026&quarter=5',
      'period=month&year=2026&month=0',
      'period=year&year=26x',
      'period=custom&from=2026-01-01',
      'period=custom&from=1.1.2026&to=2026-01-31',
    ])
      expect(q(bad)).toBeNull();
    expect(listOf('a,,b')).toEqual(['a', 'b']);
    expect(listOf('')).toBeNull();
  });

  it('sends only the fields of the period kind (a month report carries no quarter)', () => {
    expect(
      reportParams({ period: 'month', year: '2026', month: '4', quarter: '2', from: '2026-01-01', to: 'x' }),
    ).toEqual({ period: 'month', year: '2026', month: '4', siteIds: undefined, metrics: undefined });
    expect(reportParams({ period: 'custom', year: '2026', from: '2026-01-01', to: '2026-01-31' })).toEqual({
      period: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
      siteIds: undefined,
      metrics: undefined,
    });
  });
});
