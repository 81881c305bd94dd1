import { useTranslation } from 'react-i18next';
import type { AuditEntry } from '../api/types';
import { useFormat } from '../lib/format';
import { TableRegion } from './ui';

const HIDDEN = new Set(['updatedAt', 'createdAt', 'id']);

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '–';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Field-level changes between the before and after snapshots of an audit row. */
export function auditChanges(entry: AuditEntry): { field: string; before: string; after: string }[] {
  const keys = new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})]);
  const out: { field: string; before: string; after: string }[] = [];
  for (const key of keys) {
    if (HIDDEN.has(key)) continue;
    const b = show(entry.before?.[key]);
    const a = show(entry.after?.[key]);
    if (b !== a) out.push({ field: key, before: b, after: a });
  }
  return out;
}

export function AuditTable({
  entries,
  label,
  showEntity,
}: {
  entries: AuditEntry[];
  label: string;
  showEntity?: boolean;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  if (entries.length === 0) return <p>{t('audit.none')}</p>;
  return (
    <TableRegion label={label}>
      <table className="data audit">
        <thead>
          <tr>
            <th scope="col">{t('audit.at')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
            {showEntity && <th scope="col">{t('audit.entity')}</th>}
            <th scope="col">{t('audit.changes')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => {
            const changes = auditChanges(e);
            return (
              <tr key={e.id ?? i}>
                <td>{f.dateTime(e.at)}</td>
                <td>{e.actorName}</td>
                <td>
                  {t(`enums.auditAction.${e.action}` as 'enums.auditAction.create', {
                    defaultValue: e.action,
                  })}
                </td>
                {showEntity && (
                  <td>
                    {t(`enums.entityType.${e.entityType}` as 'enums.entityType.member', {
                      defaultValue: e.entityType,
                    })}{' '}
                    {e.entityId && <code>{e.entityId.slice(0, 8)}</code>}
                  </td>
                )}
                <td>
                  {changes.length === 0 ? (
                    '–'
                  ) : (
                    <details>
                      <summary>{t('audit.changedFields', { count: changes.length })}</summary>
                      <ul className="changes">
                        {changes.map((c) => (
                          <li key={c.field}>
                            <strong>{c.field}</strong>: {c.before} → {c.after}
                          </li>
                        ))}
                      </ul>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}
