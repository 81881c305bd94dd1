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
} from '../../components/fields';
import { FormCard, problemsOf } from '../../components/forms';
import { useAnnounce } from '../../components/ui';

/** A new machine: name, site, type and the two rules most labs set at once. */
export function MachineForm({ onDone, defaultSiteId }: { onDone(): void; defaultSiteId: string }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const sites = useSites();
  const types = useMachineTypes();
  const [name, setName] = useState('');
  const [siteId, setSiteId] = useState(defaultSiteId);
  const [machineTypeId, setTypeId] = useState('');
  const [needsSupervision, setNeedsSupervision] = useState(false);
  const [minimumAge, setMinimumAge] = useState('');
  const save = useCreateMachine({
    onSuccess: (m) => {
      announce(t('common.savedName', { name: m.name }));
      onDone();
    },
  });
  const problem = problemsOf(save.error);
  return (
    <FormCard
      title={t('machines.new')}
      error={save.error}
      busy={save.isPending}
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
        <TextField
          label={t('machines.name')}
          required
          error={problem('name')}
          value={name}
          onChange={setName}
          maxLength={120}
        />
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
        <NumberField
          label={t('machines.minimumAge')}
          hint={t('machines.minimumAgeHint')}
          error={problem('minimumAge')}
          min={0}
          max={18}
          value={minimumAge}
          onChange={setMinimumAge}
        />
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
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const save = useCreateMachineType({
    onSuccess: (mt) => {
      announce(t('common.savedName', { name: mt.name }));
      onDone();
    },
  });
  return (
    <FormCard
      title={t('machines.newType')}
      error={save.error}
      busy={save.isPending}
      disabled={!name.trim()}
      onCancel={onDone}
      onSubmit={() =>
        save.mutate({
          name: name.trim(),
          ...(description.trim() ? { description: description.trim() } : {}),
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
