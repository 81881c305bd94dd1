import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** de-DE gives DD.MM.YYYY, 24 h and the decimal comma; en-GB keeps day-first dates and the 24-hour clock. */
export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-GB' : 'de-DE';
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface Formatters {
  locale: string;
  /** A calendar date (YYYY-MM-DD, no time zone) or the date part of a timestamp in local time. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
  time(value: string | null | undefined): string;
  /** HH:MM */
  timeShort(value: string | null | undefined): string;
  number(value: number | null | undefined, fractionDigits?: number): string;
  percent(fraction: number): string;
  /** Elapsed time as H:MM:SS. */
  duration(ms: number): string;
  weekday(isoWeekday: number): string;
}

export function makeFormatters(lang: string): Formatters {
  const locale = localeOf(lang);
  const dateFmt = new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric' });
  const dateUtc = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const timeFmt = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  const timeShortFmt = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const weekdayFmt = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return {
    locale,
    date(value) {
      if (!value) return '–';
      if (DATE_ONLY.test(value)) return dateUtc.format(new Date(`${value}T00:00:00Z`));
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : dateFmt.format(d);
    },
    dateTime(value) {
      if (!value) return '–';
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : dateTimeFmt.format(d);
    },
    time(value) {
      if (!value) return '–';
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : timeFmt.format(d);
    },
    timeShort(value) {
      if (!value) return '–';
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : timeShortFmt.format(d);
    },
    number(value, fractionDigits = 0) {
      if (value === null || value === undefined || Number.isNaN(value)) return '–';
      return new Intl.NumberFormat(locale, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value);
    },
    percent(fraction) {
      return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(fraction);
    },
    duration(ms) {
      const total = Math.max(0, Math.floor(ms / 1000));
      const h = Math.floor(total / 3600);
      const m = Math.floor((total % 3600) / 60);
      const s = total % 60;
      return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
    },
    weekday(isoWeekday) {
      // 2024-01-01 was a Monday (ISO weekday 1).
      return weekdayFmt.format(new Date(Date.UTC(2024, 0, isoWeekday)));
    },
  };
}

export function useFormat(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => makeFormatters(i18n.language), [i18n.language]);
}

/** Today as YYYY-MM-DD in local time (for date inputs). */
export function todayIso(offsetDays = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Local calendar day (YYYY-MM-DD) of a timestamp. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function fullName(m: { firstName: string; lastName: string }): string {
  return `${m.firstName} ${m.lastName}`;
}

/** Trainings are valid up to the day before `expiresOn`: staff see the last valid day. */
export function lastValidDay(expiresOn: string): string {
  const d = new Date(`${expiresOn}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The optional text fields that were filled in, trimmed; empty ones are left out (the API's "not given"). */
export function filledIn<K extends string>(fields: Record<K, string>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, value] of Object.entries(fields) as [K, string][]) {
    if (value.trim()) out[key] = value.trim();
  }
  return out;
}
