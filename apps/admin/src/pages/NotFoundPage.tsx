import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../components/ui';

export default function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} />
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/live">{t('notFound.home')}</Link>
      </p>
    </>
  );
}
