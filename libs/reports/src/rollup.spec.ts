import fc from 'fast-check';
import { localDateOf } from '@werkbank/access-core';
import { Breakdown } from '@werkbank/contracts';
import {
  ANONYMOUS_PROFILE,
  type AggregateCell,
  headcountCells,
  localDaysOfUtcDay,
  type PersonProfile,
  sessionCells,
  splitByLocalDay,
  sumCells,
  utcDaysOf,
  visitCells,
  machineUserDays,
  visitorDays,
} from './rollup';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const ada: PersonProfile = {
  ageBand: '18_29',
  gender: 'female',
  occupationStatus: 'student',
  urbanRural: 'rural',
};
const pick = (cells: AggregateCell[], measure: string, breakdown: Breakdown | null = null) =>
  cells
    .filter((c) => c.measure === measure && c.breakdown === breakdown)
    .map((c) => [c.day, c.category, c.value]);

describe('splitByLocalDay', () => {
  it('a session across local midnight counts on both days (Berlin, winter: UTC+1)', () => {
    expect(splitByLocalDay(at('2026-12-03T22:30:00Z'), at('2026-12-04T00:15:00Z'), BERLIN)).toEqual([
      { day: '2026-12-03', ms: 0.5 * HOUR },
      { day: '2026-12-04', ms: 1.25 * HOUR },
    ]);
  });

  it('the night of the spring change has 23 hours: a session through it gets real elapsed time', () => {
    // 28 Mar 2026 20:00 local (19:00Z) to 29 Mar 2026 20:00 local (18:00Z): 23 hours elapsed.
    const shares = splitByLocalDay(at('2026-03-28T19:00:00Z'), at('2026-03-29T18:00:00Z'), BERLIN);
    expect(shares).toEqual([
      { day: '2026-03-28', ms: 4 * HOUR },
      { day: '2026-03-29', ms: 19 * HOUR },
    ]);
  });

  it('an autumn day has 25 hours', () => {
    const shares = splitByLocalDay(at('2026-10-24T22:00:00Z'), at('2026-10-25T23:00:00Z'), BERLIN);
    expect(shares).toEqual([{ day: '2026-10-25', ms: 25 * HOUR }]);
  });

  it('empty or reversed intervals give nothing; the shares always add up to the interval', () => {
    expect(splitByLocalDay(5, 5, BERLIN)).toEqual([]);
    expect(splitByLocalDay(9, 5, BERLIN)).toEqual([]);
    fc.assert(
      fc.property(
        fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }),
        fc.integer({ min: 1, max: 10 * 24 * HOUR }),
        fc.constantFrom(BERLIN, 'UTC', 'America/New_York', 'Asia/Kolkata'),
        (start, length, zone) => {
          const shares = splitByLocalDay(start, start + length, zone);
          expect(shares.reduce((s, x) => s + x.ms, 0)).toBe(length);
          expect(shares.every((x) => x.ms > 0 && x.ms <= 25 * HOUR)).toBe(true);
          expect(new Set(shares.map((x) => x.day)).size).toBe(shares.length);
        },
      ),
    );
  });
});

describe('cells', () => {
  it('a visit counts on its local day, in the total and once in each breakdown', () => {
    const cells = visitCells({ siteId: 's1', at: at('2026-12-03T23:30:00Z') }, ada, BERLIN);
    expect(pick(cells, 'visits')).toEqual([['2026-12-04', null, 1]]);
    expect(pick(cells, 'visits', Breakdown.AgeBand)).toEqual([['2026-12-04', '18_29', 1]]);
    expect(pick(cells, 'visits', Breakdown.UrbanRural)).toEqual([['2026-12-04', 'rural', 1]]);
    expect(cells.every((c) => !('memberKey' in c))).toBe(true);
  });

  it('a headcount is anonymous: "not stated" in every breakdown', () => {
    const cells = headcountCells({ siteId: 's1', day: '2026-06-01', count: 40 });
    expect(pick(cells, 'visits', Breakdown.Gender)).toEqual([['2026-06-01', ANONYMOUS_PROFILE.gender, 40]]);
  });

  it('a session counts on its start day; its hours on each day it covered', () => {
    const cells = sessionCells(
      {
        siteId: 's1',
        machineTypeId: 'laser',
        startedAt: at('2026-12-03T22:00:00Z'),
        endedAt: at('2026-12-04T01:00:00Z'),
      },
      ada,
      BERLIN,
    );
    expect(pick(cells, 'sessions')).toEqual([['2026-12-03', null, 1]]);
    expect(pick(cells, 'sessions', Breakdown.MachineType)).toEqual([['2026-12-03', 'laser', 1]]);
    expect(pick(cells, 'machineHours')).toEqual([
      ['2026-12-03', null, 1],
      ['2026-12-04', null, 2],
    ]);
    expect(pick(cells, 'machineHours', Breakdown.MachineType)).toEqual([
      ['2026-12-03', 'laser', 1],
      ['2026-12-04', 'laser', 2],
    ]);
  });

  it('sumCells adds equal keys and orders stably; every breakdown sums to its total', () => {
    const raw = [
      ...visitCells({ siteId: 's1', at: at('2026-12-03T10:00:00Z') }, ada, BERLIN),
      ...visitCells({ siteId: 's1', at: at('2026-12-03T11:00:00Z') }, ANONYMOUS_PROFILE, BERLIN),
      ...visitCells({ siteId: 's1', at: at('2026-12-03T12:00:00Z') }, ada, BERLIN),
    ];
    const summed = sumCells(raw);
    expect(sumCells([...raw].reverse())).toEqual(summed);
    expect(pick(summed, 'visits')).toEqual([['2026-12-03', null, 3]]);
    expect(pick(summed, 'visits', Breakdown.AgeBand)).toEqual([
      ['2026-12-03', '18_29', 2],
      ['2026-12-03', 'not_stated', 1],
    ]);
    for (const breakdown of [Breakdown.AgeBand, Breakdown.Gender, Breakdown.OccupationStatus]) {
      const sum = summed.filter((c) => c.breakdown === breakdown).reduce((s, c) => s + c.value, 0);
      expect(sum).toBe(3);
    }
  });
});

