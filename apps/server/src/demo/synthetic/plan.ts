/**
 * What happens on which day in a synthetic lab year: pure, framework-free and deterministic for a seed (the
 * writer in synthetic-writer.ts turns the plan into rows). Nothing here reads the clock or Math.random.
 */
import { addDaysToDate, startOfLocalDay } from '@werkbank/access-core';
import { AgeBand, EventFormat, Gender, OccupationStatus } from '@werkbank/contracts';

/** mulberry32: a small, fast 32-bit PRNG; the same seed gives the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
const intIn = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
/** A choice weighted by the numbers beside the items. */
export function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) if ((r -= w) < 0) return item;
  return items[items.length - 1][0];
}

/** School holidays of Nordrhein-Westfalen (first and last day), a fixed plausible table for 2025–2027. */
export const SCHOOL_HOLIDAYS: readonly (readonly [string, string])[] = [
  ['2024-12-23', '2025-01-06'],
  ['2025-04-14', '2025-04-26'],
  ['2025-06-10', '2025-06-10'],
  ['2025-07-14', '2025-08-26'],
  ['2025-10-13', '2025-10-25'],
  ['2025-12-22', '2026-01-06'],
  ['2026-03-30', '2026-04-11'],
  ['2026-05-26', '2026-05-26'],
  ['2026-07-20', '2026-09-01'],
  ['2026-10-17', '2026-10-31'],
  ['2026-12-23', '2027-01-06'],
  ['2027-03-22', '2027-04-03'],
  ['2027-05-18', '2027-05-18'],
  ['2027-07-19', '2027-08-31'],
  ['2027-10-11', '2027-10-23'],
  ['2027-12-24', '2028-01-08'],
];
/** Public holidays (NRW) on which every site is closed. */
export const PUBLIC_HOLIDAYS: ReadonlySet<string> = new Set([
  ...['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-06-19'],
  ...['2025-10-03', '2025-11-01', '2025-12-25', '2025-12-26', '2026-01-01', '2026-04-03', '2026-04-06'],
  ...['2026-05-01', '2026-05-14', '2026-05-25', '2026-06-04', '2026-10-03', '2026-11-01', '2026-12-25'],
  ...['2026-12-26', '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17'],
  ...['2027-05-27', '2027-10-03', '2027-11-01', '2027-12-25', '2027-12-26'],
]);

export const isSchoolHoliday = (day: string) => SCHOOL_HOLIDAYS.some(([a, b]) => day >= a && day <= b);
/** 0 = Sunday … 6 = Saturday, of a local date. */
export const weekdayOf = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

export interface PlanSite {
  id: string;
  timezone: string;
  mobile: boolean;
  /** Weekdays (0 = Sunday) the site is closed. */
  closedWeekdays: readonly number[];
  /** Relative size: a busy main lab 1, a small branch 0.4. */
  scale: number;
  machines: readonly { id: string; machineTypeId: string }[];
}

/** A mobile lab's stop: a few consecutive days at a school, library or market square. */
export interface PlannedDeployment {
  siteId: string;
  startsOn: string;
  endsOn: string;
  place: string;
}

const PLACES = [
  'Marktplatz Altdorf',
  'Gesamtschule Nord',
  'Stadtbibliothek',
  'Dorfgemeinschaftshaus',
  'Jugendzentrum',
];

/** Two stops a month outside winter and the summer break, on school days. */
export function planDeployments(site: PlanSite, from: string, to: string, rng: Rng): PlannedDeployment[] {
  const stops: PlannedDeployment[] = [];
  for (let day = from; day <= to; day = addDaysToDate(day, 1)) {
    const month = Number(day.slice(5, 7));
    if (month <= 2 || month === 12 || weekdayOf(day) !== 2 || isSchoolHoliday(day) || rng() < 0.5) continue;
    const endsOn = addDaysToDate(day, intIn(rng, 0, 2));
    stops.push({
      siteId: site.id,
      startsOn: day,
      endsOn: endsOn > to ? to : endsOn,
      place: pick(rng, PLACES),
    });
    day = endsOn;
  }
  return stops;
}

const SEASON = [0, 1.25, 1.2, 1.05, 0.95, 0.85, 0.75, 0.6, 0.65, 1.0, 1.15, 1.25, 0.9]; // by month 1–12
const WEEKDAY = [0.4, 0.8, 1.0, 1.1, 1.2, 1.0, 0.9]; // Sunday … Saturday

