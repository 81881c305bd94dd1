import { addDaysToDate, parseIsoDate, startOfLocalDay } from '@werkbank/access-core';
import { PeriodKind } from '@werkbank/contracts';

/** What a report asks for: a calendar period by number, or a custom range of local dates (both inclusive). */
export type PeriodRequest =
  | { kind: PeriodKind.Month; year: number; month: number }
  | { kind: PeriodKind.Quarter; year: number; quarter: number }
  | { kind: PeriodKind.Year; year: number }
  | { kind: PeriodKind.Custom; from: string; to: string };

/** A resolved period: local dates `from`..`to` inclusive, in the lab's time zone. */
export interface Period {
  readonly kind: PeriodKind;
  readonly from: string;
  readonly to: string;
  /** Days in the period (28–31 for a month, 365/366 for a year). */
  readonly days: number;
}

/** A problem with the request, named by field and rule (the API turns it into a 400). */
export interface PeriodProblem {
  readonly field: 'year' | 'month' | 'quarter' | 'from' | 'to';
  readonly problem: string;
  readonly rule: 'range' | 'date' | 'order' | 'tooLong';
}

export const FIRST_REPORT_YEAR = 2000;
export const LAST_REPORT_YEAR = 2100;
/** Custom ranges up to five years: longer reports are several yearly ones. */
export const MAX_PERIOD_DAYS = 5 * 366;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const ymd = (y: number, m: number, d: number) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const epochDay = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from) + 1;
}

function yearProblems(year: number): PeriodProblem[] {
  return Number.isInteger(year) && year >= FIRST_REPORT_YEAR && year <= LAST_REPORT_YEAR
    ? []
    : [{ field: 'year', problem: `a year from ${FIRST_REPORT_YEAR} to ${LAST_REPORT_YEAR}`, rule: 'range' }];
}

function validDate(text: string): boolean {
  try {
    parseIsoDate(text);
    return true;
  } catch {
    return false;
  }
}

/** The period of a request, or every problem with it (never both). */
export function resolvePeriod(request: PeriodRequest): { period: Period } | { problems: PeriodProblem[] } {
  const problems: PeriodProblem[] = [];
  let from = '';
  let to = '';
  switch (request.kind) {
    case PeriodKind.Month: {
      problems.push(...yearProblems(request.year));
      if (!Number.isInteger(request.month) || request.month < 1 || request.month > 12)
        problems.push({ field: 'month', problem: 'a month from 1 to 12', rule: 'range' });
      if (problems.length > 0) return { problems };
      from = ymd(request.year, request.month, 1);
      to = ymd(request.year, request.month, daysInMonth(request.year, request.month));
      break;
    }
    case PeriodKind.Quarter: {
      problems.push(...yearProblems(request.year));
      if (!Number.isInteger(request.quarter) || request.quarter < 1 || request.quarter > 4)
        problems.push({ field: 'quarter', problem: 'a quarter from 1 to 4', rule: 'range' });
      if (problems.length > 0) return { problems };
      const last = request.quarter * 3;
      from = ymd(request.year, last - 2, 1);
      to = ymd(request.year, last, daysInMonth(request.year, last));
      break;
    }
    case PeriodKind.Year: {
      problems.push(...yearProblems(request.year));
      if (problems.length > 0) return { problems };
      from = ymd(request.year, 1, 1);
      to = ymd(request.year, 12, 31);
      break;
    }
    case PeriodKind.Custom: {
      for (const field of ['from', 'to'] as const) {
        const value = request[field];
        if (!validDate(value)) problems.push({ field, problem: 'a date YYYY-MM-DD', rule: 'date' });
        else if (
          Number(value.slice(0, 4)) < FIRST_REPORT_YEAR ||
          Number(value.slice(0, 4)) > LAST_REPORT_YEAR
        )
          problems.push({
            field,
            problem: `a date from ${FIRST_REPORT_YEAR} to ${LAST_REPORT_YEAR}`,
            rule: 'range',
          });
      }
      if (problems.length > 0) return { problems };
      ({ from, to } = request);
      if (to < from) return { problems: [{ field: 'to', problem: 'not before from', rule: 'order' }] };
      if (daysBetween(from, to) > MAX_PERIOD_DAYS)
        return {
          problems: [{ field: 'to', problem: `at most ${MAX_PERIOD_DAYS} days after from`, rule: 'tooLong' }],
        };
      break;
    }
  }
  return { period: { kind: request.kind, from, to, days: daysBetween(from, to) } };
}

/**
 * The period before, for "compared with the previous period": the previous month, quarter or year (a month
 * has its own length), or for a custom range the same number of days directly before it.
 */
export function previousPeriod(period: Period): Period {
  const [y, m] = [Number(period.from.slice(0, 4)), Number(period.from.slice(5, 7))];
  switch (period.kind) {
    case PeriodKind.Month: {
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1];
      return {
        kind: period.kind,
        from: ymd(py, pm, 1),
        to: ymd(py, pm, daysInMonth(py, pm)),
        days: daysInMonth(py, pm),
      };
    }
    case PeriodKind.Quarter: {
      const [py, pm] = m === 1 ? [y - 1, 10] : [y, m - 3];
      const to = ymd(py, pm + 2, daysInMonth(py, pm + 2));
      const from = ymd(py, pm, 1);
      return { kind: period.kind, from, to, days: daysBetween(from, to) };
    }
    case PeriodKind.Year: {
      const from = ymd(y - 1, 1, 1);
      const to = ymd(y - 1, 12, 31);
      return { kind: period.kind, from, to, days: daysBetween(from, to) };
    }
    case PeriodKind.Custom: {
      const to = addDaysToDate(period.from, -1);
      return { kind: period.kind, from: addDaysToDate(to, 1 - period.days), to, days: period.days };
    }
  }
}

/** Every local date of the period, in order. */
export function datesOf(period: Pick<Period, 'from' | 'to'>): string[] {
  const dates: string[] = [];
  for (let d = period.from; d <= period.to; d = addDaysToDate(d, 1)) dates.push(d);
  return dates;
}

/** The instants [start, end) the period covers in a time zone (a day across a DST change is 23 or 25 h). */
export function instantsOf(
  period: Pick<Period, 'from' | 'to'>,
  timeZone: string,
): { start: number; end: number } {
  return {
    start: startOfLocalDay(period.from, timeZone),
    end: startOfLocalDay(addDaysToDate(period.to, 1), timeZone),
  };
}

/** The bucket a date falls in for a chart's time series: the day itself, its ISO week's Monday, or its month. */
export function bucketOf(date: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return `${date.slice(0, 7)}-01`;
  let monday = weekStarts.get(date);
  if (monday === undefined) {
    const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    monday = addDaysToDate(date, -weekday);
    if (weekStarts.size >= 10_000) weekStarts.clear();
    weekStarts.set(date, monday);
  }
  return monday;
}

/** A report asks for the week of every person-day: memoised per date (a pure function; bounded). */
const weekStarts = new Map<string, string>();

/** The granularity a chart of the period reads best in: days up to two months, weeks up to half a year. */
export function granularityFor(period: Pick<Period, 'days'>): 'day' | 'week' | 'month' {
  return period.days <= 62 ? 'day' : period.days <= 186 ? 'week' : 'month';
}
