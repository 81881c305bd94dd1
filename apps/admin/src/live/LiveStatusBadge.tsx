import { useTranslation } from 'react-i18next';
import type { LiveStatus } from './socket';
import { Badge } from '../components/ui';

export function LiveStatusBadge({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  const tone = status === 'connected' ? 'ok' : status === 'failing' ? 'bad' : 'warn';
  return (
    <span role="status" className="live-status">
      <Badge tone={tone}>{t(`live.connection.${status}`)}</Badge>
    </span>
  );
}
