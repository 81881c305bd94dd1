import { MeasureKind, type Report, type ReportCount } from '@werkbank/contracts';

export type ExportLang = 'de' | 'en';

/** The exports' own words (the admin UI has its i18n; the server writes files). */
export const TEXTS = {
  de: {
    title: 'Förderbericht',
    period: 'Zeitraum',
    previous: 'Vergleichszeitraum',
    sites: 'Standorte',
    generated: 'Erstellt',
    threshold: (k: number) =>
      `Datenschutz: Personenzahlen unter ${k} werden als „<${k}“ gezeigt; mit „•“ markierte Werte sind verborgen, damit sich kein kleiner Wert aus Summen oder dem Vergleich zurückrechnen lässt.`,
    noData: 'keine Daten im Zeitraum',
    mobile: 'mobiles Labor',
    unavailable: 'Nicht verfügbar',
    definition: 'Definition',
    total: 'Gesamt',
    current: 'Zeitraum',
    before: 'Vorzeitraum',
    change: 'Veränderung',
    site: 'Standort',
    allSites: 'alle Standorte',
    category: 'Kategorie',
    bucket: 'Abschnitt',
    measure: 'Kennzahl',
    value: 'Wert',
    series: 'Verlauf',
    metric: 'Metrik',
    by: 'nach',
    definitions: 'Definitionen',
  },
  en: {
    title: 'Funder report',
    period: 'Period',
    previous: 'Compared with',
    sites: 'Sites',
    generated: 'Generated',
    threshold: (k: number) =>
      `Privacy: counts of persons below ${k} are shown as "<${k}"; values marked "•" are hidden so that no small value can be recomputed from totals or the comparison.`,
    noData: 'no data in the period',
    mobile: 'mobile lab',
    unavailable: 'Not available',
    definition: 'Definition',
    total: 'Total',
    current: 'Period',
    before: 'Previous',
    change: 'Change',
    site: 'Site',
    allSites: 'all sites',
    category: 'Category',
    bucket: 'Bucket',
    measure: 'Measure',
    value: 'Value',
    series: 'Over time',
    metric: 'Metric',
    by: 'by',
    definitions: 'Definitions',
  },
} as const;

/** A figure as every export prints it: the number (a share as a percentage), or "<k" / "•" when hidden. */
export function shown(count: ReportCount, k: number, lang: ExportLang, kind?: MeasureKind): string {
  if (count.suppressed || count.value === null) return count.reason === 'primary' ? `<${k}` : '•';
  const locale = lang === 'de' ? 'de-DE' : 'en-GB';
  if (kind === MeasureKind.Share)
    return count.value.toLocaleString(locale, { style: 'percent', maximumFractionDigits: 1 });
  const value = Math.round(count.value * 10) / 10;
  return value.toLocaleString(locale, { maximumFractionDigits: 1 });
}

/** Signed change, e.g. "+12" / "−3". */
export function shownChange(count: ReportCount, k: number, lang: ExportLang, kind?: MeasureKind): string {
  const text = shown(count, k, lang, kind);
  if (count.value === null || count.suppressed) return text;
  return count.value > 0 ? `+${text}` : text;
}

export const siteName = (report: Report, id: string) => report.sites.find((s) => s.id === id)?.name ?? id;

export const periodLabel = (p: Report['period']) => `${p.from} – ${p.to}`;

/** e.g. werkbank-report-2026-Q3, werkbank-report-2026-03, werkbank-report-2026-03-01_2026-03-31. */
export function fileStem(report: Report): string {
  const { kind, from, to } = report.period;
  const year = from.slice(0, 4);
  const tail =
    kind === 'year'
      ? year
      : kind === 'quarter'
        ? `${year}-Q${Math.floor(Number(from.slice(5, 7)) / 3) + 1}`
        : kind === 'month'
          ? from.slice(0, 7)
          : `${from}_${to}`;
  return `werkbank-report-${tail}`;
}

const BREAKDOWNS: Record<string, { de: string; en: string }> = {
  age_band: { de: 'Altersgruppe', en: 'age band' },
  gender: { de: 'Geschlecht', en: 'gender' },
  occupation_status: { de: 'Status', en: 'status' },
  urban_rural: { de: 'Stadt/Land', en: 'urban/rural' },
  event_format: { de: 'Format', en: 'format' },
  machine_type: { de: 'Maschinentyp', en: 'machine type' },
  partner_type: { de: 'Partnerart', en: 'partner type' },
  incident_severity: { de: 'Schwere', en: 'severity' },
  qualification: { de: 'Qualifikation', en: 'qualification' },
};

export const breakdownLabel = (key: string, lang: ExportLang) => BREAKDOWNS[key]?.[lang] ?? key;

/** A category key as a person reads it: "18_29" → "18–29", "not_stated" → "keine Angabe". */
export function categoryLabel(key: string, lang: ExportLang): string {
  if (key === 'not_stated') return lang === 'de' ? 'keine Angabe' : 'not stated';
  if (key === 'under_18') return lang === 'de' ? 'unter 18' : 'under 18';
  if (key === '65_plus') return '65+';
  if (/^\d+_\d+$/.test(key)) return key.replace('_', '–');
  return key.replace(/_/g, ' ');
}
