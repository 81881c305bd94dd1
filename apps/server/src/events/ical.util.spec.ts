import { escapeText, foldLine, renderCalendar, utcDateTime } from './ical.util';

describe('iCalendar writing', () => {
  it('escapes TEXT values', () => {
    expect(escapeText('a\\b; c, d\ne\r\nf')).toBe('a\\\\b\\; c\\, d\\ne\\nf');
    expect(escapeText('bell\u0007')).toBe('bell');
  });

  it('folds at 75 octets, continuation lines start with a space, no UTF-8 character split', () => {
    const line = `SUMMARY:${'Ä'.repeat(100)}`;
    const folded = foldLine(line);
    const pieces = folded.split('\r\n');
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of pieces.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(pieces.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('keeps an emoji (4 octets) whole at the fold', () => {
    const line = `SUMMARY:${'x'.repeat(65)}🛠🛠🛠`;
    const pieces = foldLine(line).split('\r\n');
    expect(pieces[0]).toBe(`SUMMARY:${'x'.repeat(65)}`);
    expect(pieces[1]).toBe(' 🛠🛠🛠');
  });

  it('leaves a short line alone', () => {
    expect(foldLine('VERSION:2.0')).toBe('VERSION:2.0');
  });

  it('writes UTC date-times without separators', () => {
    expect(utcDateTime(new Date('2026-03-17T17:00:00.123Z'))).toBe('20260317T170000Z');
  });

  it('renders CRLF lines, all-day DTEND exclusive, cancelled entries with STATUS:CANCELLED', () => {
    const text = renderCalendar({
      name: 'Lab',
      entries: [
        {
          uid: 'a@werkbank',
          stamp: new Date('2026-01-01T00:00:00Z'),
          summary: 'Van',
          sequence: 2,
          cancelled: true,
          startsOn: '2026-05-30',
          endsOn: '2026-05-31',
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(text).toContain('DTSTART;VALUE=DATE:20260530\r\nDTEND;VALUE=DATE:20260601\r\n');
    expect(text).toContain('SEQUENCE:2\r\nSTATUS:CANCELLED\r\n');
  });
});
