import { useTranslation } from 'react-i18next';
import { useAuditLog } from '../../api/audit';
import { AuditTable } from '../../components/AuditTable';
import { ErrorAlert } from '../../components/ui';

/** The latest changes to this member's record. */
export function MemberAudit({ memberId }: { memberId: string }) {
  const { t } = useTranslation();
  const audit = useAuditLog({ entityType: 'member', entityId: memberId, pageSize: 20, order: 'desc' });
  return (
    <section aria-labelledby="sec-audit">
      <h2 id="sec-audit">{t('audit.memberTitle')}</h2>
      <ErrorAlert error={audit.error} />
      {audit.data && <AuditTable entries={audit.data.items} label={t('audit.memberTitle')} />}
    </section>
  );
}
