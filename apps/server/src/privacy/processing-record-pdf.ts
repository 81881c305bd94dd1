import type { ProcessingRecord } from '@werkbank/contracts/api';
import { formatDateTime } from '../members/data-export/member-data-pdf';
import { PdfLang, writePdf } from '../common/pdf-writer';

const TEXT = {
  de: {
    title: 'Verzeichnis der Verarbeitungstätigkeiten (Art. 30 DSGVO)',
    created: 'Erstellt am',
    controller: 'Verantwortlicher',
    contact: 'Kontakt',
    unset: 'nicht konfiguriert (PRIVACY_CONTROLLER / PRIVACY_CONTACT)',
    measures: 'Technische und organisatorische Maßnahmen (Art. 32)',
    purpose: 'Zweck',
    legalBasis: 'Rechtsgrundlage',
    dataCategories: 'Datenkategorien',
    dataSubjects: 'Betroffene',
    recipients: 'Empfänger',
    retention: 'Speicherdauer',
    activityMeasures: 'Maßnahmen',
    generated: 'Aus der Konfiguration dieser Installation erzeugt.',
  },
  en: {
    title: 'Record of processing activities (GDPR Art. 30)',
    created: 'Created on',
    controller: 'Controller',
    contact: 'Contact',
    unset: 'not configured (PRIVACY_CONTROLLER / PRIVACY_CONTACT)',
    measures: 'Technical and organisational measures (Art. 32)',
    purpose: 'Purpose',
    legalBasis: 'Legal basis',
    dataCategories: 'Data categories',
    dataSubjects: 'Data subjects',
    recipients: 'Recipients',
    retention: 'Retention',
    activityMeasures: 'Measures',
    generated: "Generated from this installation's configuration.",
  },
} as const;

/** The record as a PDF: controller, one section per activity (label/value list), the measures. */
export function processingRecordPdf(
  record: ProcessingRecord,
  lang: PdfLang,
  timeZone: string,
): Promise<Buffer> {
  const x = TEXT[lang];
  return writePdf({
    title: x.title,
    subtitle: [
      `${x.controller}: ${record.controller.name ?? x.unset}`,
      `${x.contact}: ${record.controller.contact ?? x.unset}`,
      `${x.created}: ${formatDateTime(new Date(record.generatedAt), timeZone)}`,
      x.generated,
    ],
    lang,
    sections: [
      ...record.activities.map((a, i) => ({
        heading: `${i + 1}. ${a.name[lang]}`,
        fields: [
          [x.purpose, a.purpose[lang]],
          [x.legalBasis, a.legalBasis[lang]],
          [x.dataCategories, a.dataCategories[lang]],
          [x.dataSubjects, a.dataSubjects[lang]],
          [x.recipients, a.recipients[lang]],
          [x.retention, a.retention[lang]],
          [x.activityMeasures, a.measures[lang]],
        ] as [string, string][],
      })),
      { heading: x.measures, paragraphs: record.technicalMeasures.map((m) => `• ${m[lang]}`) },
    ],
  });
}
