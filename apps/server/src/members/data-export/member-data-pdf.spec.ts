import { columnFractions } from '../../common/pdf-writer';
import { displayCell, formatDateTime } from './member-data-pdf';

describe('member data PDF helpers', () => {
  it('shows times in the lab zone, flags as words, nothing as a dash', () => {
    expect(displayCell('2026-03-29T00:30:00.000Z', 'de', 'Europe/Berlin')).toBe('2026-03-29 01:30');
    // After the DST change the offset is two hours.
    expect(displayCell('2026-03-29T02:30:00.000Z', 'de', 'Europe/Berlin')).toBe('2026-03-29 04:30');
    expect(displayCell('2026-03-29', 'de', 'Europe/Berlin')).toBe('2026-03-29');
    expect(displayCell(true, 'de', 'UTC')).toBe('ja');
    expect(displayCell(false, 'en', 'UTC')).toBe('no');
    expect(displayCell(null, 'en', 'UTC')).toBe('–');
    expect(displayCell('', 'en', 'UTC')).toBe('–');
    expect(displayCell(1.5, 'de', 'UTC')).toBe('1,5');
    expect(displayCell(1.5, 'en', 'UTC')).toBe('1.5');
  });

  it('formats midnight as 00, not 24', () => {
    expect(formatDateTime(new Date('2026-01-01T23:00:00Z'), 'Europe/Berlin')).toBe('2026-01-02 00:00');
  });

  it('shares the width by content, every column keeping room for its heading', () => {
    const fractions = columnFractions(
      ['At', 'Description'],
      [
        ['x', 'a long description of what happened at the machine'],
        ['y', 'short'],
      ],
    );
    expect(fractions.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(fractions[1]).toBeGreaterThan(fractions[0] * 5);
    expect(fractions[0]).toBeGreaterThan(0);
    expect(columnFractions(['A', 'B'], [])).toEqual([0.5, 0.5]);
  });
});
