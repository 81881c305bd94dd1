/**
 * An instant from a raw query (getRawMany skips the column's hydration): PostgreSQL's driver gives a Date;
 * SQLite gives TypeORM's UTC text 'YYYY-MM-DD HH:MM:SS.SSS', which `new Date()` would read in the server's
 * own time zone (a Raspberry Pi set to Europe/Berlin would shift every visit by an hour). Reports read
 * hundreds of thousands of these, so that shape is taken apart by hand; anything else goes to Date.
 */
export function rawInstant(value: string | Date): Date {
  if (value instanceof Date) return value;
  const m = SQLITE_UTC.exec(value);
  if (m)
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], m[7] ? +m[7].padEnd(3, '0') : 0));
  return new Date(/[Zz]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

const SQLITE_UTC = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?Z?$/;
