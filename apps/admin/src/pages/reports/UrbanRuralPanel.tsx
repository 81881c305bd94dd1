import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useClearUrbanRural, useImportUrbanRural, useUrbanRural } from '../../api/reports';
import { useAuth } from '../../app/auth';
import { ConfirmDialog, ErrorAlert, useAnnounce } from '../../components/ui';

/**
 * M14's urban/rural classification: what it covers (everyone who may see reports), and for admins the import of
 * a CSV file (BBSR district types or words) and clearing it. Folded away: a lab sets it up once.
 */
export function UrbanRuralPanel() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const f = useId();
  const summary = useUrbanRural();
  const importFile = useImportUrbanRural();
  const clear = useClearUrbanRural();
  const announce = useAnnounce();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState(false);
  const s = summary.data;

  const upload = async () => {
    if (!file) return;
    setError(null);
    setProgress(0);
    try {
      const result = await importFile(file, setProgress);
      announce(t('reports.urbanRural.imported', { count: result.districts + result.municipalities }));
      setFile(null);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  return (
    <details className="help urban-rural">
      <summary>{t('reports.urbanRural.title')}</summary>
      <p>{t('reports.urbanRural.intro')}</p>
      <ErrorAlert error={summary.error} />
      {s && (
        <p data-testid="urban-rural-summary">
          {s.districts + s.municipalities === 0
            ? t('reports.urbanRural.none')
            : t('reports.urbanRural.summary', {
                districts: s.districts,
                municipalities: s.municipalities,
                classified: s.membersClassified,
                withHome: s.membersWithHome,
              })}
        </p>
      )}
      {can('reports.classify') && (
        <>
          <p className="hint">{t('reports.urbanRural.format')}</p>
          <pre className="mono">
            Kreiskennziffer;Kreistyp{'\n'}05315;1{'\n'}05762;4
          </pre>
          <div className="field">
            <label htmlFor={f}>{t('reports.urbanRural.file')}</label>
            <input
              id={f}
              type="file"
              accept=".csv,text/csv"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                setError(null);
              }}
            />
          </div>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={!file || progress !== null}
              onClick={() => void upload()}
            >
              {t('reports.urbanRural.import')}
            </button>
            {s && s.districts + s.municipalities > 0 && (
              <button type="button" className="danger" onClick={() => setConfirming(true)}>
                {t('reports.urbanRural.clear')}
              </button>
            )}
          </div>
          {progress !== null && (
            <div className="progress-box" role="status">
              <label htmlFor={`${f}-progress`}>{t('import.uploading')}</label>
              <progress id={`${f}-progress`} max={1} value={progress} />
            </div>
          )}
          <ErrorAlert error={error ?? clear.error} title={t('reports.urbanRural.failed')} />
          <ConfirmDialog
            open={confirming}
            title={t('reports.urbanRural.clearTitle')}
            confirmLabel={t('reports.urbanRural.clear')}
            danger
            busy={clear.isPending}
            onCancel={() => setConfirming(false)}
            onConfirm={() =>
              clear.mutate(undefined, {
                onSettled: () => setConfirming(false),
                onSuccess: () => announce(t('reports.urbanRural.cleared')),
              })
            }
          >
            <p>{t('reports.urbanRural.clearText')}</p>
          </ConfirmDialog>
        </>
      )}
    </details>
  );
}
