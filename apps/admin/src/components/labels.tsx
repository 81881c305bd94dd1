import { useTranslation } from 'react-i18next';
import { MemberStatus } from '@werkbank/contracts';
import { Badge, type BadgeTone } from './ui';

const STATUS_TONE: Record<MemberStatus, BadgeTone> = {
  [MemberStatus.Active]: 'ok',
  [MemberStatus.Suspended]: 'bad',
  [MemberStatus.Guest]: 'info',
};

export function MemberStatusBadge({ status }: { status: MemberStatus }) {
  const { t } = useTranslation();
  return <Badge tone={STATUS_TONE[status]}>{t(`enums.memberStatus.${status}`)}</Badge>;
}

export function StandingBadge({ status }: { status: 'valid' | 'expiring' | 'expired' }) {
  const { t } = useTranslation();
  const tone: BadgeTone = status === 'valid' ? 'ok' : status === 'expiring' ? 'warn' : 'bad';
  return <Badge tone={tone}>{t(`enums.standing.${status}`)}</Badge>;
}
