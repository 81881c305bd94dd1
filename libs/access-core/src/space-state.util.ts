import { MINUTE_MS, msOfWeek, WEEK_MINUTES } from './calendar.util';
import { CLOSED } from './opening-hours.util';
import type { SiteEntry } from './policy-snapshot';
import { localToUtc, utcOffsetAt } from './site-clock.util';

/** Whether a site is open to the public now (SpaceAPI `state`), from the snapshot alone. */
export interface SpaceState {
  /** Inside the opening hours and at least one staff member present. */
  readonly open: boolean;
  readonly withinHours: boolean;
  readonly staffPresent: boolean;
  /** When the opening hours last switched between open and closed (epoch ms); null without hours. */
  readonly hoursChangedAt: number | null;
}

/**
 * Open means: within the site's opening hours (no hours = no restriction) and a staff member on site, the
 * same supervision the access core asks for. Pure: the snapshot's site entry and an instant in, no I/O.
 */
export function spaceState(site: SiteEntry, now: number): SpaceState {
  const staffPresent = site.staffPresent.size > 0;
  const schedule = site.schedule;
  if (schedule.alwaysOpen)
    return { open: staffPresent, withinHours: true, staffPresent, hoursChangedAt: null };
  const offsetMs = utcOffsetAt(site.clock, now);
  const localMs = now + offsetMs;
  const weekMs = msOfWeek(localMs);
  const minute = Math.floor(weekMs / MINUTE_MS);
  const isOpen = (m: number) => schedule.closeAt[m] !== CLOSED;
  const withinHours = isOpen(minute);
  // Walk back to the first minute of the current stretch (open or closed); it cannot be the whole week.
  let back = 0;
  while (back < WEEK_MINUTES - 1 && isOpen((minute - back - 1 + WEEK_MINUTES) % WEEK_MINUTES) === withinHours)
    back++;
  const localStart = localMs - (weekMs % MINUTE_MS) - back * MINUTE_MS;
  return {
    open: withinHours && staffPresent,
    withinHours,
    staffPresent,
    hoursChangedAt: localToUtc(site.clock, localStart, offsetMs),
  };
}