/** How busy a site is on a local day, relative to its other days; 0 when it is closed (or not deployed). */
export function dayWeight(
  site: PlanSite,
  day: string,
  deployments: readonly PlannedDeployment[] = [],
): number {
  if (PUBLIC_HOLIDAYS.has(day)) return 0;
  if (site.mobile) {
    const deployed = deployments.some((d) => d.siteId === site.id && day >= d.startsOn && day <= d.endsOn);
    return deployed ? site.scale * 2.5 : 0;
  }
  const weekday = weekdayOf(day);
  if (site.closedWeekdays.includes(weekday)) return 0;
  const holiday = isSchoolHoliday(day) ? 1.3 : 1; // pupils come in the holidays, and have the days free
  return site.scale * SEASON[Number(day.slice(5, 7))] * WEEKDAY[weekday] * holiday;
}

/** Splits `total` over the days by weight, exactly (cumulative rounding: the parts sum to the total). */
export function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map(() => 0);
  let acc = 0;
  let given = 0;
  return weights.map((w) => {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    const part = upTo - given;
    given = upTo;
    return part;
  });
}

export interface PlannedMember {
  memberKey: string;
  firstName: string;
  lastName: string;
  ageBand: AgeBand;
  gender: Gender;
  occupation: OccupationStatus;
  isMinor: boolean;
  homeSite: number;
}

const FIRST = [
  'Anna',
  'Ben',
  'Carla',
  'Deniz',
  'Emil',
  'Fatma',
  'Gustav',
  'Hanna',
  'Ilyas',
  'Jana',
  'Karl',
  'Lea',
];
const LAST = [
  'Müller',
  'Schmidt',
  'Schneider',
  'Fischer',
  'Weber',
  'Meyer',
  'Wagner',
  'Becker',
  'Yılmaz',
  'Koch',
];
const AGE: readonly (readonly [AgeBand, number])[] = [
  [AgeBand.Under18, 22],
  [AgeBand.From18To29, 24],
  [AgeBand.From30To54, 30],
  [AgeBand.From55To64, 10],
  [AgeBand.From65, 6],
  [AgeBand.NotStated, 8],
];
const GENDER: readonly (readonly [Gender, number])[] = [
  [Gender.Female, 38],
  [Gender.Male, 50],
  [Gender.Diverse, 4],
  [Gender.NotStated, 8],
];
/** Occupation follows age: pupils are minors, the retired are older. */
function occupationOf(rng: Rng, band: AgeBand): OccupationStatus {
  const O = OccupationStatus;
  if (band === AgeBand.Under18)
    return weighted(rng, [
      [O.Pupil, 9],
      [O.Apprentice, 1],
    ]);
  if (band === AgeBand.From65)
    return weighted(rng, [
      [O.Retired, 8],
      [O.SelfEmployed, 1],
      [O.NotStated, 1],
    ]);
  if (band === AgeBand.From18To29)
    return weighted(rng, [
      [O.Student, 5],
      [O.Apprentice, 2],
      [O.Employed, 3],
      [O.Unemployed, 1],
      [O.NotStated, 1],
    ]);
  if (band === AgeBand.NotStated) return O.NotStated;
  return weighted(rng, [
    [O.Employed, 6],
    [O.SelfEmployed, 2],
    [O.Unemployed, 1],
    [O.Other, 1],
    [O.NotStated, 1],
  ]);
}

const hex = (rng: Rng, length: number) =>
  Array.from({ length }, () => Math.floor(rng() * 16).toString(16)).join('');

/** Members of every age band, gender and occupation (the first few cycle through every band to be sure). */
export function planMembers(count: number, sites: number, rng: Rng): PlannedMember[] {
  const bands = Object.values(AgeBand);
  return Array.from({ length: count }, (_, i) => {
    const ageBand = i < bands.length ? bands[i] : weighted(rng, AGE);
    return {
      memberKey: hex(rng, 32),
      firstName: pick(rng, FIRST),
      lastName: `${pick(rng, LAST)}-${i + 1}`,
      ageBand,
      gender: i < 4 ? Object.values(Gender)[i] : weighted(rng, GENDER),
      occupation: occupationOf(rng, ageBand),
      isMinor: ageBand === AgeBand.Under18,
      homeSite: Math.floor(rng() * sites),
    };
  });
}

/** A few regulars come often, most rarely: index skewed towards the start. */
export const regular = (rng: Rng, count: number) => Math.floor(count * rng() ** 2.2);

export interface PlannedSession {
  siteId: string;
  machineId: string;
  member: number;
  startedAt: number;
  endedAt: number;
}
export interface PlannedVisit {
  siteId: string;
  /** null: an anonymous visitor. */
  member: number | null;
  at: number;
  ageBand: AgeBand | null;
  gender: Gender | null;
}

const HOUR = 3_600_000;
/** Opening at 10:00, busiest in the late afternoon and evening. */
const START_HOURS: readonly (readonly [number, number])[] = [
  [10, 4],
  [12, 5],
  [14, 7],
  [16, 10],
  [18, 9],
  [20, 4],
];

