import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Site } from '../api/types';

export function SiteSelect({
  sites,
  value,
  onChange,
  allowAll,
}: {
  sites: Site[];
  value: string;
  onChange(id: string): void;
  allowAll?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field inline">
      <label htmlFor={id}>{t('sites.site')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allowAll && <option value="">{t('common.all')}</option>}
        {sites.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </div>
  );
}
