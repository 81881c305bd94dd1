import { useId } from 'react';
import { useSearchParams } from 'react-router';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { AuditEntry, Page } from '../api/types';
import { AuditTable } from '../components/AuditTable';
import { ErrorAlert, PageHeader, Pager, Spinner } from '../components/ui';
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
  const [params, setParams] = useSearchParams();
  const entityType = params.get('entityType') ?? '';
  const id = params.get('entityId') ?? '';
  const [idText, changeIdText] = useUrlText(id, (text) => update({ entityId: text }));
  const page = Number(params.get('page') ?? '1') || 1;
  const idValid = id === '' || UUID.test(id.trim());

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };

  const log = useQuery({
    queryKey: ['audit', { entityType, id, page }],
    queryFn: () =>
      api.get<Page<AuditEntry>>('/audit', { entityType, entityId: id.trim(), page, pageSize: PAGE_SIZE }),
    enabled: idValid,
    placeholderData: keepPreviousData,
  });

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <p className="muted">{t('audit.intro')}</p>
      <form
        role="search"
        className="filters"
        aria-label={t('audit.filters')}
        onSubmit={(e) => e.preventDefault()}
      >
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
      </form>
      <ErrorAlert error={log.error} />
      {log.isPending && idValid ? (
        <Spinner />
      ) : log.data ? (
        <>
          <p aria-live="polite" className="result-count">
            {t('audit.count', { count: log.data.total })}
          </p>
          <AuditTable entries={log.data.items} label={t('audit.title')} showEntity />
          <Pager
            page={page}
            pageSize={PAGE_SIZE}
            total={log.data.total}
            onPage={(p) => update({ page: String(p) })}
          />
        </>
      ) : null}
    </>
  );
}
