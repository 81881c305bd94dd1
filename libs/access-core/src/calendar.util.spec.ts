import fc from 'fast-check';
import {
  ageInYears,
  DAY_MS,
  epochDayOf,
  msOfWeek,
  parseClockTime,
  parseIsoDate,
  weekdayIndexOfEpochDay,
  ymdOfEpochDay,
} from './calendar.util';

describe('calendar arithmetic', () => {
  it('converts epoch days to civil dates like Date does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        const date = new Date(day * DAY_MS);
        const expected = date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
        expect(ymdOfEpochDay(day)).toBe(expected);
      }),
    );
  });

  it('numbers weekdays Monday = 0 … Sunday = 6, also before 1970', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (day) => {
        expect(weekdayIndexOfEpochDay(day)).toBe((new Date(day * DAY_MS).getUTCDay() + 6) % 7);
      }),
    );
  });

  it('measures the time since Monday 00:00', () => {
    expect(msOfWeek(Date.UTC(2026, 5, 8, 0, 0))).toBe(0); // a Monday
    expect(msOfWeek(Date.UTC(2026, 5, 14, 23, 59, 59, 999))).toBe(7 * DAY_MS - 1); // the Sunday after
    expect(epochDayOf(-1)).toBe(-1);
  });

  it.each([
    ['the day before the 16th birthday', 20100610, 20260609, 15],
    ['the 16th birthday', 20100610, 20260610, 16],
    ['born 29 February: still 16 on 28 February of a common year', 20080229, 20250228, 16],
    ['born 29 February: 17 on 1 March of a common year', 20080229, 20250301, 17],
    ['born 29 February: 16 on 29 February of a leap year', 20080229, 20240229, 16],
    ['a newborn', 20260610, 20260610, 0],
  ])('age: %s', (_name, birth, today, expected) => {
    expect(ageInYears(birth, today)).toBe(expected);
  });

  it.each(['2026-6-10', '2026-13-01', '2026-02-29', '2026-04-31', '2026-00-10', '20260610', ''])(
    'rejects the date %p',
    (text) => {
      expect(() => parseIsoDate(text)).toThrow(RangeError);
    },
  );

  it('accepts real dates, leap days included', () => {
    expect([parseIsoDate('2024-02-29'), parseIsoDate('2000-02-29'), parseIsoDate('1999-12-31')]).toEqual([
      20240229, 20000229, 19991231,
    ]);
    expect(() => parseIsoDate('1900-02-29')).toThrow(RangeError);
  });

  it('parses clock times, 24:00 only where allowed', () => {
    expect([
      parseClockTime('00:00', false),
      parseClockTime('23:59', false),
      parseClockTime('24:00', true),
    ]).toEqual([0, 1439, 1440]);
    expect(() => parseClockTime('24:00', false)).toThrow(RangeError);
  });
});
