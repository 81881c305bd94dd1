import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MachineState } from '@werkbank/contracts';
import { useUpdateMachine } from '../../api/machines';
import type { Machine } from '../../api/types';
import { useAuth } from '../../app/auth';
import { CheckboxField, NumberField, SelectField, TextField } from '../../components/fields';
import { problemsOf, RowEditForm, useSavedThen } from '../../components/forms';
import { MinimumAgeField } from './MachineForms';

const text = (n: number | null) => n?.toString() ?? '';
const num = (v: string) => (v.trim() === '' ? null : Number(v));

/** A machine's state (with the reason when it is not available) and, for machine admins, its access rules. */
export function MachineEdit({ machine, onDone }: { machine: Machine; onDone(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const admin = can('machines.admin');
  const [state, setState] = useState<MachineState>(machine.state);
  const [reason, setReason] = useState(machine.stateReason ?? '');
  const [needsSupervision, setNeedsSupervision] = useState(machine.needsSupervision);
  const [minimumAge, setMinimumAge] = useState(text(machine.minimumAge));
  const [maxSessionMinutes, setMax] = useState(text(machine.maxSessionMinutes));
  const [allowTakeover, setAllowTakeover] = useState(machine.allowTakeover);
  const [idlePowerWatts, setIdleW] = useState(text(machine.idlePowerWatts));
  const [idleMinutes, setIdleMin] = useState(text(machine.idleMinutes));
  const reasonRequired = state !== MachineState.Available;

  const save = useUpdateMachine(
    machine.id,
    useSavedThen((m) => m.name, onDone),
  );
  const problem = problemsOf(save.error);
  const submit = () => {
    if (reasonRequired && !reason.trim()) return;
    save.mutate({
      state,
      stateReason: state === MachineState.Available ? null : reason.trim() || null,
      ...(admin
        ? {
            needsSupervision,
            minimumAge: num(minimumAge),
            maxSessionMinutes: num(maxSessionMinutes),
            allowTakeover,
            idlePowerWatts: num(idlePowerWatts),
            idleMinutes: num(idleMinutes),
          }
        : {}),
    });
  };
  return (
    <RowEditForm
      label={t('machines.changeLabel', { name: machine.name })}
      save={save}
      disabled={reasonRequired && !reason.trim()}
      onSubmit={submit}
      onCancel={onDone}
    >
      <div className="grid-2">
        <SelectField
          label={t('machines.state')}
          name="state"
          value={state}
          onChange={(v) => setState(v as MachineState)}
          options={Object.values(MachineState).map((s) => ({
            value: s,
            label: t(`enums.machineState.${s}`),
          }))}
        />
        {reasonRequired && (
          <TextField
            label={t('machines.reason')}
            hint={t('machines.reasonHint')}
            required
            error={problem('stateReason')}
            name="stateReason"
            value={reason}
            onChange={setReason}
            maxLength={200}
          />
        )}
      </div>
      {admin && (
        <fieldset>
          <legend>{t('machines.rules')}</legend>
          <div className="grid-3">
            <CheckboxField
              label={t('machines.needsSupervision')}
              checked={needsSupervision}
              onChange={setNeedsSupervision}
            />
            <CheckboxField
              label={t('machines.allowTakeover')}
              checked={allowTakeover}
              onChange={setAllowTakeover}
            />
            <MinimumAgeField value={minimumAge} onChange={setMinimumAge} error={problem('minimumAge')} />
            <NumberField
              label={t('machines.maxSessionMinutes')}
              error={problem('maxSessionMinutes')}
              min={1}
              max={1440}
              value={maxSessionMinutes}
              onChange={setMax}
            />
            <NumberField
              label={t('machines.idlePowerWatts')}
              hint={t('machines.idleHint')}
              error={problem('idlePowerWatts')}
              min={0}
              max={100000}
              value={idlePowerWatts}
              onChange={setIdleW}
            />
            <NumberField
              label={t('machines.idleMinutes')}
              error={problem('idleMinutes')}
              min={1}
              max={1440}
              value={idleMinutes}
              onChange={setIdleMin}
            />
          </div>
        </fieldset>
      )}
    </RowEditForm>
  );
}
