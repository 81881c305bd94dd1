import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isSiteReader } from '@werkbank/contracts';
import { useDeviceFamilies, useUpdateDevice } from '../../api/devices';
import { useAllMachines } from '../../api/machines';
import type { Device } from '../../api/types';
import { NameField } from '../../components/fields';
import { RowEditForm, useSavedThen } from '../../components/forms';
import { AddressField, MachineField } from './DeviceFields';
import { serverProblems, useReportProblems, validate, type Problems } from './deviceForm';
import { familyOf, OptionFields, optionFieldLabel, optionsToSave, useOptionValues } from './FamilyFields';

const sameOptions = (a: Record<string, string> | null | undefined, b: Record<string, string> | null) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

export function DeviceEdit({ device, onDone }: { device: Device; onDone(): void }) {
  const { t } = useTranslation();
  const report = useReportProblems();
  const machines = useAllMachines();
  const families = useDeviceFamilies();
  const family = familyOf(families.data, device.protocol);
  const [name, setName] = useState(device.name);
  const [machineId, setMachineId] = useState(device.machineId ?? '');
  const [address, setAddress] = useState(device.address);
  const [problems, setProblems] = useState<Problems>({});
  const entrance = isSiteReader(device.role);
  const options = useOptionValues(family, device.options);

  const save = useUpdateDevice(device.id, {
    ...useSavedThen((d) => d.name, onDone),
    onError: (err) => setProblems(serverProblems(t, err, family)),
  });

  const submit = (form: HTMLFormElement) => {
    const p = validate(t, { ...device, name, machineId, address, mqttUsername: '' }, false);
    setProblems(p);
    if (report(form, p)) return;
    const chosen = optionsToSave(family, options.values, device.options);
    save.mutate({
      name: name.trim(),
      address: address.trim(),
      ...(entrance ? {} : { machineId }),
      // Sent only when changed: the options replace the stored ones as a whole.
      ...(sameOptions(device.options, chosen) ? {} : { options: chosen }),
    });
  };

  return (
    <RowEditForm
      label={t('devices.editLabel', { name: device.name })}
      save={save}
      onSubmit={submit}
      onCancel={onDone}
      noValidate
      errorTitle={t('devices.notSaved')}
      fieldLabel={optionFieldLabel(t, family)}
    >
      <div className="grid-3">
        <NameField label={t('devices.name')} value={name} onChange={setName} error={problems.name} />
        {!entrance && (
          <MachineField
            siteId={device.siteId}
            machines={(machines.data ?? []).filter((m) => m.siteId === device.siteId)}
            value={machineId}
            onChange={setMachineId}
            error={problems.machineId}
          />
        )}
        <AddressField
          protocol={device.protocol}
          family={family}
          value={address}
          onChange={setAddress}
          error={problems.address}
        />
      </div>
      <OptionFields family={family} options={options} errors={problems.options} />
    </RowEditForm>
  );
}
