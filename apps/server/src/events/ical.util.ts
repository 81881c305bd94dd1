/**
 * iCalendar (RFC 5545) writing, by hand: the feed needs a handful of properties, and the rules that matter
 * (CRLF, folding at 75 octets without splitting a UTF-8 character, TEXT escaping, UTC date-times) fit here
 * and are tested against a maintained parser (ical.js) in test/events-ical.e2e-spec.ts.
 */

export interface CalendarEntry {
  uid: string;
  /** When this entry last changed (DTSTAMP and LAST-MODIFIED). */
  stamp: Date;
  summary: string;
  description?: string | null;
  location?: string | null;
  categories?: string[];
  sequence: number;
  cancelled: boolean;
  /** Timed: instants in UTC. */
  startsAt?: Date;
  endsAt?: Date;
  /** All day: local dates 'YYYY-MM-DD', the last one inclusive. */
  startsOn?: string;
  endsOn?: string;
}

export interface Calendar {
  name: string;
  entries: CalendarEntry[];
}

const MAX_OCTETS = 75;

/** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Control characters other than the line breaks above are not allowed in TEXT.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** One content line folded into CRLF-separated pieces of at most 75 octets; continuations start with a space. */
export function foldLine(line: string): string {
  const pieces: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_OCTETS) {
      pieces.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  pieces.push(current);
  return pieces.join('\r\n');
}

/** 20260317T170000Z */
export function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function dateValue(day: string): string {
  return day.replace(/-/g, '');
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function renderCalendar(calendar: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Werkbank//Events//DE',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendar.name)}`,
  ];
  for (const entry of calendar.entries) lines.push(...renderEntry(entry));
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

function renderEntry(e: CalendarEntry): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${e.uid}`, `DTSTAMP:${utcDateTime(e.stamp)}`];
  if (e.startsOn && e.endsOn) {
    // DTEND of an all-day event is exclusive: the day after the last one.
    lines.push(
      `DTSTART;VALUE=DATE:${dateValue(e.startsOn)}`,
      `DTEND;VALUE=DATE:${dateValue(nextDay(e.endsOn))}`,
    );
  } else if (e.startsAt && e.endsAt) {
    lines.push(`DTSTART:${utcDateTime(e.startsAt)}`, `DTEND:${utcDateTime(e.endsAt)}`);
  }
  lines.push(`LAST-MODIFIED:${utcDateTime(e.stamp)}`, `SEQUENCE:${e.sequence}`);
  lines.push(`STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`, `SUMMARY:${escapeText(e.summary)}`);
  if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
  if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
  if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
  lines.push('TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}
