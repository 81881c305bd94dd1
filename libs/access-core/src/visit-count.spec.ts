import { countVisits, daysOfPeriod, type CountableHeadcount, type CountableVisit } from './visit-count';

const BERLIN = 'Europe/Berlin';
const A = 'site-a';
const B = 'site-b';
const at = (iso: string) => Date.parse(iso);
const member = (siteId: string, iso: string, memberKey: string): CountableVisit => ({
  siteId,
  at: at(iso),
  memberKey,
});
const anonymous = (siteId: string, iso: string): CountableVisit => ({ siteId, at: at(iso), memberKey: null });
const oneDay = (day: string, sites = [A]) => ({
  sites: sites.map((siteId) => ({ siteId, timeZone: BERLIN })),
  from: day,
  to: day,
});

describe('countVisits: what counts once', () => {
  it('the same member twice a day at one site: 2 entries, 1 person, 1 distinct member', () => {
    const result = countVisits(
      [member(A, '2026-06-10T08:00:00Z', 'k1'), member(A, '2026-06-10T15:00:00Z', 'k1')],
      [],
      oneDay('2026-06-10'),
    );
    expect(result.days).toEqual([
      {
        siteId: A,
        day: '2026-06-10',
        entries: 2,
        persons: 1,
        members: 1,
        anonymous: 0,
        headcount: 0,
        newMembers: 1,
      },
    ]);
    expect(result.totals).toEqual({
      entries: 2,
      personDays: 1,
      distinctMembers: 1,
      anonymous: 0,
      headcount: 0,
      newMembers: 1,
    });
  });

  it('the same member at two sites on one day: one entry and one person at each, one distinct member', () => {
    const result = countVisits(
      [member(A, '2026-06-10T08:00:00Z', 'k1'), member(B, '2026-06-10T12:00:00Z', 'k1')],
      [],
      oneDay('2026-06-10', [A, B]),
    );
    expect(result.days.map((d) => [d.siteId, d.entries, d.persons])).toEqual([
      [A, 1, 1],
      [B, 1, 1],
    ]);
    expect(result.totals).toMatchObject({ entries: 2, personDays: 2, distinctMembers: 1, newMembers: 1 });
    // New once, at the site of the first check-in.
    expect(result.days.map((d) => d.newMembers)).toEqual([1, 0]);
  });

  it('anonymous check-ins: each one entry and one person of its own, never a registered member', () => {
    const result = countVisits(
      [
        anonymous(A, '2026-06-10T09:00:00Z'),
        anonymous(A, '2026-06-10T09:00:00Z'),
        member(A, '2026-06-10T10:00:00Z', 'k1'),
      ],
      [],
      oneDay('2026-06-10'),
    );
    expect(result.days[0]).toMatchObject({ entries: 3, persons: 3, members: 1, anonymous: 2, newMembers: 1 });
    expect(result.totals).toMatchObject({ distinctMembers: 1, anonymous: 2 });
  });

  it('headcounts add their count to entries and persons, not to members', () => {
    const counts: CountableHeadcount[] = [
      { siteId: A, day: '2026-06-10', count: 40 },
      { siteId: A, day: '2026-06-10', count: 2 },
      { siteId: B, day: '2026-06-10', count: 7 },
    ];
    const result = countVisits([member(A, '2026-06-10T10:00:00Z', 'k1')], counts, oneDay('2026-06-10'));
    expect(result.days).toHaveLength(1);
    expect(result.days[0]).toMatchObject({ entries: 43, persons: 43, members: 1, headcount: 42 });
    expect(result.totals).toMatchObject({ entries: 43, personDays: 43, distinctMembers: 1, headcount: 42 });
  });

  it('over several days: one person per day, M2 distinct over the period, zero days listed', () => {
    const result = countVisits(
      [
        member(A, '2026-06-10T10:00:00Z', 'k1'),
        member(A, '2026-06-12T10:00:00Z', 'k1'),
        member(A, '2026-06-12T11:00:00Z', 'k2'),
      ],
      [{ siteId: A, day: '2026-06-11', count: 3 }],
      { sites: [{ siteId: A, timeZone: BERLIN }], from: '2026-06-10', to: '2026-06-13' },
    );
    expect(result.days.map((d) => [d.day, d.entries, d.persons])).toEqual([
      ['2026-06-10', 1, 1],
      ['2026-06-11', 3, 3],
      ['2026-06-12', 2, 2],
      ['2026-06-13', 0, 0],
    ]);
    expect(result.totals).toMatchObject({ entries: 6, personDays: 6, distinctMembers: 2, newMembers: 2 });
  });

  it('M3: a member whose first check-in ever lies before the period is not new', () => {
    const result = countVisits([member(A, '2026-06-10T10:00:00Z', 'k1')], [], {
      ...oneDay('2026-06-10'),
      firstVisitAt: new Map([['k1', at('2026-01-05T10:00:00Z')]]),
    });
    expect(result.totals).toMatchObject({ distinctMembers: 1, newMembers: 0 });
  });

  it('M3: the first check-in ever in the period counts the member new on that day only', () => {
    const result = countVisits(
      [member(A, '2026-06-10T10:00:00Z', 'k1'), member(A, '2026-06-11T10:00:00Z', 'k1')],
      [],
      {
        sites: [{ siteId: A, timeZone: BERLIN }],
        from: '2026-06-10',
        to: '2026-06-11',
        firstVisitAt: new Map([['k1', at('2026-06-10T10:00:00Z')]]),
      },
    );
    expect(result.days.map((d) => d.newMembers)).toEqual([1, 0]);
    expect(result.totals.newMembers).toBe(1);
  });

  it('M3 does not depend on the order of the rows: newest first still counts the first day', () => {
    const result = countVisits(
      [member(A, '2026-06-11T10:00:00Z', 'k1'), member(A, '2026-06-10T10:00:00Z', 'k1')],
      [],
      { sites: [{ siteId: A, timeZone: BERLIN }], from: '2026-06-10', to: '2026-06-11' },
    );
    expect(result.days.map((d) => d.newMembers)).toEqual([1, 0]);
  });

  it('ignores records of sites not asked for and outside the period', () => {
    const result = countVisits(
      [member(B, '2026-06-10T10:00:00Z', 'k1'), member(A, '2026-06-09T10:00:00Z', 'k2')],
      [
        { siteId: B, day: '2026-06-10', count: 5 },
        { siteId: A, day: '2026-06-11', count: 5 },
      ],
      oneDay('2026-06-10'),
    );
    expect(result.totals).toEqual({
      entries: 0,
      personDays: 0,
      distinctMembers: 0,
      anonymous: 0,
      headcount: 0,
      newMembers: 0,
    });
  });

  describe('days in the site zone (Europe/Berlin)', () => {
    it('a check-in at 23:30 UTC in summer belongs to the next Berlin day (CEST, UTC+2)', () => {
      const result = countVisits([member(A, '2026-06-10T22:30:00Z', 'k1')], [], {
        sites: [{ siteId: A, timeZone: BERLIN }],
        from: '2026-06-10',
        to: '2026-06-11',
      });
      expect(result.days.map((d) => d.entries)).toEqual([0, 1]);
    });

    it('the spring-forward day (29 March 2026, 23 hours): 00:30 local and 23:30 local are one day', () => {
      // 00:30 CET = 23:30 UTC the day before; 23:30 CEST = 21:30 UTC.
      const visits = [
        member(A, '2026-03-28T23:30:00Z', 'k1'),
        member(A, '2026-03-29T21:30:00Z', 'k1'),
        member(A, '2026-03-29T22:00:00Z', 'k2'), // 00:00 CEST on the 30th
      ];
      const result = countVisits(visits, [], {
        sites: [{ siteId: A, timeZone: BERLIN }],
        from: '2026-03-29',
        to: '2026-03-30',
      });
      expect(result.days.map((d) => [d.day, d.entries, d.persons])).toEqual([
        ['2026-03-29', 2, 1],
        ['2026-03-30', 1, 1],
      ]);
    });

    it('the fall-back day (25 October 2026, 25 hours): both 02:30s and 23:59 local are one day', () => {
      // 02:30 CEST = 00:30 UTC, 02:30 CET = 01:30 UTC, 23:59 CET = 22:59 UTC; 23:00 UTC is the 26th.
      const visits = [
        member(A, '2026-10-25T00:30:00Z', 'k1'),
        member(A, '2026-10-25T01:30:00Z', 'k1'),
        member(A, '2026-10-25T22:59:00Z', 'k2'),
        anonymous(A, '2026-10-25T23:00:00Z'),
      ];
      const result = countVisits(visits, [], {
        sites: [{ siteId: A, timeZone: BERLIN }],
        from: '2026-10-25',
        to: '2026-10-26',
      });
      expect(result.days.map((d) => [d.day, d.entries, d.persons, d.anonymous])).toEqual([
        ['2026-10-25', 3, 2, 0],
        ['2026-10-26', 1, 1, 1],
      ]);
    });

    it('each site its own zone: the same instant is a different day in Berlin and New York', () => {
      const instant = '2026-06-11T02:00:00Z'; // 04:00 on the 11th in Berlin, 22:00 on the 10th in New York
      const result = countVisits([member(A, instant, 'k1'), member(B, instant, 'k2')], [], {
        sites: [
          { siteId: A, timeZone: BERLIN },
          { siteId: B, timeZone: 'America/New_York' },
        ],
        from: '2026-06-10',
        to: '2026-06-11',
      });
      expect(result.days.filter((d) => d.entries > 0).map((d) => [d.siteId, d.day])).toEqual([
        [A, '2026-06-11'],
        [B, '2026-06-10'],
      ]);
    });
  });

  it('an empty period (to before from) has no days and zero totals', () => {
    const result = countVisits([member(A, '2026-06-10T10:00:00Z', 'k1')], [], {
      sites: [{ siteId: A, timeZone: BERLIN }],
      from: '2026-06-11',
      to: '2026-06-10',
    });
    expect(result.days).toEqual([]);
    expect(result.totals.entries).toBe(0);
  });
});

describe('daysOfPeriod', () => {
  it('lists the local days inclusive, across month ends and DST changes', () => {
    expect(daysOfPeriod('2026-03-28', '2026-04-01')).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
    ]);
    expect(daysOfPeriod('2026-10-25', '2026-10-25')).toEqual(['2026-10-25']);
  });
});
