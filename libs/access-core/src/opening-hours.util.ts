import { parseClockTime, WEEK_MINUTES } from './calendar.util';

/**
 * One opening window in the site's wall-clock time. `closes <= opens` means the window ends at `closes` on the
 * next day (so '22:00'–'02:00' is a late shift and '00:00'–'00:00' a whole day). `closes` may be '24:00'.
 */
export interface OpeningWindow {
  /** ISO weekday the window opens on: 1 = Monday … 7 = Sunday. */
  readonly weekday: number;
  readonly opens: string;
  readonly closes: string;
}

/** Marks a closed minute in CompiledSchedule.closeAt. */
export const CLOSED = 0xffff;

/**
 * Opening hours folded into one lookup per minute of the week, so a decision costs one array read. Windows that
 * overlap or touch are merged: a session started in a 22:00–24:00 window followed by 00:00–06:00 may run to
 * 06:00, and seven 24-hour windows mean "always open".
 */
export interface CompiledSchedule {
  /** No restriction: no windows at all, or windows that cover the whole week. */
  readonly alwaysOpen: boolean;
  /**
   * Indexed by minute of the week (Monday 00:00 = 0). For an open minute: the minute of the week at which the
   * open stretch ends, counted from the same Monday, hence up to 2 × 10 080 when it wraps past Sunday night;
   * CLOSED otherwise. 20 KB per site.
   */
  readonly closeAt: Uint16Array;
}

const ALWAYS_OPEN: CompiledSchedule = { alwaysOpen: true, closeAt: new Uint16Array(0) };

/** Validates and compiles opening windows; throws RangeError naming the bad window. */
export function compileOpeningHours(windows: readonly OpeningWindow[]): CompiledSchedule {
  if (windows.length === 0) return ALWAYS_OPEN;
  const open = new Uint8Array(WEEK_MINUTES);
  windows.forEach((window, index) => {
    if (!Number.isInteger(window.weekday) || window.weekday < 1 || window.weekday > 7) {
      throw new RangeError(`openingHours.${index}.weekday must be 1..7, got ${String(window.weekday)}`);
    }
    const opens = parseClockTime(window.opens, false);
    const closes = parseClockTime(window.closes, true);
    const length = closes > opens ? closes - opens : closes + 1440 - opens;
    const start = (window.weekday - 1) * 1440 + opens;
    for (let i = 0; i < length; i++) open[(start + i) % WEEK_MINUTES] = 1;
  });

  const anyClosed = open.indexOf(0);
  if (anyClosed === -1) return ALWAYS_OPEN;

  // Walk the ring backwards from a closed minute, carrying the distance to the next closed minute.
  const closeAt = new Uint16Array(WEEK_MINUTES);
  let distance = 0;
  for (let step = 0; step < WEEK_MINUTES; step++) {
    const minute = (anyClosed - step + WEEK_MINUTES) % WEEK_MINUTES;
    if (open[minute] === 1) {
      distance += 1;
      closeAt[minute] = minute + distance;
    } else {
      distance = 0;
      closeAt[minute] = CLOSED;
    }
  }
  return { alwaysOpen: false, closeAt };
}
