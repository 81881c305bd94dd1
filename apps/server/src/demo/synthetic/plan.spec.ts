import { addDaysToDate, localDateOf } from '@werkbank/access-core';
import { AgeBand, EventFormat, Gender, OccupationStatus } from '@werkbank/contracts';
import {
  dayWeight,
  isSchoolHoliday,
  planDeployments,
  planEvents,
  planMembers,
  planSession,
  planVisit,
  PlanSite,
  prng,
  PUBLIC_HOLIDAYS,
  spread,
  weekdayOf,
} from './plan';

const TZ = 'Europe/Berlin';
const lab: PlanSite = {
  id: 'lab',
  timezone: TZ,
  mobile: false,
  closedWeekdays: [0],
  scale: 1,
  machines: [{ id: 'm1', machineTypeId: 't1' }],
};
const van: PlanSite = { ...lab, id: 'van', mobile: true, closedWeekdays: [] };
const year = (from = '2026-01-01', to = '2026-12-31') => {
  const days: string[] = [];
  for (let d = from; d <= to; d = addDaysToDate(d, 1)) days.push(d);
  return days;
};

describe('synthetic plan', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: number) => {
      const rng = prng(seed);
      return [
        planMembers(20, 2, rng),
        planSession(lab, '2026-03-04', 20, rng),
        planVisit(lab, '2026-03-04', 20, rng),
      ];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('spreads a total exactly, nothing on a closed day', () => {
    const days = year();
    const parts = spread(
      100_000,
      days.map((d) => dayWeight(lab, d)),
    );
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100_000);
    days.forEach((d, i) => {
      if (weekdayOf(d) === 0 || PUBLIC_HOLIDAYS.has(d)) expect(parts[i]).toBe(0);
    });
    expect(parts[days.indexOf('2026-12-25')]).toBe(0);
  });

  it('has a weekday and a season shape: Thursdays busier than Saturdays, winter busier than summer', () => {
    const days = year().filter((d) => !PUBLIC_HOLIDAYS.has(d) && !isSchoolHoliday(d));
    const mean = (f: (d: string) => boolean) => {
      const ws = days.filter(f).map((d) => dayWeight(lab, d));
      return ws.reduce((a, b) => a + b, 0) / ws.length;
    };
    expect(mean((d) => weekdayOf(d) === 4)).toBeGreaterThan(mean((d) => weekdayOf(d) === 6));
    expect(mean((d) => d.startsWith('2026-02'))).toBeGreaterThan(mean((d) => d.startsWith('2026-06')));
  });

  it('puts the mobile lab only where it is deployed, on school days outside winter', () => {
    const stops = planDeployments(van, '2026-01-01', '2026-12-31', prng(1));
    expect(stops.length).toBeGreaterThan(5);
    for (const s of stops) {
      expect(isSchoolHoliday(s.startsOn)).toBe(false);
      expect(['01', '02', '12']).not.toContain(s.startsOn.slice(5, 7));
    }
    const deployed = new Set(stops.flatMap((s) => year(s.startsOn, s.endsOn)));
    for (const d of year())
      expect(dayWeight(van, d, stops) > 0).toBe(deployed.has(d) && !PUBLIC_HOLIDAYS.has(d));
  });

  it('has members of every age band, gender and occupation; pupils are minors', () => {
    const members = planMembers(2000, 3, prng(3));
    expect(new Set(members.map((m) => m.ageBand))).toEqual(new Set(Object.values(AgeBand)));
    expect(new Set(members.map((m) => m.gender))).toEqual(new Set(Object.values(Gender)));
    expect(new Set(members.map((m) => m.occupation))).toEqual(new Set(Object.values(OccupationStatus)));
    for (const m of members) if (m.occupation === OccupationStatus.Pupil) expect(m.isMinor).toBe(true);
    expect(new Set(members.map((m) => m.memberKey)).size).toBe(2000);
  });

  it('plans sessions on their day, a few across midnight, every end after its start', () => {
    const rng = prng(5);
    const sessions = Array.from({ length: 5000 }, () => planSession(lab, '2026-03-04', 100, rng));
    for (const s of sessions) {
      expect(s.endedAt).toBeGreaterThan(s.startedAt);
      expect(localDateOf(s.startedAt, TZ)).toBe('2026-03-04');
      expect(s.member).toBeLessThan(100);
    }
    const overnight = sessions.filter((s) => localDateOf(s.endedAt, TZ) === '2026-03-05').length;
    expect(overnight).toBeGreaterThan(10);
    expect(overnight).toBeLessThan(200);
  });

  it('has anonymous visitors, some with a stated profile', () => {
    const rng = prng(9);
    const visits = Array.from({ length: 2000 }, () => planVisit(lab, '2026-03-04', 50, rng));
    const anonymous = visits.filter((v) => v.member === null);
    expect(anonymous.length).toBeGreaterThan(150);
    expect(anonymous.some((v) => v.ageBand !== null)).toBe(true);
    expect(visits.filter((v) => v.member !== null).every((v) => v.ageBand === null)).toBe(true);
  });

  it('holds every event format over a year, the open workshop in the evening', () => {
    const rng = prng(11);
    const events = year().flatMap((d) => [
      ...planEvents(lab, d, false, rng),
      ...planEvents(van, d, true, rng),
    ]);
    expect(new Set(events.map((e) => e.format))).toEqual(new Set(Object.values(EventFormat)));
    const open = events.filter((e) => e.format === EventFormat.OpenWorkshop);
    expect(open.every((e) => new Date(e.startsAt).getUTCHours() >= 14)).toBe(true);
    const classes = events.filter((e) => e.format === EventFormat.SchoolClassVisit);
    expect(classes.every((e) => !isSchoolHoliday(localDateOf(e.startsAt, TZ)) && e.group !== null)).toBe(
      true,
    );
  });
});