/** One session: most under two hours, long prints up to 8 h; 1 % start late and run across midnight. */
export function planSession(site: PlanSite, day: string, members: number, rng: Rng): PlannedSession {
  const midnight = startOfLocalDay(day, site.timezone);
  const machine = pick(rng, site.machines);
  const member = regular(rng, members);
  if (rng() < 0.01) {
    const startedAt = midnight + 22 * HOUR + Math.floor(rng() * 1.5 * HOUR);
    return {
      siteId: site.id,
      machineId: machine.id,
      member,
      startedAt,
      endedAt: startedAt + (2 + rng() * 6) * HOUR,
    };
  }
  const hour = weighted(rng, START_HOURS) + rng() * 2;
  const startedAt = Math.floor(midnight + hour * HOUR);
  const minutes = rng() < 0.1 ? 120 + rng() * 360 : 10 + rng() ** 1.5 * 110;
  return {
    siteId: site.id,
    machineId: machine.id,
    member,
    startedAt,
    endedAt: Math.floor(startedAt + minutes * 60_000),
  };
}

/** One check-in: 15 % are anonymous visitors, half of whom state an age band and a gender. */
export function planVisit(site: PlanSite, day: string, members: number, rng: Rng): PlannedVisit {
  const at = Math.floor(
    startOfLocalDay(day, site.timezone) + (weighted(rng, START_HOURS) + rng() * 2) * HOUR,
  );
  if (rng() < 0.15) {
    const stated = rng() < 0.5;
    return {
      siteId: site.id,
      member: null,
      at,
      ageBand: stated ? weighted(rng, AGE) : null,
      gender: stated ? weighted(rng, GENDER) : null,
    };
  }
  return { siteId: site.id, member: regular(rng, members), at, ageBand: null, gender: null };
}

export interface PlannedEvent {
  siteId: string;
  format: EventFormat;
  title: string;
  startsAt: number;
  endsAt: number;
  capacity: number | null;
  /** Open formats are counted at the door; the others have registrations (members) and a group row. */
  headcount: number | null;
  registrations: number;
  /** A school class or a group: one row of `count` unnamed persons. */
  group: { label: string; count: number } | null;
  partner: boolean;
}

const at = (site: PlanSite, day: string, hour: number) => startOfLocalDay(day, site.timezone) + hour * HOUR;

/** The day's events at a site: the weekly open workshop in the evening, courses, classes, talks, hackathons. */
export function planEvents(site: PlanSite, day: string, deployed: boolean, rng: Rng): PlannedEvent[] {
  const F = EventFormat;
  const weekday = weekdayOf(day);
  const school = !isSchoolHoliday(day) && weekday >= 1 && weekday <= 5;
  const events: PlannedEvent[] = [];
  const add = (format: EventFormat, title: string, from: number, to: number, extra: Partial<PlannedEvent>) =>
    events.push({
      siteId: site.id,
      format,
      title,
      startsAt: at(site, day, from),
      endsAt: at(site, day, to),
      capacity: null,
      headcount: null,
      registrations: 0,
      group: null,
      partner: false,
      ...extra,
    });
  if (site.mobile) {
    if (deployed)
      add(F.MobileDeployment, 'Mobiles Labor vor Ort', 9, 15, {
        headcount: intIn(rng, 20, 90),
        partner: true,
      });
    return events;
  }
  if (weekday === 3) add(F.OpenWorkshop, 'Offene Werkstatt', 16, 20, { headcount: intIn(rng, 5, 30) });
  if (weekday === 4 && rng() < 0.7)
    add(F.WorkshopCourse, pick(rng, ['3D-Druck für Einsteiger', 'Lasern lernen', 'Löten']), 18, 21, {
      capacity: 12,
      registrations: intIn(rng, 3, 12),
    });
  if (school && rng() < 0.35 * site.scale)
    add(F.SchoolClassVisit, 'Schulklasse zu Besuch', 9, 12, {
      capacity: 30,
      group: { label: `Klasse ${intIn(rng, 5, 10)}${pick(rng, ['a', 'b', 'c'])}`, count: intIn(rng, 18, 28) },
      partner: true,
    });
  if (weekday === 2 && rng() < 0.25) add(F.Talk, 'Vortrag', 19, 21, { headcount: intIn(rng, 8, 60) });
  if (weekday === 1 && rng() < 0.3)
    add(F.DigitalConsultation, 'Digitalsprechstunde', 14, 17, { registrations: intIn(rng, 1, 6) });
  if (weekday === 5 && rng() < 0.15) add(F.GuidedTour, 'Führung', 15, 16, { headcount: intIn(rng, 4, 20) });
  if (weekday === 6 && rng() < 0.05)
    add(F.Hackathon, 'Hackathon', 10, 22, { registrations: intIn(rng, 8, 30), partner: true });
  if (weekday === 2 && rng() < 0.08)
    add(F.ParticipationFormat, 'Bürgerwerkstatt', 18, 20, { headcount: intIn(rng, 10, 40), partner: true });
  return events;
}
