// Date arithmetic for the calendar, in the browser's zone (the lab's): days as YYYY-MM-DD, weeks from Monday.

import { localDay } from '../../lib/format';

export type CalendarView = 'week' | 'month';

/** A local day as YYYY-MM-DD (the same formatting as the rest of the UI). */
export function dayOf(d: Date): string {
  return localDay(d.toISOString());
}

/** Local midnight of a YYYY-MM-DD day. */
export function midnight(day: string): Date {
  return new Date(`${day}T00:00`);
}

export function addDays(day: string, n: number): string {
  const d = midnight(day);
  d.setDate(d.getDate() + n);
  return dayOf(d);
}

/** The Monday of the day's week (German weeks start on Monday). */
export function mondayOf(day: string): string {
  const weekday = (midnight(day).getDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** The days the view shows: 7 for a week, 6 whole weeks (42 days) around the month for a month. */
export function daysOf(view: CalendarView, anchor: string): string[] {
  const first = view === 'week' ? mondayOf(anchor) : mondayOf(`${anchor.slice(0, 7)}-01`);
  return Array.from({ length: view === 'week' ? 7 : 42 }, (_, i) => addDays(first, i));
}

/** The anchor one step back or forward. */
export function step(view: CalendarView, anchor: string, direction: -1 | 1): string {
  if (view === 'week') return addDays(anchor, 7 * direction);
  const d = midnight(`${anchor.slice(0, 7)}-01`);
  d.setMonth(d.getMonth() + direction);
  return dayOf(d);
}

/** Whether [start, end) touches the local day. */
export function touchesDay(startIso: string, endIso: string, day: string): boolean {
  const from = midnight(day).getTime();
  const to = midnight(addDays(day, 1)).getTime();
  return Date.parse(startIso) < to && Date.parse(endIso) > from;
}
