// The fields the register form and the edit row share.
import { useTranslation } from 'react-i18next';
import type { DeviceFamilyItem, DeviceProtocol } from '@werkbank/contracts';
import type { Machine } from '../../api/types';
import { optionsOf, SelectField, TextField } from '../../components/fields';
import { addressHint } from './FamilyFields';

/** The machine a reader or actuator belongs to, from the machines of its site. */
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
    <SelectField
      label={t('devices.machine')}
      hint={hint}
      required
      error={error}
      name="machineId"
      value={value}
      onChange={onChange}
      disabled={!siteId}
      placeholder={t('common.choose')}
      options={optionsOf(machines)}
    />
  );
}

/** The device's address in its protocol (topic, device id), explained with the family's example. */
export function AddressField({
  protocol,
  family,
  value,
  onChange,
  error,
}: {
  protocol: DeviceProtocol;
  family?: DeviceFamilyItem;
  value: string;
  onChange(value: string): void;
  error?: string;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      label={t('devices.address')}
      hint={addressHint(t, protocol, family)}
      required
      error={error}
      name="address"
      controlClassName="mono"
      value={value}
      onChange={onChange}
      maxLength={120}
      autoComplete="off"
      spellCheck={false}
    />
  );
}
