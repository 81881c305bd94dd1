import { useTranslation } from 'react-i18next';
import type { Machine } from '../../api/types';
import { Field } from '../../components/ui';

export function MachineField({
  siteId,
  machines,
  value,
  onChange,
  error,
}: {
  siteId: string;
  machines: Machine[];
  value: string;
  onChange(id: string): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const hint = !siteId
    ? t('devices.chooseSiteFirst')
    : machines.length === 0
      ? t('devices.noMachines')
      : t('devices.machineHint');
  return (
    <Field label={t('devices.machine')} hint={hint} required error={error}>
      <select name="machineId" value={value} onChange={(e) => onChange(e.target.value)} disabled={!siteId}>
        <option value="">{t('common.choose')}</option>
        {machines.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </Field>
  );
}
