import type { Report } from '@werkbank/contracts';
import { tidyRows } from './report-rows';
import type { ExportLang } from './report-texts';

const COLUMNS = [
  'metric',
  'metric_name',
  'measure',
  'measure_name',
  'site',
  'breakdown',
  'category',
  'bucket',
  'period',
  'value',
  'shown',
] as const;

/** RFC 4180 quoting; a cell a spreadsheet would run as a formula (= + - @) is prefixed with '. */
function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text) && !/^[-+]?\d[\d.,]*$/.test(text))
    text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The report as one tidy table (a row per figure), UTF-8 with BOM so spreadsheet programs read umlauts. */
export function reportCsv(report: Report, lang: ExportLang): Buffer {
  const lines = [COLUMNS.join(',')];
  for (const r of tidyRows(report, lang))
    lines.push(
      [
        r.metric,
        r.metricName,
        r.measure,
        r.measureName,
        r.site,
        r.breakdown,
        r.category,
        r.bucket,
        r.period,
        r.value,
        r.shown,
      ]
        .map(cell)
        .join(','),
    );
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
