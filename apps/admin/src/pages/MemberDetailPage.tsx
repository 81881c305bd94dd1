import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { MemberStatus } from '@werkbank/contracts';
import { useDeleteMember, useMember, useSetMemberStatus } from '../api/members';
import { useSites } from '../api/sites';
import { useAuth } from '../app/auth';
import { MemberStatusBadge } from '../components/labels';
import { ConfirmDialog, ErrorAlert, Notice, PageHeader, Spinner, useAnnounce } from '../components/ui';
import { fullName } from '../lib/format';
import { CardsSection } from './member-detail/CardsSection';
import { DataExportPanel, DataExportToggle } from './member-detail/DataExport';
import { MemberAudit } from './member-detail/MemberAudit';
import { MemberDetails } from './member-detail/MemberDetails';
import { StandingSection } from './member-detail/StandingSection';
import { UsageSection } from './member-detail/UsageSection';

export default function MemberDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const announce = useAnnounce();
  const navigate = useNavigate();
  const location = useLocation();
  const justSaved = (location.state as { saved?: boolean } | null)?.saved;
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const sites = useSites();

  const member = useMember(id);

  const setStatus = useSetMemberStatus(id, {
    onSuccess: (m) =>
      announce(
        m.status === MemberStatus.Suspended
          ? t('member.suspendedNow', { name: fullName(m) })
          : t('member.reactivatedNow', { name: fullName(m) }),
      ),
  });

  const remove = useDeleteMember(id, {
    onSuccess: () => {
      announce(t('member.deleted'));
      void navigate('/members');
    },
  });

  if (member.isPending) return <Spinner />;
  if (member.error || !member.data) return <ErrorAlert error={member.error} />;
  const m = member.data;
  const site = sites.data?.find((s) => s.id === m.homeSiteId);
  const suspended = m.status === MemberStatus.Suspended;

  return (
    <>
      <PageHeader title={fullName(m)}>
        <MemberStatusBadge status={m.status} />
        {can('members.write') && (
          <>
            <Link className="button" to={`/members/${id}/edit`}>
              {t('common.edit')}
            </Link>
            <button
              type="button"
              className={suspended ? undefined : 'danger'}
              onClick={() => setStatus.mutate(suspended ? MemberStatus.Active : MemberStatus.Suspended)}
              disabled={setStatus.isPending}
            >
              {suspended ? t('member.reactivate') : t('member.suspend')}
            </button>
          </>
        )}
        {can('members.dataExport') && (
          <DataExportToggle open={exportOpen} onToggle={() => setExportOpen((o) => !o)} />
        )}
        {can('members.delete') && (
          <button type="button" className="danger-outline" onClick={() => setConfirmDelete(true)}>
            {t('member.delete')}
          </button>
        )}
      </PageHeader>
      {justSaved && <Notice kind="success">{t('member.savedNotice')}</Notice>}
      <ErrorAlert error={setStatus.error} />
      {suspended && <Notice kind="warning">{t('member.suspendedHint')}</Notice>}
      {exportOpen && can('members.dataExport') && <DataExportPanel memberId={id} />}

      <MemberDetails member={m} siteName={site?.name} />

      {can('cards.manage') && <CardsSection memberId={id} />}
      <StandingSection member={m} />
      {can('usage.view') && <UsageSection member={m} />}
      {can('audit.view') && <MemberAudit memberId={id} />}

      <ConfirmDialog
        open={confirmDelete}
        title={t('member.deleteTitle', { name: fullName(m) })}
        confirmLabel={t('member.deleteConfirm')}
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirmDelete(false)}
      >
        <p>{t('member.deleteText')}</p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
