import fc from 'fast-check';
import { WEEK_MINUTES } from './calendar.util';
import { CLOSED, compileOpeningHours, OpeningWindow } from './opening-hours.util';

const minuteOf = (weekday: number, time: string) =>
  (weekday - 1) * 1440 + Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Reference: is minute-of-week `m` inside a window, checked window by window without any table. */
function openByWindows(windows: readonly OpeningWindow[], m: number): boolean {
  return windows.some((w) => {
    const opens = minuteOf(1, w.opens);
    const closes = minuteOf(1, w.closes);
    const length = closes > opens ? closes - opens : closes + 1440 - opens;
    const sinceOpening = (m - minuteOf(w.weekday, w.opens) + WEEK_MINUTES) % WEEK_MINUTES;
    return sinceOpening < length;
  });
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const windowArb = fc.record({
  weekday: fc.integer({ min: 1, max: 7 }),
  opens: fc.integer({ min: 0, max: 1439 }).map(hhmm),
  closes: fc.integer({ min: 0, max: 1440 }).map(hhmm),
});

describe('compileOpeningHours', () => {
  it('treats no windows as no restriction', () => {
    expect(compileOpeningHours([]).alwaysOpen).toBe(true);
  });

  it.each<[string, OpeningWindow[], number, number]>([
    [
      'inside a day window',
      [{ weekday: 3, opens: '09:00', closes: '21:00' }],
      minuteOf(3, '10:00'),
      minuteOf(3, '21:00'),
    ],
    [
      'at opening',
      [{ weekday: 3, opens: '09:00', closes: '21:00' }],
      minuteOf(3, '09:00'),
      minuteOf(3, '21:00'),
    ],
    [
      'last minute',
      [{ weekday: 3, opens: '09:00', closes: '21:00' }],
      minuteOf(3, '20:59'),
      minuteOf(3, '21:00'),
    ],
    ['closing minute', [{ weekday: 3, opens: '09:00', closes: '21:00' }], minuteOf(3, '21:00'), CLOSED],
    ['other day', [{ weekday: 3, opens: '09:00', closes: '21:00' }], minuteOf(4, '10:00'), CLOSED],
    [
      'after midnight of an overnight window',
      [{ weekday: 5, opens: '22:00', closes: '02:00' }],
      minuteOf(6, '01:00'),
      minuteOf(6, '02:00'),
    ],
    [
      'opens equal closes is a whole day',
      [{ weekday: 2, opens: '08:00', closes: '08:00' }],
      minuteOf(3, '07:59'),
      minuteOf(3, '08:00'),
    ],
    [
      '24:00 closes at midnight',
      [{ weekday: 2, opens: '20:00', closes: '24:00' }],
      minuteOf(2, '23:59'),
      minuteOf(3, '00:00'),
    ],
    [
      'Sunday night wraps past the end of the week',
      [{ weekday: 7, opens: '23:00', closes: '01:00' }],
      minuteOf(7, '23:30'),
      WEEK_MINUTES + 60,
    ],
    [
      'the wrapped part on Monday',
      [{ weekday: 7, opens: '23:00', closes: '01:00' }],
      minuteOf(1, '00:30'),
      60,
    ],
    [
      'overlapping windows merge',
      [
        { weekday: 1, opens: '09:00', closes: '13:00' },
        { weekday: 1, opens: '12:00', closes: '18:00' },
      ],
      minuteOf(1, '10:00'),
      minuteOf(1, '18:00'),
    ],
  ])('%s', (_name, windows, minute, expected) => {
    expect(compileOpeningHours(windows).closeAt[minute]).toBe(expected);
  });

  it('treats windows that cover the whole week as no restriction', () => {
    const schedule = compileOpeningHours([
      { weekday: 1, opens: '00:00', closes: '00:00' },
      { weekday: 2, opens: '00:00', closes: '00:00' },
      { weekday: 3, opens: '00:00', closes: '00:00' },
      { weekday: 4, opens: '00:00', closes: '00:00' },
      { weekday: 5, opens: '00:00', closes: '00:00' },
      { weekday: 6, opens: '00:00', closes: '00:00' },
      { weekday: 7, opens: '00:00', closes: '24:00' },
    ]);
    expect(schedule.alwaysOpen).toBe(true);
  });

  it.each<[string, OpeningWindow]>([
    ['weekday 0', { weekday: 0, opens: '09:00', closes: '10:00' }],
    ['weekday 8', { weekday: 8, opens: '09:00', closes: '10:00' }],
    ['a fractional weekday', { weekday: 1.5, opens: '09:00', closes: '10:00' }],
    ['opens 24:00', { weekday: 1, opens: '24:00', closes: '10:00' }],
    ['closes 24:30', { weekday: 1, opens: '09:00', closes: '24:30' }],
    ['minutes 60', { weekday: 1, opens: '09:60', closes: '10:00' }],
    ['no leading zero', { weekday: 1, opens: '9:00', closes: '10:00' }],
  ])('rejects %s', (_name, window) => {
    expect(() => compileOpeningHours([window])).toThrow(RangeError);
  });

  it('matches the windows minute by minute, and each open stretch runs exactly to its close', () => {
    fc.assert(
      fc.property(
        fc.array(windowArb, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: WEEK_MINUTES - 1 }),
        (windows, m) => {
          const schedule = compileOpeningHours(windows);
          const open = openByWindows(windows, m);
          if (schedule.alwaysOpen) {
            for (let i = 0; i < WEEK_MINUTES; i += 97) expect(openByWindows(windows, i)).toBe(true);
            return;
          }
          const close = schedule.closeAt[m];
          expect(close !== CLOSED).toBe(open);
          if (close === CLOSED) return;
          expect(close).toBeGreaterThan(m);
          let firstClosed = -1;
          for (let i = m; i < close && firstClosed === -1; i++)
            if (!openByWindows(windows, i % WEEK_MINUTES)) firstClosed = i;
          expect(firstClosed).toBe(-1);
          expect(openByWindows(windows, close % WEEK_MINUTES)).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
