import type { Report, ReportMeasure, ReportMetric } from '@werkbank/contracts';
import { type PdfSection, writePdf } from '../../common/pdf-writer';
import {
  breakdownLabel,
  categoryLabel,
  type ExportLang,
  periodLabel,
  shown,
  shownChange,
  siteName,
  TEXTS,
} from './report-texts';

/**
 * The funder-ready PDF: lab name and emblem, period, sites and the privacy note on the first page, then each
 * metric with its definition, a chart of its series and tables (totals against the previous period, by site,
 * by category), page numbers. Generated on the server with pdfkit (no browser).
 */
export function reportPdf(report: Report, lang: ExportLang): Promise<Buffer> {
  const t = TEXTS[lang];
  const sites = report.sites
    .map((s) => `${s.name}${s.mobile ? ` (${t.mobile})` : ''}${s.hasData ? '' : ` – ${t.noData}`}`)
    .join(', ');
  return writePdf({
    title: `${t.title} · ${report.labName}`,
    subtitle: [
      `${t.period}: ${periodLabel(report.period)}   ${t.previous}: ${periodLabel(report.previousPeriod)}`,
      `${t.sites}: ${sites}`,
      `${t.generated}: ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC`,
      t.threshold(report.threshold),
    ],
    lang,
    emblem: true,
    sections: report.metrics.flatMap((m) => metricSections(report, m, lang)),
  });
}

function metricSections(report: Report, metric: ReportMetric, lang: ExportLang): PdfSection[] {
  const t = TEXTS[lang];
  const head: PdfSection = {
    heading: `${metric.id} ${metric.name[lang]}`,
    paragraphs: [
      metric.definition[lang],
      ...(metric.unavailable ? [`${t.unavailable}: ${metric.unavailable[lang]}`] : []),
    ],
  };
  return [head, ...metric.measures.map((m) => measureSection(report, metric, m, lang))];
}

function measureSection(
  report: Report,
  metric: ReportMetric,
  m: ReportMeasure,
  lang: ExportLang,
): PdfSection {
  const t = TEXTS[lang];
  const k = report.threshold;
  const rows = [
    [
      t.total,
      t.allSites,
      shown(m.total, k, lang, m.kind),
      shown(m.previousTotal, k, lang, m.kind),
      shownChange(m.difference, k, lang, m.kind),
    ],
    ...m.bySite.map((s) => [t.site, siteName(report, s.siteId), shown(s.value, k, lang, m.kind), '', '']),
    ...m.byBreakdown.flatMap((b) =>
      b.categories.map((c) => [
        `${t.by} ${breakdownLabel(b.breakdown, lang)}`,
        categoryLabel(c.category, lang),
        shown(c.value, k, lang, m.kind),
        '',
        '',
      ]),
    ),
  ];
  return {
    heading: `${metric.id} · ${m.name[lang]}`,
    chart:
      m.series.length > 1
        ? {
            bars: m.series.map((s) => ({
              label: s.bucket.length === 10 ? s.bucket.slice(5) : s.bucket,
              value: s.value.suppressed ? null : s.value.value,
              mark: s.value.suppressed ? shown(s.value, k, lang, m.kind) : undefined,
            })),
            caption: `${t.series}: ${m.name[lang]} (${report.granularity})`,
          }
        : undefined,
    table: { columns: [t.measure, '', t.current, t.before, t.change], rows },
  };
}
