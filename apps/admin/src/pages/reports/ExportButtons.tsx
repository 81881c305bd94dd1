// PDF, XLSX and CSV of the report on screen, downloaded with progress and a clear error when it fails.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithProgress } from '../../api/client';
import { reportExportUrl, type ExportFormat, type ReportQuery } from '../../api/reports';
import { ErrorAlert, Notice, useAnnounce } from '../../components/ui';
import { isMissingEndpoint } from '../../lib/errors';
import { useFormat } from '../../lib/format';
import { textLang } from './model';

const FORMATS: ExportFormat[] = ['pdf', 'xlsx', 'csv'];

export function ExportButtons({ query, from, to }: { query: ReportQuery; from: string; to: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const announce = useAnnounce();
  const lang = textLang(i18n.language);
  const [progress, setProgress] = useState<{
    format: ExportFormat;
    bytes: number;
    total: number | null;
  } | null>(null);
  const [failure, setFailure] = useState<{ format: ExportFormat; error: unknown } | null>(null);

  const download = async (format: ExportFormat) => {
    setFailure(null);
    setProgress({ format, bytes: 0, total: null });
    try {
      await downloadWithProgress(
        reportExportUrl(query, format, lang),
        `werkbank-${t('reports.fileName')}-${from}-${to}.${format}`,
        (bytes, total) => setProgress({ format, bytes, total }),
      );
      announce(t('reports.exported', { format: format.toUpperCase() }));
    } catch (error) {
      setFailure({ format, error });
    } finally {
      setProgress(null);
    }
  };

  return (
    <div className="report-exports">
      <div className="page-actions" role="group" aria-label={t('reports.export')}>
        {FORMATS.map((format) => (
          <a
            key={format}
            className="button"
            href={reportExportUrl(query, format, lang)}
            download
            aria-disabled={!!progress}
            onClick={(e) => {
              e.preventDefault();
              if (!progress) void download(format);
            }}
          >
            {t('reports.exportAs', { format: format.toUpperCase() })}
          </a>
        ))}
      </div>
      {progress && (
        <div className="progress-box" role="status">
          <span className="spinner" aria-hidden="true" />
          {progress.total
            ? t('reports.exportingOf', {
                format: progress.format.toUpperCase(),
                done: f.number(progress.bytes / 1024, 0),
                total: f.number(progress.total / 1024, 0),
              })
            : t('reports.exporting', {
                format: progress.format.toUpperCase(),
                done: f.number(progress.bytes / 1024, 0),
              })}
          {progress.total ? (
            <progress
              max={progress.total}
              value={progress.bytes}
              aria-label={t('reports.exportAs', { format: progress.format.toUpperCase() })}
            />
          ) : null}
        </div>
      )}
      {failure &&
        (isMissingEndpoint(failure.error) ? (
          <div role="alert">
            <Notice kind="warning">
              <strong>{t('reports.exportFailed', { format: failure.format.toUpperCase() })}</strong>{' '}
              {t('reports.exportMissing')}
            </Notice>
          </div>
        ) : (
          <ErrorAlert
            error={failure.error}
            title={t('reports.exportFailed', { format: failure.format.toUpperCase() })}
          />
        ))}
    </div>
  );
}
