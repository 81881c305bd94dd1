// Funder reports: the metric catalogue, one report, and its exports (PDF, XLSX, CSV).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Report, ReportMetricInfo, UrbanRuralSummary } from '@werkbank/contracts';
import { api, uploadCsv, withQuery } from './client';
import { useApiMutation } from './mutations';

/** The query of GET /api/reports, exactly as the page keeps it in its URL (so a report can be linked). */
export interface ReportQuery {
  period: 'month' | 'quarter' | 'year' | 'custom';
  year?: string;
  month?: string;
  quarter?: string;
  from?: string;
  to?: string;
  /** Comma list; absent: every site. */
  siteIds?: string;
  /** Comma list of M1…M18; absent: every metric. */
  metrics?: string;
}

export type ExportFormat = 'pdf' | 'xlsx' | 'csv';

export const reportKeys = {
  all: ['reports'] as const,
  metrics: () => [...reportKeys.all, 'metrics'] as const,
  report: (query: ReportQuery) => [...reportKeys.all, 'report', query] as const,
  urbanRural: () => [...reportKeys.all, 'urban-rural'] as const,
};

/** Only the keys of the period kind (a month report sends no quarter), so equal reports share one cache entry. */
export function reportParams(query: ReportQuery): Record<string, string | undefined> {
  const { period, year, month, quarter, from, to, siteIds, metrics } = query;
  return {
    period,
    ...(period === 'custom' ? { from, to } : { year }),
    ...(period === 'month' ? { month } : {}),
    ...(period === 'quarter' ? { quarter } : {}),
    siteIds,
    metrics,
  };
}

export function useReportMetrics() {
  return useQuery({
    queryKey: reportKeys.metrics(),
    queryFn: () => api.get<ReportMetricInfo[]>('/reports/metrics'),
    staleTime: 10 * 60_000,
    retry: false,
  });
}

export function useReport(query: ReportQuery | null) {
  return useQuery({
    queryKey: reportKeys.report(query ?? { period: 'month' }),
    queryFn: () => api.get<Report>('/reports', reportParams(query!)),
    enabled: query !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The export of the same report in the UI language (downloaded with progress, so the page needs the URL). */
export const reportExportUrl = (query: ReportQuery, format: ExportFormat, lang: 'de' | 'en') =>
  withQuery('/api/reports/export', { format, lang, ...reportParams(query) });

/** M14's urban/rural classification: what it covers. */
export function useUrbanRural() {
  return useQuery({
    queryKey: reportKeys.urbanRural(),
    queryFn: () => api.get<UrbanRuralSummary>('/reports/urban-rural'),
    retry: false,
  });
}

/** Replaces the classification with a CSV file (with upload progress); every report is stale then. */
export function useImportUrbanRural() {
  const client = useQueryClient();
  return async (file: File, onProgress: (fraction: number) => void): Promise<UrbanRuralSummary> => {
    const summary = await uploadCsv<UrbanRuralSummary>('/reports/urban-rural', file, onProgress, 'PUT');
    client.setQueryData(reportKeys.urbanRural(), summary);
    await client.invalidateQueries({ queryKey: reportKeys.all });
    return summary;
  };
}

export function useClearUrbanRural() {
  return useApiMutation<void>({
    mutationFn: () => api.delete('/reports/urban-rural'),
    invalidates: [reportKeys.all],
  });
}
