import {
  expandRecurrence,
  MAX_OCCURRENCES,
  occurrenceOn,
  recurrenceProblem,
  RecurrenceRule,
} from './recurrence.util';

const BERLIN = 'Europe/Berlin';
const iso = (ms: number) => new Date(ms).toISOString();
const berlinClock = (ms: number) =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: BERLIN,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);

const weekly = (over: Partial<RecurrenceRule> = {}): RecurrenceRule => ({
  frequency: 'weekly',
  startDate: '2026-03-17',
  startTime: '18:00',
  endTime: '20:30',
  count: 4,
  ...over,
});

describe('expandRecurrence', () => {
  it('repeats weekly on the start weekday, count occurrences', () => {
    const out = expandRecurrence(weekly(), BERLIN);
    expect(out.map((o) => o.date)).toEqual(['2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07']);
  });

  it('keeps the Berlin wall clock across the spring switch (UTC moves by an hour)', () => {
    // 29 March 2026: clocks go from 02:00 to 03:00.
    const out = expandRecurrence(weekly(), BERLIN);
    expect(out.map((o) => iso(o.startsAt))).toEqual([
      '2026-03-17T17:00:00.000Z',
      '2026-03-24T17:00:00.000Z',
      '2026-03-31T16:00:00.000Z',
      '2026-04-07T16:00:00.000Z',
    ]);
    for (const o of out) {
      expect(berlinClock(o.startsAt)).toBe('Di., 18:00');
      expect(berlinClock(o.endsAt)).toBe('Di., 20:30');
      expect(o.endsAt - o.startsAt).toBe(150 * 60_000);
    }
  });

  it('keeps the wall clock across the autumn switch', () => {
    // 25 October 2026: clocks go from 03:00 back to 02:00.
    const out = expandRecurrence(weekly({ startDate: '2026-10-20', count: 2 }), BERLIN);
    expect(out.map((o) => iso(o.startsAt))).toEqual(['2026-10-20T16:00:00.000Z', '2026-10-27T17:00:00.000Z']);
  });

  it('an occurrence on the switch night itself: the duration is wall-clock minus the lost or gained hour', () => {
    // 01:00–04:00 local on the spring-forward night lasts two real hours, on the fall-back night four.
    const spring = occurrenceOn('2026-03-29', '01:00', '04:00', BERLIN);
    expect(iso(spring.startsAt)).toBe('2026-03-29T00:00:00.000Z');
    expect(spring.endsAt - spring.startsAt).toBe(2 * 3_600_000);
    const autumn = occurrenceOn('2026-10-25', '01:00', '04:00', BERLIN);
    expect(autumn.endsAt - autumn.startsAt).toBe(4 * 3_600_000);
  });

  it('a start inside the spring gap maps to the switch instant (the clock jumps past it)', () => {
    const gap = occurrenceOn('2026-03-29', '02:30', '05:00', BERLIN);
    expect(iso(gap.startsAt)).toBe('2026-03-29T01:00:00.000Z');
  });

  it('biweekly skips a week', () => {
    const out = expandRecurrence(weekly({ frequency: 'biweekly', count: 3 }), BERLIN);
    expect(out.map((o) => o.date)).toEqual(['2026-03-17', '2026-03-31', '2026-04-14']);
  });

  it('until is inclusive', () => {
    const out = expandRecurrence(weekly({ count: null, until: '2026-03-31' }), BERLIN);
    expect(out.map((o) => o.date)).toEqual(['2026-03-17', '2026-03-24', '2026-03-31']);
    const one = expandRecurrence(weekly({ count: null, until: '2026-03-17' }), BERLIN);
    expect(one).toHaveLength(1);
  });

  it('monthly by weekday: the third Tuesday of each month, over a year end', () => {
    const out = expandRecurrence(
      weekly({ frequency: 'monthly', startDate: '2026-11-17', count: 4 }), // third Tuesday
      BERLIN,
    );
    expect(out.map((o) => o.date)).toEqual(['2026-11-17', '2026-12-15', '2027-01-19', '2027-02-16']);
    expect(out.every((o) => berlinClock(o.startsAt) === 'Di., 18:00')).toBe(true);
  });

  it('monthly from a fifth weekday means the last one of every month', () => {
    // 31 March 2026 is the fifth Tuesday; April has four, so its last Tuesday is the 28th.
    const out = expandRecurrence(weekly({ frequency: 'monthly', startDate: '2026-03-31', count: 3 }), BERLIN);
    expect(out.map((o) => o.date)).toEqual(['2026-03-31', '2026-04-28', '2026-05-26']);
  });

  it('monthly across February in a leap year', () => {
    const out = expandRecurrence(
      weekly({ frequency: 'monthly', startDate: '2028-01-03', count: 3 }), // first Monday
      BERLIN,
    );
    expect(out.map((o) => o.date)).toEqual(['2028-01-03', '2028-02-07', '2028-03-06']);
  });

  it('other zones keep their own wall clock (New York switches on other dates)', () => {
    const out = expandRecurrence(weekly({ startDate: '2026-03-03', count: 2 }), 'America/New_York');
    expect(out.map((o) => iso(o.startsAt))).toEqual(['2026-03-03T23:00:00.000Z', '2026-03-10T22:00:00.000Z']);
  });

  it('an end time of 24:00 ends at local midnight', () => {
    const o = occurrenceOn('2026-06-01', '20:00', '24:00', BERLIN);
    expect(iso(o.endsAt)).toBe('2026-06-01T22:00:00.000Z');
  });

  it('throws on a rule with a problem', () => {
    expect(() => expandRecurrence(weekly({ count: null }), BERLIN)).toThrow(RangeError);
  });
});

describe('recurrenceProblem', () => {
  it.each([
    [{ count: null, until: null }, 'until', 'seriesEnd'],
    [{ count: 3, until: '2026-05-01' }, 'until', 'seriesEnd'],
    [{ count: 0 }, 'count', 'format'],
    [{ count: 2.5 }, 'count', 'format'],
    [{ count: MAX_OCCURRENCES + 1 }, 'count', 'seriesTooLong'],
    [{ count: null, until: '2026-03-16' }, 'until', 'notBefore'],
    [{ count: null, until: '2031-01-01' }, 'until', 'seriesTooLong'],
    [{ count: null, until: '2026-02-30' }, 'until', 'format'],
    [{ endTime: '18:00' }, 'endTime', 'notBefore'],
    [{ endTime: '17:00' }, 'endTime', 'notBefore'],
    [{ startTime: '25:00' }, 'startTime', 'format'],
    [{ startTime: '24:00', endTime: '24:00' }, 'startTime', 'format'],
    [{ startDate: '17.03.2026' }, 'startDate', 'format'],
    [{ frequency: 'daily' as never }, 'frequency', 'format'],
  ])('%j → %s (%s)', (over, field, rule) => {
    expect(recurrenceProblem(weekly(over as Partial<RecurrenceRule>))).toMatchObject({ field, rule });
  });

  it('accepts exactly MAX_OCCURRENCES', () => {
    expect(recurrenceProblem(weekly({ count: MAX_OCCURRENCES }))).toBeNull();
    expect(expandRecurrence(weekly({ count: MAX_OCCURRENCES }), BERLIN)).toHaveLength(MAX_OCCURRENCES);
  });

  it('accepts a valid rule', () => {
    expect(recurrenceProblem(weekly())).toBeNull();
  });
});
