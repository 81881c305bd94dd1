import fc from 'fast-check';
import {
  createSiteClock,
  endOfLocalDay,
  intlUtcOffset,
  localDateOf,
  localToUtc,
  startOfLocalDay,
  utcOffsetAt,
} from './site-clock.util';

const HOUR = 3_600_000;
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'America/St_Johns', // −03:30 / −02:30
  'Asia/Kathmandu', // +05:45
  'Australia/Lord_Howe', // switches by 30 minutes, at 02:00 local = mid-hour in UTC
  'Pacific/Chatham', // +12:45 / +13:45
  'America/Santiago', // switches at midnight local
  'Pacific/Apia', // skipped a whole day in 2011
];

/** Reference: the offset straight from Intl, to the second, with a fresh formatter. */
function referenceOffset(timeZone: string, t: number): number {
  return intlUtcOffset(createSiteClock(timeZone).format, t);
}

describe('utcOffsetAt', () => {
  it.each([
    ['Europe/Berlin winter', 'Europe/Berlin', Date.UTC(2026, 0, 15, 12), 1 * HOUR],
    ['Europe/Berlin summer', 'Europe/Berlin', Date.UTC(2026, 6, 15, 12), 2 * HOUR],
    ['Berlin just before spring forward', 'Europe/Berlin', Date.UTC(2026, 2, 29, 1) - 1, 1 * HOUR],
    ['Berlin at spring forward', 'Europe/Berlin', Date.UTC(2026, 2, 29, 1), 2 * HOUR],
    ['Berlin just before fall back', 'Europe/Berlin', Date.UTC(2026, 9, 25, 1) - 1, 2 * HOUR],
    ['Berlin at fall back', 'Europe/Berlin', Date.UTC(2026, 9, 25, 1), 1 * HOUR],
    ['Kathmandu', 'Asia/Kathmandu', Date.UTC(2026, 5, 1), 5.75 * HOUR],
    ['New York summer', 'America/New_York', Date.UTC(2026, 5, 1), -4 * HOUR],
    // Lord Howe goes from +10:30 to +11:00 at 02:00 local standard time = 15:30 UTC, inside an hour bucket.
    [
      'Lord Howe before its mid-bucket switch',
      'Australia/Lord_Howe',
      Date.UTC(2026, 9, 3, 15, 29, 59),
      10.5 * HOUR,
    ],
    ['Lord Howe after its mid-bucket switch', 'Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 30), 11 * HOUR],
  ])('%s', (_name, zone, t, expected) => {
    expect(utcOffsetAt(createSiteClock(zone), t)).toBe(expected);
  });

  it('agrees with Intl for any instant and any order of queries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.array(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.integer({ min: 0, max: 200 }),
        (zone, instants, stepMinutes) => {
          const clock = createSiteClock(zone);
          for (const start of instants) {
            // A short walk from each start exercises the consecutive-bucket path as well as cold fills.
            for (let i = 0; i < 3; i++) {
              const t = start + i * stepMinutes * 60_000;
              expect(utcOffsetAt(clock, t)).toBe(referenceOffset(zone, t));
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with Intl minute by minute through both Berlin switch days and the Lord Howe switch', () => {
    const clock = createSiteClock('Europe/Berlin');
    const lordHowe = createSiteClock('Australia/Lord_Howe');
    const days = [Date.UTC(2026, 2, 28, 12), Date.UTC(2026, 9, 24, 12)];
    for (const from of days) {
      for (let t = from; t < from + 24 * HOUR; t += 60_000) {
        expect(utcOffsetAt(clock, t)).toBe(referenceOffset('Europe/Berlin', t));
      }
    }
    for (let t = Date.UTC(2026, 9, 3, 12); t < Date.UTC(2026, 9, 3, 20); t += 60_000) {
      expect(utcOffsetAt(lordHowe, t)).toBe(referenceOffset('Australia/Lord_Howe', t));
    }
  });

  it('asks Intl at most once per hour when time moves forward', () => {
    const clock = createSiteClock('Europe/Berlin');
    const spy = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const start = Date.UTC(2026, 5, 10, 0, 0);
      for (let t = start; t < start + 24 * HOUR; t += 1000) utcOffsetAt(clock, t);
      // One call per hour, plus one for the start of the very first bucket.
      expect(spy.mock.calls.length).toBeLessThanOrEqual(25);
      spy.mockClear();
      for (let i = 0; i < 10_000; i++) utcOffsetAt(clock, start + 24 * HOUR + (i % 3_600_000));
      expect(spy.mock.calls.length).toBeLessThanOrEqual(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects an unknown time zone when the clock is made', () => {
    expect(() => createSiteClock('Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('localToUtc', () => {
  const berlin = () => createSiteClock('Europe/Berlin');
  const local = (...fields: [number, number, number, number, number]) => Date.UTC(...fields);

  it.each([
    ['an ordinary summer time', local(2026, 5, 10, 21, 0), 2 * HOUR, Date.UTC(2026, 5, 10, 19, 0)],
    [
      'a time skipped by spring forward maps to the switch',
      local(2026, 2, 29, 2, 30),
      1 * HOUR,
      Date.UTC(2026, 2, 29, 1),
    ],
    [
      'a repeated time in the summer-time hint: first occurrence',
      local(2026, 9, 25, 2, 30),
      2 * HOUR,
      Date.UTC(2026, 9, 25, 0, 30),
    ],
    [
      'a repeated time in the winter-time hint: second occurrence',
      local(2026, 9, 25, 2, 30),
      1 * HOUR,
      Date.UTC(2026, 9, 25, 1, 30),
    ],
    [
      'a winter time with a stale summer hint',
      local(2026, 11, 1, 12, 0),
      2 * HOUR,
      Date.UTC(2026, 11, 1, 11, 0),
    ],
  ])('%s', (_name, localMs, hint, expected) => {
    expect(localToUtc(berlin(), localMs, hint)).toBe(expected);
  });

  it('round-trips with utcOffsetAt for any instant', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, t) => {
          const clock = createSiteClock(zone);
          const offset = utcOffsetAt(clock, t);
          const floored = t - (t % 1000);
          expect(localToUtc(clock, floored + offset, offset)).toBe(floored);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('startOfLocalDay / endOfLocalDay', () => {
  it.each([
    [
      'an ordinary Berlin day',
      '2026-06-10',
      'Europe/Berlin',
      Date.UTC(2026, 5, 9, 22),
      Date.UTC(2026, 5, 10, 22) - 1,
    ],
    [
      'the 23-hour Berlin day',
      '2026-03-29',
      'Europe/Berlin',
      Date.UTC(2026, 2, 28, 23),
      Date.UTC(2026, 2, 29, 22) - 1,
    ],
    [
      'the 25-hour Berlin day',
      '2026-10-25',
      'Europe/Berlin',
      Date.UTC(2026, 9, 24, 22),
      Date.UTC(2026, 9, 25, 23) - 1,
    ],
    ['a UTC day', '2026-02-28', 'UTC', Date.UTC(2026, 1, 28), Date.UTC(2026, 2, 1) - 1],
    // Santiago springs forward at midnight: 2026-09-06 begins at 01:00 local.
    [
      'a day starting in a midnight gap',
      '2026-09-06',
      'America/Santiago',
      Date.UTC(2026, 8, 6, 4),
      Date.UTC(2026, 8, 7, 3) - 1,
    ],
  ])('%s', (_name, date, zone, start, end) => {
    expect([startOfLocalDay(date, zone), endOfLocalDay(date, zone)]).toEqual([start, end]);
  });

  it('rejects a malformed date', () => {
    expect(() => startOfLocalDay('2026-02-30', 'UTC')).toThrow(RangeError);
    expect(() => startOfLocalDay('2026-02-30', 'UTC')).toThrow(RangeError); // a failure is not memoised
  });

  it('keeps one memo entry per zone and date (the same date starts at different instants)', () => {
    const berlin = startOfLocalDay('2026-07-01', 'Europe/Berlin');
    const tokyo = startOfLocalDay('2026-07-01', 'Asia/Tokyo');
    expect([berlin, tokyo]).toEqual([Date.UTC(2026, 5, 30, 22), Date.UTC(2026, 5, 30, 15)]);
    expect(startOfLocalDay('2026-07-01', 'Europe/Berlin')).toBe(berlin);
    expect(startOfLocalDay('2026-07-02', 'Europe/Berlin')).toBe(berlin + 86_400_000);
  });
});

describe('localDateOf', () => {
  it('is the date in the zone, not in UTC, around midnight and across DST', () => {
    // 23:30 UTC on 31 March is 01:30 on 1 April in Berlin (summer time).
    expect(localDateOf(Date.parse('2026-03-31T23:30:00Z'), 'Europe/Berlin')).toBe('2026-04-01');
    expect(localDateOf(Date.parse('2026-03-31T21:30:00Z'), 'Europe/Berlin')).toBe('2026-03-31');
    // Winter: 23:00 UTC is midnight in Berlin.
    expect(localDateOf(Date.parse('2026-12-02T22:59:59Z'), 'Europe/Berlin')).toBe('2026-12-02');
    expect(localDateOf(Date.parse('2026-12-02T23:00:00Z'), 'Europe/Berlin')).toBe('2026-12-03');
    expect(localDateOf(Date.parse('2026-12-03T03:00:00Z'), 'America/New_York')).toBe('2026-12-02');
    expect(localDateOf(Date.parse('2026-12-02T23:59:59Z'), 'UTC')).toBe('2026-12-02');
  });

  it('equals the uncached Intl answer at any instant, also in the hour of a switch and in odd zones', () => {
    const zones = [
      'Europe/Berlin',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Apia',
    ];
    // An oracle that shares nothing with the code under test: Intl's own calendar date (en-CA is YYYY-MM-DD).
    const formats = zones.map((timeZone) => new Intl.DateTimeFormat('en-CA', { timeZone }));
    const direct = (t: number, z: number) => formats[z].format(t);
    // Around the 2026 switches (Berlin 29 Mar / 25 Oct at 01:00 UTC, Lord Howe's half hour on 5 Apr) and anywhere.
    const near = [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1), Date.UTC(2026, 3, 4, 15)];
    const instant = fc.oneof(
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
      fc
        .tuple(fc.constantFrom(...near), fc.integer({ min: -2 * HOUR, max: 2 * HOUR }))
        .map(([a, d]) => a + d),
    );
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: zones.length - 1 }), (t, z) => {
        expect(localDateOf(t, zones[z])).toBe(direct(t, z));
      }),
      { numRuns: 5000 },
    );
  });
});
