import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DeviceRole } from '@werkbank/contracts';
import { api } from '../../api/client';
import { useAllMachines } from '../../api/queries';
import type { Device } from '../../api/types';
import { ErrorAlert, Field, useAnnounce } from '../../components/ui';
import { serverProblems, useReportProblems, validate, type Problems } from './deviceForm';
import { addressHint, OptionFields, optionsToSave, optionValues, type OptionValues } from './FamilyFields';
import { MachineField } from './MachineField';
import { familyOf, useDeviceFamilies } from './useDeviceFamilies';

const sameOptions = (a: Record<string, string> | null | undefined, b: Record<string, string> | null) =>
  JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());

export function DeviceEdit({ device, onDone }: { device: Device; onDone(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const report = useReportProblems();
  const machines = useAllMachines();
  const families = useDeviceFamilies();
  const family = familyOf(families.data, device.protocol);
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(device.name);
  const [machineId, setMachineId] = useState(device.machineId ?? '');
  const [address, setAddress] = useState(device.address);
  const [touched, setTouched] = useState<OptionValues>({});
  const [problems, setProblems] = useState<Problems>({});
  const entrance = device.role === DeviceRole.EntranceReader;
  const options = { ...optionValues(family, device.options), ...touched };

  const save = useMutation({
    mutationFn: () => {
      const chosen = optionsToSave(family, options, device.options);
      return api.patch<Device>(`/devices/${device.id}`, {
        name: name.trim(),
        address: address.trim(),
        ...(entrance ? {} : { machineId }),
        // Sent only when changed: the options replace the stored ones as a whole.
        ...(sameOptions(device.options, chosen) ? {} : { options: chosen }),
      });
    },
    onSuccess: async (d) => {
      await client.invalidateQueries({ queryKey: ['devices'] });
      announce(t('common.savedName', { name: d.name }));
      onDone();
    },
    onError: (err) => setProblems(serverProblems(t, err, family)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = validate(t, { ...device, name, machineId, address, mqttUsername: '' }, false);
    setProblems(p);
    if (report(formRef.current, p)) return;
    save.mutate();
  };

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="stack"
      aria-label={t('devices.editLabel', { name: device.name })}
    >
      <ErrorAlert error={save.error} title={t('devices.notSaved')} />
      <div className="grid-3">
        <Field label={t('devices.name')} required error={problems.name}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </Field>
        {!entrance && (
          <MachineField
            siteId={device.siteId}
            machines={(machines.data ?? []).filter((m) => m.siteId === device.siteId)}
            value={machineId}
            onChange={setMachineId}
            error={problems.machineId}
          />
        )}
        <Field
          label={t('devices.address')}
          hint={addressHint(t, device.protocol, family)}
          required
          error={problems.address}
        >
          <input
            name="address"
            className="mono"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            maxLength={120}
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
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
