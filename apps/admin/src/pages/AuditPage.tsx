import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuditLog } from '../api/audit';
import { AuditTable } from '../components/AuditTable';
import { ErrorAlert, PageHeader, Pager, Spinner } from '../components/ui';
import { useUrlFilters } from '../lib/useUrlFilters';
import { FilterForm } from '../components/forms';
import { useUrlText } from '../lib/useUrlText';

const ENTITY_TYPES = [
  'member',
  'card',
  'training_record',
  'qualification',
  'machine',
  'machine_type',
  'site',
  'deployment',
  'staff_account',
  'device',
] as const;
const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default function AuditPage() {
  const { t } = useTranslation();
  const typeId = useId();
  const entityId = useId();
  const { params, update, page, setPage } = useUrlFilters();
  const entityType = params.get('entityType') ?? '';
  const id = params.get('entityId') ?? '';
  const [idText, changeIdText] = useUrlText(id, (text) => update({ entityId: text }));
  const idValid = id === '' || UUID.test(id.trim());

  const log = useAuditLog(
    { entityType, entityId: id.trim(), page, pageSize: PAGE_SIZE },
    { enabled: idValid },
  );

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <p className="muted">{t('audit.intro')}</p>
      <FilterForm label={t('audit.filters')}>
        <div className="field">
          <label htmlFor={typeId}>{t('audit.entity')}</label>
          <select id={typeId} value={entityType} onChange={(e) => update({ entityType: e.target.value })}>
            <option value="">{t('common.all')}</option>
            {ENTITY_TYPES.map((et) => (
              <option key={et} value={et}>
                {t(`enums.entityType.${et}`)}
              </option>
            ))}
          </select>
        </div>
        <div className={`field ${idValid ? '' : 'field-invalid'}`}>
          <label htmlFor={entityId}>{t('audit.entityId')}</label>
          <input
            id={entityId}
            value={idText}
            onChange={(e) => changeIdText(e.target.value)}
            className="mono"
            aria-invalid={!idValid || undefined}
            aria-describedby={idValid ? undefined : `${entityId}-err`}
          />
          {!idValid && (
            <p className="field-error" id={`${entityId}-err`}>
              {t('validation.uuid')}
            </p>
          )}
        </div>
      </FilterForm>
      <ErrorAlert error={log.error} />
      {log.isPending && idValid ? (
        <Spinner />
      ) : log.data ? (
        <>
          <p aria-live="polite" className="result-count">
            {t('audit.count', { count: log.data.total })}
          </p>
          <AuditTable entries={log.data.items} label={t('audit.title')} showEntity />
          <Pager page={page} pageSize={PAGE_SIZE} total={log.data.total} onPage={setPage} />
        </>
      ) : null}
      <section aria-labelledby="sec-processing-record">
        <h2 id="sec-processing-record">{t('audit.processingRecord')}</h2>
        <p className="muted">{t('audit.processingRecordHint')}</p>
        <div className="page-actions">
          <a className="button" href="/api/privacy/record?format=pdf&lang=de" download>
            {t('audit.processingRecord')}: {t('audit.processingRecordPdf')}
          </a>
          <a className="button" href="/api/privacy/record?format=json" download>
            {t('audit.processingRecordJson')}
          </a>
        </div>
      </section>
    </>
  );
}
