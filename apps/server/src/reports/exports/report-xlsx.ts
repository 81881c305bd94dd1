import ExcelJS from 'exceljs';
import type { Report, ReportCount } from '@werkbank/contracts';
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

/** A figure in a cell: a number when shown (so it can be summed), the mark as text when hidden. */
const value = (count: ReportCount, k: number, lang: ExportLang): number | string =>
  count.suppressed || count.value === null ? shown(count, k, lang) : count.value;

/**
 * The report as a workbook: a definitions sheet (period, sites, the privacy note, every metric's definition),
 * then a sheet per metric with totals against the previous period, by site, by category and over time.
 */
export async function reportXlsx(report: Report, lang: ExportLang): Promise<Buffer> {
  const t = TEXTS[lang];
  const k = report.threshold;
  const book = new ExcelJS.Workbook();
  book.creator = 'Werkbank';
  book.created = new Date(report.generatedAt);
  const defs = book.addWorksheet(t.definitions);
  defs.columns = [{ width: 10 }, { width: 34 }, { width: 100 }];
  defs.addRow([t.title, report.labName]).font = { bold: true, size: 14 };
  defs.addRow([t.period, periodLabel(report.period)]);
  defs.addRow([t.previous, periodLabel(report.previousPeriod)]);
  defs.addRow([t.sites, report.sites.map((s) => s.name + (s.hasData ? '' : ` (${t.noData})`)).join(', ')]);
  defs.addRow([t.generated, report.generatedAt]);
  defs.addRow([]);
  defs.addRow([t.threshold(k)]);
  defs.addRow([]);
  defs.addRow([t.metric, t.measure, t.definition]).font = { bold: true };
  for (const m of report.metrics) {
    const row = defs.addRow([m.id, m.name[lang], m.definition[lang]]);
    row.getCell(3).alignment = { wrapText: true, vertical: 'top' };
  }

  for (const m of report.metrics) {
    const sheet = book.addWorksheet(`${m.id} ${m.name[lang]}`.replace(/[*?:\\/[\]]/g, ' ').slice(0, 31));
    sheet.columns = [{ width: 34 }, { width: 26 }, { width: 16 }, { width: 16 }, { width: 16 }];
    sheet.addRow([`${m.id} ${m.name[lang]}`]).font = { bold: true, size: 13 };
    sheet.addRow([m.definition[lang]]);
    if (m.unavailable) sheet.addRow([`${t.unavailable}: ${m.unavailable[lang]}`]);
    for (const x of m.measures) {
      sheet.addRow([]);
      sheet.addRow([x.name[lang], '', t.current, t.before, t.change]).font = { bold: true };
      sheet.addRow([
        t.total,
        t.allSites,
        value(x.total, k, lang),
        value(x.previousTotal, k, lang),
        shownChange(x.difference, k, lang, x.kind),
      ]);
      for (const s of x.bySite) sheet.addRow([t.site, siteName(report, s.siteId), value(s.value, k, lang)]);
      for (const b of x.byBreakdown)
        for (const c of b.categories)
          sheet.addRow([
            `${t.by} ${breakdownLabel(b.breakdown, lang)}`,
            categoryLabel(c.category, lang),
            value(c.value, k, lang),
          ]);
      for (const s of x.series) sheet.addRow([t.series, s.bucket, value(s.value, k, lang)]);
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}
