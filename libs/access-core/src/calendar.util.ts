/**
 * Calendar arithmetic on "local epoch" milliseconds: an instant shifted by its UTC offset, so that UTC field
 * arithmetic yields the site's wall clock. Plain integer maths, no Date objects, because it runs per decision.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const WEEK_MINUTES = 7 * 24 * 60;

/** Whole days since 1970-01-01 of a local epoch value. */
export function epochDayOf(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

/** ISO weekday index with Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
export function weekdayIndexOfEpochDay(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/** Milliseconds since Monday 00:00 of the local week. */
export function msOfWeek(localMs: number): number {
  const day = epochDayOf(localMs);
  return weekdayIndexOfEpochDay(day) * DAY_MS + (localMs - day * DAY_MS);
}

/**
 * The civil date of an epoch day as the number yyyymmdd (H. Hinnant's days-to-civil algorithm). Encoding dates
 * as yyyymmdd lets age be computed with one subtraction (see ageInYears).
 */
export function ymdOfEpochDay(epochDay: number): number {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 10_000 + month * 100 + day;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses 'YYYY-MM-DD' into yyyymmdd; throws RangeError on anything that is not a real calendar date. */
export function parseIsoDate(text: string): number {
  const match = ISO_DATE.exec(text);
  if (match === null) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(text)}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`not a calendar date: ${text}`);
  }
  return year * 10_000 + month * 100 + day;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Completed years between two yyyymmdd dates. Someone born on 29 February turns a year older on 1 March in
 * common years, the usual reading of §§ 187/188 BGB.
 */
export function ageInYears(birthYmd: number, todayYmd: number): number {
  return Math.floor((todayYmd - birthYmd) / 10_000);
}

/** 'HH:MM' to minutes after midnight; `allow24` admits '24:00' (end of day) for closing times. */
export function parseClockTime(text: string, allow24: boolean): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (match !== null) {
    const hours = Number(match[1]);
    const minutes = Number(match[2]);
    if (minutes < 60 && (hours < 24 || (allow24 && hours === 24 && minutes === 0)))
      return hours * 60 + minutes;
  }
  throw new RangeError(`not a time of day (HH:MM): ${JSON.stringify(text)}`);
}
