import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateMachine, useCreateMachineType, useMachineTypes } from '../../api/machines';
import { useSites } from '../../api/sites';
import {
  CheckboxField,
  NumberField,
  optionsOf,
  SelectField,
  TextAreaField,
  TextField,
  NameField,
} from '../../components/fields';
import { FormCard, problemsOf, useSavedThen } from '../../components/forms';
import { filledIn } from '../../lib/format';

/** A new machine: name, site, type and the two rules most labs set at once. */
export function MachineForm({ onDone, defaultSiteId }: { onDone(): void; defaultSiteId: string }) {
  const { t } = useTranslation();
  const sites = useSites();
  const types = useMachineTypes();
  const [name, setName] = useState('');
  const [siteId, setSiteId] = useState(defaultSiteId);
  const [machineTypeId, setTypeId] = useState('');
  const [needsSupervision, setNeedsSupervision] = useState(false);
  const [minimumAge, setMinimumAge] = useState('');
  const save = useCreateMachine(useSavedThen((m) => m.name, onDone));
  const problem = problemsOf(save.error);
  return (
    <FormCard
      title={t('machines.new')}
      save={save}
      disabled={!name.trim() || !siteId || !machineTypeId}
      onCancel={onDone}
      onSubmit={() =>
        save.mutate({
          name: name.trim(),
          siteId,
          machineTypeId,
          needsSupervision,
          ...(minimumAge ? { minimumAge: Number(minimumAge) } : {}),
        })
      }
    >
      <div className="grid-2">
        <NameField label={t('machines.name')} error={problem('name')} value={name} onChange={setName} />
        <SelectField
          label={t('sites.site')}
          required
          error={problem('siteId')}
          value={siteId}
          onChange={setSiteId}
          placeholder={t('common.choose')}
          options={optionsOf(sites.data)}
        />
        <SelectField
          label={t('machines.type')}
          required
          error={problem('machineTypeId')}
          value={machineTypeId}
          onChange={setTypeId}
          placeholder={t('common.choose')}
          options={optionsOf(types.data)}
        />
        <MinimumAgeField value={minimumAge} onChange={setMinimumAge} error={problem('minimumAge')} />
        <CheckboxField
          label={t('machines.needsSupervision')}
          checked={needsSupervision}
          onChange={setNeedsSupervision}
        />
      </div>
    </FormCard>
  );
}

/** A new machine type (what qualifications are for: "Lasercutter", "3D printer"). */
export function MachineTypeForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const save = useCreateMachineType(useSavedThen((mt) => mt.name, onDone));
  return (
    <FormCard
      title={t('machines.newType')}
      save={save}
      disabled={!name.trim()}
      onCancel={onDone}
      onSubmit={() =>
        save.mutate({
          name: name.trim(),
          ...filledIn({ description }),
        })
      }
    >
      <TextField
        label={t('machines.typeName')}
        hint={t('machines.typeHint')}
        required
        value={name}
        onChange={setName}
        maxLength={100}
      />
      <TextAreaField
        label={t('machines.description')}
        rows={2}
        value={description}
        onChange={setDescription}
      />
    </FormCard>
  );
}

/** The age a member must have reached to use the machine ('' for none). */
export function MinimumAgeField(props: { value: string; onChange(value: string): void; error?: string }) {
  const { t } = useTranslation();
  return (
    <NumberField
      label={t('machines.minimumAge')}
      hint={t('machines.minimumAgeHint')}
      min={0}
      max={18}
      {...props}
    />
  );
}
