import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IncidentKind, IncidentSeverity } from '@werkbank/contracts';
import { useReportIncident } from '../../api/incidents';
import type { Machine } from '../../api/types';
import { useAuth } from '../../app/auth';
import { CheckboxField, SelectField, TextAreaField } from '../../components/fields';
import { problemsOf, RowEditForm, useSavedThen } from '../../components/forms';

/**
 * An incident or defect at a machine. Whoever may set the machine out of service (staff, admins) can do it in
 * the same step; trainers report only.
 */
export function IncidentForm({ machine, onDone }: { machine: Machine; onDone(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [severity, setSeverity] = useState<IncidentSeverity>(IncidentSeverity.Medium);
  const [kind, setKind] = useState<IncidentKind>(IncidentKind.Defect);
  const [text, setText] = useState('');
  const [outOfService, setOutOfService] = useState(false);
  const save = useReportIncident(useSavedThen(() => t('incidents.reported', { name: machine.name }), onDone));
  const problem = problemsOf(save.error);
  return (
    <RowEditForm
      label={t('incidents.reportLabel', { name: machine.name })}
      save={save}
      saveLabel={t('incidents.send')}
      disabled={text.trim().length < 3}
      onSubmit={() =>
        save.mutate({
          machineId: machine.id,
          severity,
          kind,
          text: text.trim(),
          ...(outOfService ? { putOutOfService: true } : {}),
        })
      }
      onCancel={onDone}
    >
      <div className="grid-2">
        <SelectField
          label={t('incidents.severity')}
          name="severity"
          value={severity}
          error={problem('severity')}
          onChange={(v) => setSeverity(v as IncidentSeverity)}
          options={Object.values(IncidentSeverity).map((v) => ({
            value: v,
            label: t(`enums.incidentSeverity.${v}`),
          }))}
        />
        <SelectField
          label={t('incidents.kind')}
          name="kind"
          value={kind}
          error={problem('kind')}
          onChange={(v) => setKind(v as IncidentKind)}
          options={Object.values(IncidentKind).map((v) => ({
            value: v,
            label: t(`enums.incidentKind.${v}`),
          }))}
        />
      </div>
      <TextAreaField
        label={t('incidents.text')}
        hint={t('incidents.textHint')}
        required
        name="text"
        rows={3}
        minLength={3}
        maxLength={4000}
        value={text}
        error={problem('text')}
        onChange={setText}
      />
      {can('machines.state') && (
        <CheckboxField
          label={t('incidents.putOutOfService')}
          name="putOutOfService"
          checked={outOfService}
          onChange={setOutOfService}
        />
      )}
    </RowEditForm>
  );
}
