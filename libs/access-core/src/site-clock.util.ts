import { DAY_MS, HOUR_MS, parseIsoDate } from './calendar.util';

/**
 * Per-site memo of the time-zone maths. Intl is slow (microseconds per call) and decide() must do a million
 * decisions a second, so the UTC offset is cached per UTC hour bucket: DST switches happen on hour boundaries
 * in practice, and a switch inside a bucket (e.g. Lord Howe's half-hour zone) is located once and honoured.
 * Filling a bucket that follows the cached one costs a single Intl call.
 *
 * The memo is an internal, mutable cache hanging off an otherwise read-only SiteEntry; it never changes a
 * result, only how fast it is computed.
 */
export interface SiteClock {
  readonly timeZone: string;
  readonly format: Intl.DateTimeFormat;
  /** floor(t / 1 h) of the cached bucket; NaN when empty. */
  bucket: number;
  /** Offset (local − UTC, ms) from the bucket start until switchAt. */
  offsetMs: number;
  /** First instant inside the bucket with offsetAfterMs; +Infinity when the offset holds for the whole bucket. */
  switchAt: number;
  offsetAfterMs: number;
  /** Offset at the start of the next bucket, so the next refill needs one Intl call instead of two. */
  nextBucketOffsetMs: number;
  /** Memo of the last local-to-UTC conversion (the close of the current opening window). */
  memoLocalMs: number;
  memoHintOffsetMs: number;
  memoUtcMs: number;
}

/** Throws RangeError for a time zone Intl does not know, so a bad site fails at upsert, not at a tap. */
export function createSiteClock(timeZone: string): SiteClock {
  return {
    timeZone,
    format: formatterFor(timeZone),
    bucket: Number.NaN,
    offsetMs: 0,
    switchAt: Number.POSITIVE_INFINITY,
    offsetAfterMs: 0,
    nextBucketOffsetMs: 0,
    memoLocalMs: Number.NaN,
    memoHintOffsetMs: Number.NaN,
    memoUtcMs: Number.NaN,
  };
}

// Formatters are costly to build and immutable, so one per zone is shared (a memo, not state).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** UTC offset (local − UTC, in ms) of the clock's zone at instant `t`, from the hour-bucket cache. */
export function utcOffsetAt(clock: SiteClock, t: number): number {
  const bucket = Math.floor(t / HOUR_MS);
  if (bucket !== clock.bucket) refillBucket(clock, bucket);
  return t < clock.switchAt ? clock.offsetMs : clock.offsetAfterMs;
}

function refillBucket(clock: SiteClock, bucket: number): void {
  const start = bucket * HOUR_MS;
  const end = start + HOUR_MS;
  const startOffset =
    clock.bucket === bucket - 1 ? clock.nextBucketOffsetMs : intlUtcOffset(clock.format, start);
  const endOffset = intlUtcOffset(clock.format, end);
  clock.bucket = bucket;
  clock.offsetMs = startOffset;
  clock.offsetAfterMs = endOffset;
  clock.nextBucketOffsetMs = endOffset;
  clock.switchAt =
    startOffset === endOffset ? Number.POSITIVE_INFINITY : findSwitch(clock.format, start, end, startOffset);
}

