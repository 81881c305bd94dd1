import { DAY_MS, epochDayOf, parseClockTime, parseIsoDate, weekdayIndexOfEpochDay } from './calendar.util';
import { createSiteClock, localToUtc, utcOffsetAt } from './site-clock.util';

/**
 * Recurring events (a weekly open workshop): a rule in the site's wall clock, expanded into occurrences. The
 * local time stays fixed across DST switches (18:00 in winter and in summer), so the UTC instants move. Pure:
 * no clock, no I/O; the zone maths is Intl's.
 */
export type RecurrenceFrequency = 'weekly' | 'biweekly' | 'monthly';

export interface RecurrenceRule {
  frequency: RecurrenceFrequency;
  /** The first occurrence's local date 'YYYY-MM-DD'; its weekday (and for monthly, its ordinal) is the rule. */
  startDate: string;
  /** Local wall-clock 'HH:MM'. */
  startTime: string;
  /** Local wall-clock 'HH:MM', after startTime on the same day. */
  endTime: string;
  /** Last local date an occurrence may fall on (inclusive). Exactly one of until and count. */
  until?: string | null;
  count?: number | null;
}

export interface Occurrence {
  /** The occurrence's local date: its identity within the series (exceptions refer to it). */
  date: string;
  startsAt: number;
  endsAt: number;
}

/** More occurrences than a year of weekly meetings and some: a series is planned, not endless. */
export const MAX_OCCURRENCES = 200;

export interface RecurrenceProblem {
  field: 'startDate' | 'startTime' | 'endTime' | 'until' | 'count' | 'frequency';
  problem: string;
  rule: 'seriesEnd' | 'seriesTooLong' | 'notBefore' | 'format';
}

const FREQUENCIES: readonly string[] = ['weekly', 'biweekly', 'monthly'];

/** What is wrong with a rule, or null; expandRecurrence throws on the same conditions. */
export function recurrenceProblem(rule: RecurrenceRule): RecurrenceProblem | null {
  if (!FREQUENCIES.includes(rule.frequency))
    return { field: 'frequency', problem: 'must be weekly, biweekly or monthly', rule: 'format' };
  const start = tryParse(() => parseIsoDate(rule.startDate));
  if (start === null) return { field: 'startDate', problem: 'must be a date YYYY-MM-DD', rule: 'format' };
  const from = tryParse(() => parseClockTime(rule.startTime, false));
  if (from === null) return { field: 'startTime', problem: 'must be HH:MM (24 h)', rule: 'format' };
  const to = tryParse(() => parseClockTime(rule.endTime, true));
  if (to === null) return { field: 'endTime', problem: 'must be HH:MM (24 h)', rule: 'format' };
  if (to <= from) return { field: 'endTime', problem: 'must be after startTime', rule: 'notBefore' };
  const hasUntil = rule.until !== undefined && rule.until !== null;
  const hasCount = rule.count !== undefined && rule.count !== null;
  if (hasUntil === hasCount)
    return {
      field: 'until',
      problem: 'a series ends: give either until (a date) or count, not both and not neither',
      rule: 'seriesEnd',
    };
  if (hasCount) {
    const count = rule.count as number;
    if (!Number.isInteger(count) || count < 1)
      return { field: 'count', problem: 'must be a whole number ≥ 1', rule: 'format' };
    if (count > MAX_OCCURRENCES)
      return { field: 'count', problem: `at most ${MAX_OCCURRENCES} occurrences`, rule: 'seriesTooLong' };
    return null;
  }
  const until = tryParse(() => parseIsoDate(rule.until as string));
  if (until === null) return { field: 'until', problem: 'must be a date YYYY-MM-DD', rule: 'format' };
  if (until < start) return { field: 'until', problem: 'must not be before startDate', rule: 'notBefore' };
  if (localDates(rule, MAX_OCCURRENCES + 1).length > MAX_OCCURRENCES)
    return {
      field: 'until',
      problem: `the series would have more than ${MAX_OCCURRENCES} occurrences`,
      rule: 'seriesTooLong',
    };
  return null;
}

/** Every occurrence of the rule in `timeZone`, in order. Throws RangeError for a rule with a problem. */
export function expandRecurrence(rule: RecurrenceRule, timeZone: string): Occurrence[] {
  const problem = recurrenceProblem(rule);
  if (problem) throw new RangeError(`${problem.field}: ${problem.problem}`);
  return localDates(rule, MAX_OCCURRENCES).map((date) =>
    occurrenceOn(date, rule.startTime, rule.endTime, timeZone),
  );
}

/** The instants of one occurrence: `date` at the local times in `timeZone`. */
export function occurrenceOn(date: string, startTime: string, endTime: string, timeZone: string): Occurrence {
  const clock = createSiteClock(timeZone);
  const dayMs = epochDayFromIso(date) * DAY_MS;
  const instant = (time: string, allow24: boolean): number => {
    const localMs = dayMs + parseClockTime(time, allow24) * 60_000;
    return localToUtc(clock, localMs, utcOffsetAt(clock, localMs));
  };
  return { date, startsAt: instant(startTime, false), endsAt: instant(endTime, true) };
}

/** The local dates of the rule, at most `limit`. */
function localDates(rule: RecurrenceRule, limit: number): string[] {
  const startDay = epochDayFromIso(rule.startDate);
  const untilDay = rule.until ? epochDayFromIso(rule.until) : Number.POSITIVE_INFINITY;
  const max = Math.min(limit, rule.count ?? limit);
  const out: string[] = [];
  if (rule.frequency === 'monthly') {
    const { year, month, day } = civil(startDay);
    const weekday = weekdayIndexOfEpochDay(startDay);
    // The 1st…4th weekday of the month; a fifth one (29th–31st) means "the last" so every month has one.
    const ordinal = Math.ceil(day / 7) >= 5 ? -1 : Math.ceil(day / 7);
    for (let i = 0; out.length < max; i++) {
      const epochDay = nthWeekdayOfMonth(year, month + i, weekday, ordinal);
      if (epochDay > untilDay) break;
      out.push(isoOfEpochDay(epochDay));
    }
    return out;
  }
  const step = rule.frequency === 'weekly' ? 7 : 14;
  for (let epochDay = startDay; out.length < max && epochDay <= untilDay; epochDay += step)
    out.push(isoOfEpochDay(epochDay));
  return out;
}

/** Epoch day of the `ordinal`-th (1…4, or −1 for the last) ISO weekday index (Mon = 0) of a month. */
function nthWeekdayOfMonth(year: number, month0: number, weekday: number, ordinal: number): number {
  const y = year + Math.floor(month0 / 12);
  const m = ((month0 % 12) + 12) % 12;
  if (ordinal > 0) {
    const first = epochDayOf(Date.UTC(y, m, 1));
    const offset = (weekday - weekdayIndexOfEpochDay(first) + 7) % 7;
    return first + offset + (ordinal - 1) * 7;
  }
  const last = epochDayOf(Date.UTC(y, m + 1, 0));
  return last - ((weekdayIndexOfEpochDay(last) - weekday + 7) % 7);
}

function civil(epochDay: number): { year: number; month: number; day: number } {
  const d = new Date(epochDay * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth(), day: d.getUTCDate() };
}

function epochDayFromIso(date: string): number {
  const ymd = parseIsoDate(date);
  return epochDayOf(Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100));
}

function isoOfEpochDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

function tryParse(parse: () => number): number | null {
  try {
    return parse();
  } catch {
    return null;
  }
}
