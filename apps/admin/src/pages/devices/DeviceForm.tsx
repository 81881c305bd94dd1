import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DeviceProtocol, DeviceRole, isSiteReader } from '@werkbank/contracts';
import { useCreateDevice, useDeviceFamilies } from '../../api/devices';
import { useAllMachines } from '../../api/machines';
import { useSites } from '../../api/sites';
import type { DeviceCreated } from '../../api/types';
import { NameField, optionsOf, SelectField, TextField } from '../../components/fields';
import { FormCard } from '../../components/forms';
import { ErrorAlert } from '../../components/ui';
import { AddressField, MachineField } from './DeviceFields';
import { serverProblems, useReportProblems, validate, type FormValues, type Problems } from './deviceForm';
import {
  CapabilityBadges,
  familiesFor,
  familyOf,
  OptionFields,
  optionFieldLabel,
  optionsToSave,
  useOptionValues,
} from './FamilyFields';

export function DeviceForm({
  defaultSiteId,
  onCancel,
  onCreated,
}: {
  defaultSiteId: string;
  onCancel(): void;
  onCreated(res: DeviceCreated): void;
}) {
  const { t } = useTranslation();
  const report = useReportProblems();
  const sites = useSites();
  const machines = useAllMachines();
  const families = useDeviceFamilies();
  const [v, setValues] = useState<FormValues>({
    name: '',
    siteId: defaultSiteId,
    role: DeviceRole.MachineReader,
    protocol: DeviceProtocol.Werkbank,
    machineId: '',
    address: '',
    mqttUsername: '',
  });
  const [problems, setProblems] = useState<Problems>({});
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((s) => ({ ...s, [key]: value }));
  const siteMachines = (machines.data ?? []).filter((m) => m.siteId === v.siteId);
  const entrance = isSiteReader(v.role);
  const family = familyOf(families.data, v.protocol);
  // Only the option fields touched; the others show the family's defaults.
  const options = useOptionValues(family);
  // Only the families that can serve the chosen role (the server refuses the others).
  const offered = families.data ? familiesFor(families.data, v.role).map((f) => f.protocol) : [];

  const chooseProtocol = (protocol: DeviceProtocol) => {
    set('protocol', protocol);
    options.reset();
  };
  const chooseRole = (role: DeviceRole) => {
    set('role', role);
    const fitting = familiesFor(families.data, role);
    if (fitting.length > 0 && !fitting.some((f) => f.protocol === v.protocol))
      chooseProtocol(fitting[0].protocol);
  };

  const save = useCreateDevice({
    onSuccess: onCreated,
    onError: (err) => setProblems(serverProblems(t, err, family)),
  });

  const submit = (form: HTMLFormElement) => {
    const p = validate(t, v, true);
    setProblems(p);
    if (report(form, p)) return;
    const chosen = optionsToSave(family, options.values);
    save.mutate({
      name: v.name.trim(),
      siteId: v.siteId,
      role: v.role,
      protocol: v.protocol,
      machineId: entrance ? null : v.machineId,
      address: v.address.trim(),
      ...(v.mqttUsername.trim() ? { mqttUsername: v.mqttUsername.trim() } : {}),
      ...(chosen ? { options: chosen } : {}),
    });
  };

  return (
    <FormCard
      title={t('devices.new')}
      save={save}
      onSubmit={submit}
      onCancel={onCancel}
      noValidate
      saveLabel={save.isPending ? t('common.saving') : t('devices.register')}
      errorTitle={t('devices.notSaved')}
      fieldLabel={optionFieldLabel(t, family)}
    >
      <ErrorAlert error={families.error} />
      <div className="grid-2">
        <NameField
          label={t('devices.name')}
          hint={t('devices.nameHint')}
          value={v.name}
          onChange={(name) => set('name', name)}
          error={problems.name}
        />
        <SelectField
          label={t('sites.site')}
          required
          error={problems.siteId}
          name="siteId"
          value={v.siteId}
          onChange={(siteId) => setValues((s) => ({ ...s, siteId, machineId: '' }))}
          placeholder={t('common.choose')}
          options={optionsOf(sites.data)}
        />
        <SelectField
          label={t('devices.role')}
          hint={t('devices.roleHint')}
          required
          error={problems.role}
          name="role"
          value={v.role}
          onChange={(role) => chooseRole(role as DeviceRole)}
          options={Object.values(DeviceRole).map((r) => ({ value: r, label: t(`enums.deviceRole.${r}`) }))}
        />
        {!entrance && (
          <MachineField
            siteId={v.siteId}
            machines={siteMachines}
            value={v.machineId}
            onChange={(id) => set('machineId', id)}
            error={problems.machineId}
          />
        )}
        <div>
          <SelectField
            label={t('devices.protocol')}
            required
            error={problems.protocol}
            name="protocol"
            value={v.protocol}
            onChange={(protocol) => chooseProtocol(protocol as DeviceProtocol)}
            options={offered.map((p) => ({ value: p, label: t(`enums.deviceProtocol.${p}`) }))}
          />
          {family && <CapabilityBadges family={family} />}
        </div>
        <AddressField
          protocol={v.protocol}
          family={family}
          value={v.address}
          onChange={(address) => set('address', address)}
          error={problems.address}
        />
        <TextField
          label={t('devices.mqttUsername')}
          hint={t('devices.mqttUsernameHint')}
          error={problems.mqttUsername}
          name="mqttUsername"
          controlClassName="mono"
          value={v.mqttUsername}
          onChange={(name) => set('mqttUsername', name)}
          maxLength={64}
          autoComplete="off"
          spellCheck={false}
        />
      </div>
      <OptionFields family={family} options={options} errors={problems.options} />
    </FormCard>
  );
}
