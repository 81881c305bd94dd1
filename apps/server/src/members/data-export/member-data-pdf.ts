import type { ExportCell, MemberDataExport, MemberDataSectionKey } from '@werkbank/contracts/api';
import { MEMBER_DATA_SPEC } from './member-data-sections';
import { PdfLang, PdfSection, writePdf } from '../../common/pdf-writer';

const TEXT = {
  de: {
    title: 'Auskunft über gespeicherte Daten (Art. 15 DSGVO)',
    person: 'Person',
    created: 'Erstellt am',
    intro:
      'Diese Auskunft enthält alle Daten, die diese Installation über die genannte Person speichert. ' +
      'Kartennummern werden nur als geschützter Hashwert (HMAC-SHA256) und mit den letzten vier Stellen ' +
      'gespeichert. Nutzungsdaten sind unter dem Pseudonym gespeichert, nicht unter dem Namen.',
    empty: 'Keine Einträge.',
    yes: 'ja',
    no: 'nein',
  },
  en: {
    title: 'Access to stored personal data (GDPR Art. 15)',
    person: 'Person',
    created: 'Created on',
    intro:
      'This export holds all data this installation stores about the person named. Card numbers are ' +
      'stored only as a keyed hash (HMAC-SHA256) and their last four digits. Usage data is stored under the ' +
      'pseudonym, not under the name.',
    empty: 'No entries.',
    yes: 'yes',
    no: 'no',
  },
} as const;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** One exported value as a person reads it: times in the lab's zone, flags as words, nothing as a dash. */
export function displayCell(value: ExportCell, lang: PdfLang, timeZone: string): string {
  if (value === null || value === '') return '–';
  if (typeof value === 'boolean') return value ? TEXT[lang].yes : TEXT[lang].no;
  if (typeof value === 'number') return value.toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB');
  if (DATE_TIME.test(value)) return formatDateTime(new Date(value), timeZone);
  return value;
}

export function formatDateTime(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The export as a PDF for the member: the identity as a list, every other section as a table. */
export function memberDataPdf(data: MemberDataExport, lang: PdfLang, timeZone: string): Promise<Buffer> {
  const t = TEXT[lang];
  const identity = data.sections.identity.items[0] ?? {};
  const name = `${String(identity.firstName ?? '')} ${String(identity.lastName ?? '')}`.trim();
  const sections: PdfSection[] = (Object.keys(MEMBER_DATA_SPEC) as MemberDataSectionKey[]).map((key) => {
    const spec = MEMBER_DATA_SPEC[key];
    const items = data.sections[key].items;
    if (key === 'identity')
      return {
        heading: spec.title[lang],
        fields: spec.columns.map((col) => [
          col[lang],
          displayCell(identity[col.key] ?? null, lang, timeZone),
        ]),
      };
    return {
      heading: spec.title[lang],
      table: {
        columns: spec.columns.map((col) => col[lang]),
        rows: items.map((item) =>
          spec.columns.map((col) => displayCell(item[col.key] ?? null, lang, timeZone)),
        ),
      },
      empty: t.empty,
    };
  });
  return writePdf({
    title: t.title,
    subtitle: [
      `${t.person}: ${name}`,
      `${t.created}: ${formatDateTime(new Date(data.generatedAt), timeZone)}`,
      '',
      t.intro,
    ],
    lang,
    sections,
  });
}