describe('marks', () => {
  it('an interval marks every UTC date it touches', () => {
    expect(utcDaysOf(at('2026-12-03T10:00:00Z'))).toEqual(['2026-12-03']);
    expect(utcDaysOf(at('2026-12-03T22:00:00Z'), at('2026-12-05T01:00:00Z'))).toEqual([
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
    ]);
  });

  it('a UTC date overlaps one or two local dates, and every local day is reached from some mark', () => {
    expect(localDaysOfUtcDay('2026-12-03', 'UTC')).toEqual(['2026-12-03']);
    expect(localDaysOfUtcDay('2026-12-03', BERLIN)).toEqual(['2026-12-03', '2026-12-04']);
    expect(localDaysOfUtcDay('2026-12-03', 'America/New_York')).toEqual(['2026-12-02', '2026-12-03']);
    fc.assert(
      fc.property(
        fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-12-31T00:00:00Z') }),
        fc.constantFrom(BERLIN, 'America/New_York', 'Asia/Kolkata', 'Pacific/Kiritimati'),
        (instant, zone) => {
          const [utcDay] = utcDaysOf(instant);
          expect(localDaysOfUtcDay(utcDay, zone)).toContain(localDateOf(instant, zone));
        },
      ),
    );
  });
});

describe('visitorDays', () => {
  it('keeps each member once per site and local day, and nobody for anonymous visitors', () => {
    const rows = visitorDays(
      [
        { siteId: 'a', at: at('2026-03-28T09:00:00Z'), memberKey: 'k1' },
        { siteId: 'a', at: at('2026-03-28T15:00:00Z'), memberKey: 'k1' },
        { siteId: 'b', at: at('2026-03-28T15:00:00Z'), memberKey: 'k1' },
        // 23:30 UTC is already the next day in Berlin.
        { siteId: 'a', at: at('2026-03-28T23:30:00Z'), memberKey: 'k1' },
        { siteId: 'a', at: at('2026-03-28T10:00:00Z'), memberKey: null },
      ],
      'Europe/Berlin',
    );
    expect(rows).toEqual([
      { siteId: 'a', day: '2026-03-28', personKey: 'k1' },
      { siteId: 'b', day: '2026-03-28', personKey: 'k1' },
      { siteId: 'a', day: '2026-03-29', personKey: 'k1' },
    ]);
  });
});

describe('machineUserDays', () => {
  it('keeps each member once per site, local start day and machine type', () => {
    const s = (startedAt: string, machineTypeId: string, memberKey: string, siteId = 'a') => ({
      siteId,
      machineTypeId,
      startedAt: at(startedAt),
      memberKey,
    });
    const rows = machineUserDays(
      [
        s('2026-03-28T09:00:00Z', 'laser', 'k1'),
        s('2026-03-28T15:00:00Z', 'laser', 'k1'),
        s('2026-03-28T15:00:00Z', 'printer', 'k1'),
        s('2026-03-28T15:00:00Z', 'laser', 'k1', 'b'),
        s('2026-03-28T16:00:00Z', 'laser', 'k2'),
        // Started 23:30 UTC: the next day in Berlin, however long it ran.
        s('2026-03-28T23:30:00Z', 'laser', 'k1'),
      ],
      'Europe/Berlin',
    );
    expect(rows).toEqual([
      { siteId: 'a', day: '2026-03-28', machineTypeId: 'laser', personKey: 'k1' },
      { siteId: 'a', day: '2026-03-28', machineTypeId: 'printer', personKey: 'k1' },
      { siteId: 'b', day: '2026-03-28', machineTypeId: 'laser', personKey: 'k1' },
      { siteId: 'a', day: '2026-03-28', machineTypeId: 'laser', personKey: 'k2' },
      { siteId: 'a', day: '2026-03-29', machineTypeId: 'laser', personKey: 'k1' },
    ]);
  });
});
