import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithProgress } from '../../api/client';
import { ErrorAlert, useAnnounce } from '../../components/ui';

export const DATA_EXPORT_PANEL_ID = 'member-data-export';

/** The header button that opens the data export (GDPR Art. 15) panel below the header. */
export function DataExportToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" aria-expanded={open} aria-controls={DATA_EXPORT_PANEL_ID} onClick={onToggle}>
      {t('dataExport.button')}
    </button>
  );
}

type Choice = 'pdf-de' | 'pdf-en' | 'json';

/** Downloads of everything stored about the member, as PDF (German or English) or JSON; each is audited. */
export function DataExportPanel({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState<Choice | null>(null);
  const [error, setError] = useState<unknown>(null);
  const base = `/api/members/${encodeURIComponent(memberId)}/data-export`;
  const date = new Date().toISOString().slice(0, 10);
  const choices: { key: Choice; label: string; url: string; file: string }[] = [
    { key: 'pdf-de', label: t('dataExport.pdfDe'), url: `${base}?format=pdf&lang=de`, file: 'pdf' },
    { key: 'pdf-en', label: t('dataExport.pdfEn'), url: `${base}?format=pdf&lang=en`, file: 'pdf' },
    { key: 'json', label: t('dataExport.json'), url: `${base}?format=json`, file: 'json' },
  ];

  const download = async (choice: (typeof choices)[number]) => {
    setError(null);
    setBusy(choice.key);
    try {
      await downloadWithProgress(choice.url, `datenauskunft-${date}.${choice.file}`, () => undefined);
      announce(t('dataExport.done'));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section id={DATA_EXPORT_PANEL_ID} aria-labelledby="sec-data-export">
      <h2 id="sec-data-export">{t('dataExport.title')}</h2>
      <p className="muted">{t('dataExport.hint')}</p>
      <div className="page-actions">
        {choices.map((choice) => (
          <a
            key={choice.key}
            className="button"
            href={choice.url}
            download
            aria-disabled={busy !== null}
            onClick={(e) => {
              e.preventDefault();
              if (busy === null) void download(choice);
            }}
          >
            {busy === choice.key ? t('dataExport.busy') : choice.label}
          </a>
        ))}
      </div>
      <ErrorAlert error={error} />
    </section>
  );
}