/** First whole second in (from, to] whose offset differs from `before` (offsets change on whole seconds). */
function findSwitch(format: Intl.DateTimeFormat, from: number, to: number, before: number): number {
  let lo = from;
  let hi = to;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (intlUtcOffset(format, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Uncached offset via Intl, to the second. */
export function intlUtcOffset(format: Intl.DateTimeFormat, t: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of format.formatToParts(t)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24; // some ICU builds print midnight as 24
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      default:
        break;
    }
  }
  const flooredToSecond = t - (((t % 1000) + 1000) % 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second) - flooredToSecond;
}

/**
 * The instant at which the site's wall clock shows `localMs` (a local epoch value). `hintOffsetMs` (the offset
 * now) picks the occurrence when the wall time repeats after a DST fall-back: the one in the current offset.
 * A wall time skipped by a spring-forward gap maps to the switch instant, when the clock jumps past it.
 * Memoised for the last conversion, which is the close of the current opening window for every tap at the site.
 */
export function localToUtc(clock: SiteClock, localMs: number, hintOffsetMs: number): number {
  if (clock.memoLocalMs === localMs && clock.memoHintOffsetMs === hintOffsetMs) return clock.memoUtcMs;
  const utc = convertLocalToUtc(clock.format, localMs, hintOffsetMs);
  clock.memoLocalMs = localMs;
  clock.memoHintOffsetMs = hintOffsetMs;
  clock.memoUtcMs = utc;
  return utc;
}

function convertLocalToUtc(format: Intl.DateTimeFormat, localMs: number, hintOffsetMs: number): number {
  const first = localMs - hintOffsetMs;
  const firstOffset = intlUtcOffset(format, first);
  if (firstOffset === hintOffsetMs) return first;
  const second = localMs - firstOffset;
  const secondOffset = intlUtcOffset(format, second);
  if (secondOffset === firstOffset) return second;
  // In a gap: neither offset yields this wall time; the switch lies between the two candidates.
  const from = Math.min(first, second);
  return findSwitch(format, from, Math.max(first, second), intlUtcOffset(format, from));
}

/**
 * Loading the snapshot converts every training's expiry date, and thousands of them share a few hundred dates:
 * the conversion (Intl, microseconds) is memoised. Bounded, and a pure function of its key.
 */
const dayStarts = new Map<string, number>();
const DAY_STARTS_LIMIT = 10_000;

/**
 * First instant of a calendar day ('YYYY-MM-DD') in a zone, for turning the database's date columns (guest
 * passes, training expiry) into the epoch ms the snapshot holds. Throws RangeError on a bad date or zone.
 */
export function startOfLocalDay(date: string, timeZone: string): number {
  const key = `${timeZone} ${date}`;
  let start = dayStarts.get(key);
  if (start === undefined) {
    const ymd = parseIsoDate(date);
    const localMs = Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100);
    const format = formatterFor(timeZone);
    start = convertLocalToUtc(format, localMs, intlUtcOffset(format, localMs));
    if (dayStarts.size >= DAY_STARTS_LIMIT) dayStarts.clear();
    dayStarts.set(key, start);
  }
  return start;
}

/** Last millisecond of a calendar day in a zone (23 or 25 hours after the start on DST days). */
export function endOfLocalDay(date: string, timeZone: string): number {
  const ymd = parseIsoDate(date);
  const nextLocalMs =
    Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) + DAY_MS;
  const format = formatterFor(timeZone);
  return convertLocalToUtc(format, nextLocalMs, intlUtcOffset(format, nextLocalMs)) - 1;
}

/**
 * The calendar day ('YYYY-MM-DD') an instant falls on in a zone. Training dates are local dates of the lab, as
 * in the snapshot: slicing toISOString() would give yesterday between local midnight and UTC midnight.
 */
export function localDateOf(instantMs: number, timeZone: string): string {
  const dayNumber = Math.floor((instantMs + offsetInHour(timeZone, instantMs)) / DAY_MS);
  let date = dateOfDayNumber.get(dayNumber);
  if (date === undefined) {
    date = new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
    if (dateOfDayNumber.size >= 100_000) dateOfDayNumber.clear();
    dateOfDayNumber.set(dayNumber, date);
  }
  return date;
}

/** 'YYYY-MM-DD' of a day since the epoch: the same few hundred strings, over and over, in a report. */
const dateOfDayNumber = new Map<number, string>();

/**
 * Reports turn hundreds of thousands of instants into local dates, and Intl costs microseconds a call: the
 * offset is memoised per zone and UTC hour when it is the same at both ends of the hour (an hour with a switch
 * inside asks Intl every time). Bounded, and a pure function of its key.
 */
const hourOffsets = new Map<string, Map<number, number>>();
const HOUR_OFFSETS_LIMIT = 100_000;
const SWITCH_INSIDE = Number.NaN;

function offsetInHour(timeZone: string, t: number): number {
  let zone = hourOffsets.get(timeZone);
  if (zone === undefined) hourOffsets.set(timeZone, (zone = new Map()));
  const bucket = Math.floor(t / HOUR_MS);
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const format = formatterFor(timeZone);
    const start = intlUtcOffset(format, bucket * HOUR_MS);
    offset = start === intlUtcOffset(format, (bucket + 1) * HOUR_MS) ? start : SWITCH_INSIDE;
    if (zone.size >= HOUR_OFFSETS_LIMIT) zone.clear();
    zone.set(bucket, offset);
  }
  return Number.isNaN(offset) ? intlUtcOffset(formatterFor(timeZone), t) : offset;
}

/** The calendar day `days` after a 'YYYY-MM-DD' date (plain calendar arithmetic, no zone involved). */
export function addDaysToDate(date: string, days: number): string {
  const ymd = parseIsoDate(date);
  const utc = Date.UTC(Math.floor(ymd / 10_000), (Math.floor(ymd / 100) % 100) - 1, (ymd % 100) + days);
  return new Date(utc).toISOString().slice(0, 10);
}
