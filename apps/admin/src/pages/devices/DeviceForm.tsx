import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DeviceProtocol, DeviceRole } from '@werkbank/contracts';
import { api } from '../../api/client';
import { useAllMachines, useSites } from '../../api/queries';
import type { DeviceCreated, DeviceInput } from '../../api/types';
import { ErrorAlert, Field } from '../../components/ui';
import { serverProblems, useReportProblems, validate, type FormValues, type Problems } from './deviceForm';
import {
  addressHint,
  CapabilityBadges,
  OptionFields,
  optionsToSave,
  optionValues,
  type OptionValues,
} from './FamilyFields';
import { MachineField } from './MachineField';
import { familiesFor, familyOf, useDeviceFamilies } from './useDeviceFamilies';

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
  const client = useQueryClient();
  const report = useReportProblems();
  const sites = useSites();
  const machines = useAllMachines();
  const families = useDeviceFamilies();
  const formRef = useRef<HTMLFormElement>(null);
  const [v, setValues] = useState<FormValues>({
    name: '',
    siteId: defaultSiteId,
    role: DeviceRole.MachineReader,
    protocol: DeviceProtocol.Werkbank,
    machineId: '',
    address: '',
    mqttUsername: '',
  });
  // Only the option fields touched; the others show the family's defaults.
  const [touched, setTouched] = useState<OptionValues>({});
  const [problems, setProblems] = useState<Problems>({});
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((s) => ({ ...s, [key]: value }));
  const siteMachines = (machines.data ?? []).filter((m) => m.siteId === v.siteId);
  const entrance = v.role === DeviceRole.EntranceReader;
  const family = familyOf(families.data, v.protocol);
  const options = { ...optionValues(family), ...touched };
  // Only the families that can serve the chosen role (the server refuses the others).
  const offered = families.data ? familiesFor(families.data, v.role).map((f) => f.protocol) : [];

  const chooseProtocol = (protocol: DeviceProtocol) => {
    set('protocol', protocol);
    setTouched({});
  };
  const chooseRole = (role: DeviceRole) => {
    set('role', role);
    const fitting = familiesFor(families.data, role);
    if (fitting.length > 0 && !fitting.some((f) => f.protocol === v.protocol))
      chooseProtocol(fitting[0].protocol);
  };

  const save = useMutation({
    mutationFn: (input: DeviceInput & { options?: Record<string, string> }) =>
      api.post<DeviceCreated>('/devices', input),
    onSuccess: async (res) => {
      await client.invalidateQueries({ queryKey: ['devices'] });
      onCreated(res);
    },
    onError: (err) => setProblems(serverProblems(t, err, family)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = validate(t, v, true);
    setProblems(p);
    if (report(formRef.current, p)) return;
    const chosen = optionsToSave(family, options);
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
    <form
      ref={formRef}
      className="card-section stack"
      aria-labelledby="new-device"
      onSubmit={submit}
      noValidate
    >
      <h2 id="new-device">{t('devices.new')}</h2>
      <ErrorAlert error={save.error} title={t('devices.notSaved')} />
      <ErrorAlert error={families.error} />
      <div className="grid-2">
        <Field label={t('devices.name')} hint={t('devices.nameHint')} required error={problems.name}>
          <input name="name" value={v.name} onChange={(e) => set('name', e.target.value)} maxLength={120} />
        </Field>
        <Field label={t('sites.site')} required error={problems.siteId}>
          <select
            name="siteId"
            value={v.siteId}
            onChange={(e) => setValues((s) => ({ ...s, siteId: e.target.value, machineId: '' }))}
          >
            <option value="">{t('common.choose')}</option>
            {(sites.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('devices.role')} hint={t('devices.roleHint')} required error={problems.role}>
          <select name="role" value={v.role} onChange={(e) => chooseRole(e.target.value as DeviceRole)}>
            {Object.values(DeviceRole).map((r) => (
              <option key={r} value={r}>
                {t(`enums.deviceRole.${r}`)}
              </option>
            ))}
          </select>
        </Field>
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
          <Field label={t('devices.protocol')} required error={problems.protocol}>
            <select
              name="protocol"
              value={v.protocol}
              onChange={(e) => chooseProtocol(e.target.value as DeviceProtocol)}
            >
              {offered.map((p) => (
                <option key={p} value={p}>
                  {t(`enums.deviceProtocol.${p}`)}
                </option>
              ))}
            </select>
          </Field>
          {family && <CapabilityBadges family={family} />}
        </div>
        <Field
          label={t('devices.address')}
          hint={addressHint(t, v.protocol, family)}
          required
          error={problems.address}
        >
          <input
            name="address"
            className="mono"
            value={v.address}
            onChange={(e) => set('address', e.target.value)}
            maxLength={120}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field
          label={t('devices.mqttUsername')}
          hint={t('devices.mqttUsernameHint')}
          error={problems.mqttUsername}
        >
          <input
            name="mqttUsername"
            className="mono"
            value={v.mqttUsername}
            onChange={(e) => set('mqttUsername', e.target.value)}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      </div>
      {family && (
        <OptionFields
          family={family}
          values={options}
          onChange={(key, value) => setTouched((o) => ({ ...o, [key]: value }))}
          errors={problems.options}
        />
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('devices.register')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
