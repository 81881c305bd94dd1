import type { Report, ReportCount } from '@werkbank/contracts';
import { type ExportLang, shown, siteName } from './report-texts';

/** One figure of a report as a tidy row: what it is, then its value (empty when hidden) and how it is shown. */
export interface TidyRow {
  metric: string;
  metricName: string;
  measure: string;
  measureName: string;
  site: string;
  breakdown: string;
  category: string;
  bucket: string;
  period: 'current' | 'previous' | 'difference';
  value: number | null;
  shown: string;
}

/** Every figure of the report, one row each (the CSV, and the XLSX sheets' source). */
export function tidyRows(report: Report, lang: ExportLang): TidyRow[] {
  const k = report.threshold;
  const rows: TidyRow[] = [];
  for (const metric of report.metrics)
    for (const m of metric.measures) {
      const base = {
        metric: metric.id,
        metricName: metric.name[lang],
        measure: m.key,
        measureName: m.name[lang],
        site: '',
        breakdown: '',
        category: '',
        bucket: '',
      };
      const add = (over: Partial<TidyRow>, period: TidyRow['period'], count: ReportCount) =>
        rows.push({
          ...base,
          ...over,
          period,
          value: count.suppressed ? null : count.value,
          shown: shown(count, k, lang, m.kind),
        });
      add({}, 'current', m.total);
      add({}, 'previous', m.previousTotal);
      add({}, 'difference', m.difference);
      for (const s of m.bySite) add({ site: siteName(report, s.siteId) }, 'current', s.value);
      for (const b of m.byBreakdown)
        for (const c of b.categories)
          add({ breakdown: b.breakdown, category: c.category }, 'current', c.value);
      for (const s of m.series) add({ bucket: s.bucket }, 'current', s.value);
    }
  return rows;
}
