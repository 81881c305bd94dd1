import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from './auth';
import type { Capability } from '../lib/roles';
import { PageHeader } from '../components/ui';

/** Pages outside the role show a plain explanation instead of a half-working form (the server refuses anyway). */
export function RequireCapability({ cap, children }: { cap: Capability; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useTranslation();
  if (can(cap)) return <>{children}</>;
  return (
    <>
      <PageHeader title={t('errors.FORBIDDEN.message')} />
      <p>{t('errors.FORBIDDEN.action')}</p>
    </>
  );
}
