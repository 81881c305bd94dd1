import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useImportMembers } from '../api/members';
import type { ImportReport } from '../api/types';
import { ErrorAlert, Notice, PageHeader, TableRegion, useAnnounce } from '../components/ui';
import { problemText } from '../lib/problems';

type Phase = 'idle' | 'uploading' | 'processing';

export default function MemberImportPage() {
  const { t } = useTranslation();
  const f = useId();
  const importMembers = useImportMembers();
  const announce = useAnnounce();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>('idle');
  const [progress, setProgress] = useState(0);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setError(null);
    setPhase('uploading');
    setProgress(0);
    try {
      const result = await importMembers(file, dryRun, (p) => {
        setProgress(p);
        if (p >= 1) setPhase('processing');
      });
      setReport(result);
      if (!dryRun) {
        announce(t('import.done', { count: result.imported }));
      } else {
        announce(t('import.checked', { valid: result.valid, rows: result.rows }));
      }
    } catch (e) {
      setError(e);
    } finally {
      setPhase('idle');
    }
  };

  const busy = phase !== 'idle';
  return (
    <>
      <PageHeader title={t('import.title')} />
      <p>{t('import.intro')}</p>
      <details className="help">
        <summary>{t('import.formatTitle')}</summary>
        <p>{t('import.formatText')}</p>
        <pre className="mono">
          Vorname;Nachname;E-Mail;Status;GastAb;GastBis{'\n'}Ada;Lovelace;ada@example.org;active;;
        </pre>
      </details>
      <div className="field">
        <label htmlFor={f}>{t('import.file')}</label>
        <input
          id={f}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            setFile(e.target.files?.[0] ?? null);
            setReport(null);
            setError(null);
          }}
        />
      </div>
      <div className="form-actions">
        <button type="button" className="primary" disabled={!file || busy} onClick={() => void run(true)}>
          {t('import.check')}
        </button>
        <button
          type="button"
          disabled={!file || busy || !report || !report.dryRun || report.errors.length > 0}
          onClick={() => void run(false)}
        >
          {t('import.apply')}
        </button>
      </div>

      {busy && (
        <div className="progress-box" role="status">
          {phase === 'uploading' ? (
            <>
              <label htmlFor={`${f}-progress`}>{t('import.uploading')}</label>
              <progress id={`${f}-progress`} max={1} value={progress} />
            </>
          ) : (
            <>
              <span className="spinner" aria-hidden="true" /> {t('import.processing')}
            </>
          )}
        </div>
      )}

      <ErrorAlert error={error} title={t('import.failed')} />

      {report && (
        <section aria-labelledby="import-report">
          <h2 id="import-report">{report.dryRun ? t('import.dryRunReport') : t('import.resultReport')}</h2>
          <dl className="details">
            <dt>{t('import.rows')}</dt>
            <dd>{report.rows}</dd>
            <dt>{t('import.valid')}</dt>
            <dd>{report.valid}</dd>
            {!report.dryRun && (
              <>
                <dt>{t('import.imported')}</dt>
                <dd>{report.imported}</dd>
              </>
            )}
          </dl>
          {report.errors.length === 0 ? (
            <Notice kind="success">
              {report.dryRun ? t('import.allValid') : t('import.done', { count: report.imported })}{' '}
              {!report.dryRun && <Link to="/members">{t('import.toMembers')}</Link>}
            </Notice>
          ) : (
            <>
              <Notice kind="warning">{t('import.fixAndRetry', { count: report.errors.length })}</Notice>
              <TableRegion label={t('import.problems')}>
                <table className="data">
                  <caption>{t('import.problems')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.where')}</th>
                      <th scope="col">{t('import.problem')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.errors.map((e, i) => (
                      <tr key={i}>
                        <td>{where(t, e.field)}</td>
                        <td>{problemText(e)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            </>
          )}
        </section>
      )}
    </>
  );
}

/** The server's `line 3:email` as "Zeile 3: E-Mail" (or the raw text for a header the UI does not know). */
function where(t: TFunction, field: string): string {
  const match = /^line (\d+)(?::(.*))?$/.exec(field);
  if (!match) return field;
  const [, line, name] = match;
  if (!name) return t('import.atLine', { line });
  return t('import.atLineField', {
    line,
    field: t(`fields.${name}` as 'fields.name', { defaultValue: name }),
  });
}
