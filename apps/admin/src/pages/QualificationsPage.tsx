import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMachineTypes } from '../api/machines';
import { useQualifications, useSaveQualification } from '../api/qualifications';
import type { Qualification } from '../api/types';
import { useAuth } from '../app/auth';
import { RowAction } from '../components/EditRow';
import {
  CheckboxField,
  NameField,
  NumberField,
  optionsOf,
  SelectField,
  TextField,
} from '../components/fields';
import { FormCard, problemsOf, useSavedThen } from '../components/forms';
import { ErrorAlert, PageHeader, Spinner, TableRegion } from '../components/ui';

export default function QualificationsPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const quals = useQualifications();
  const types = useMachineTypes();
  const [editing, setEditing] = useState<Qualification | 'new' | null>(null);
  const nameOf = (id: string) => quals.data?.find((q) => q.id === id)?.name ?? id.slice(0, 8);

  const byType = (types.data ?? []).map((mt) => ({
    type: mt,
    items: (quals.data ?? []).filter((q) => q.machineTypeId === mt.id),
  }));

  return (
    <>
      <PageHeader title={t('qualifications.title')}>
        {can('qualifications.write') && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            {t('qualifications.new')}
          </button>
        )}
      </PageHeader>
      <p className="muted">{t('qualifications.intro')}</p>
      {editing && (
        <QualificationForm
          key={editing === 'new' ? 'new' : editing.id}
          initial={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      <ErrorAlert error={quals.error ?? types.error} />
      {quals.isPending || types.isPending ? (
        <Spinner />
      ) : byType.length === 0 ? (
        <p>{t('qualifications.noTypes')}</p>
      ) : (
        byType.map(({ type, items }) => (
          <section key={type.id} aria-labelledby={`mt-${type.id}`}>
            <h2 id={`mt-${type.id}`}>{type.name}</h2>
            {items.length === 0 ? (
              <p className="muted">{t('qualifications.noneForType')}</p>
            ) : (
              <TableRegion label={type.name}>
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t('qualifications.name')}</th>
                      <th scope="col">{t('qualifications.validity')}</th>
                      <th scope="col">{t('qualifications.validityMinors')}</th>
                      <th scope="col">{t('qualifications.contentVersion')}</th>
                      <th scope="col">{t('qualifications.prerequisites')}</th>
                      {can('qualifications.write') && <th scope="col">{t('common.actions')}</th>}
                    </tr>
                  </thead>
                  <tbody>
                    {items.map((q) => (
                      <tr key={q.id}>
                        <td>{q.name}</td>
                        <td>
                          {q.validityMonths
                            ? t('qualifications.months', { count: q.validityMonths })
                            : t('standing.noExpiry')}
                        </td>
                        <td>
                          {q.validityMonthsMinors
                            ? t('qualifications.months', { count: q.validityMonthsMinors })
                            : '–'}
                        </td>
                        <td>{q.currentContentVersion ?? '–'}</td>
                        <td>{q.prerequisiteIds.length ? q.prerequisiteIds.map(nameOf).join(', ') : '–'}</td>
                        {can('qualifications.write') && (
                          <td>
                            <RowAction label={t('common.edit')} name={q.name} onClick={() => setEditing(q)} />
                          </td>
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableRegion>
            )}
          </section>
        ))
      )}
      <p className="hint">{t('qualifications.levelsHint')}</p>
    </>
  );
}

function QualificationForm({ initial, onDone }: { initial: Qualification | null; onDone(): void }) {
  const { t } = useTranslation();
  const types = useMachineTypes();
  const quals = useQualifications();
  const [name, setName] = useState(initial?.name ?? '');
  const [machineTypeId, setMachineTypeId] = useState(initial?.machineTypeId ?? '');
  const [validity, setValidity] = useState(initial?.validityMonths ? String(initial.validityMonths) : '');
  const [validityMinors, setValidityMinors] = useState(
    initial?.validityMonthsMinors ? String(initial.validityMonthsMinors) : '',
  );
  const [version, setVersion] = useState(initial?.currentContentVersion ?? '');
  const [prereqs, setPrereqs] = useState<string[]>(initial?.prerequisiteIds ?? []);
  const others = (quals.data ?? []).filter((q) => q.id !== initial?.id);

  const save = useSaveQualification(
    initial?.id ?? null,
    useSavedThen((q) => q.name, onDone),
  );
  const problem = problemsOf(save.error);
  const months = (value: string, onChange: (v: string) => void, field: string, minors?: boolean) => (
    <NumberField
      label={t(minors ? 'qualifications.validityMinorsField' : 'qualifications.validityField')}
      hint={t(minors ? 'qualifications.validityMinorsHint' : 'qualifications.validityHint')}
      error={problem(field)}
      name={field}
      min={1}
      max={120}
      value={value}
      onChange={onChange}
    />
  );

  return (
    <FormCard
      title={initial ? t('qualifications.editTitle', { name: initial.name }) : t('qualifications.new')}
      save={save}
      disabled={!name.trim() || !machineTypeId}
      onCancel={onDone}
      onSubmit={() =>
        save.mutate({
          name: name.trim(),
          validityMonths: validity ? Number(validity) : null,
          validityMonthsMinors: validityMinors ? Number(validityMinors) : null,
          currentContentVersion: version.trim() || null,
          prerequisiteIds: prereqs,
          machineTypeId,
        })
      }
    >
      <div className="grid-2">
        <NameField label={t('qualifications.name')} error={problem('name')} value={name} onChange={setName} />
        <SelectField
          label={t('qualifications.machineType')}
          error={problem('machineTypeId')}
          required
          name="machineTypeId"
          value={machineTypeId}
          onChange={setMachineTypeId}
          disabled={!!initial}
          placeholder={t('common.choose')}
          options={optionsOf(types.data)}
        />
        {months(validity, setValidity, 'validityMonths')}
        {months(validityMinors, setValidityMinors, 'validityMonthsMinors', true)}
        <TextField
          label={t('qualifications.contentVersion')}
          error={problem('currentContentVersion')}
          name="currentContentVersion"
          value={version}
          onChange={setVersion}
          maxLength={40}
        />
      </div>
      <fieldset>
        <legend>{t('qualifications.prerequisites')}</legend>
        {others.length === 0 && <p className="muted">{t('qualifications.noOthers')}</p>}
        <div className="checkbox-grid">
          {others.map((q) => (
            <CheckboxField
              key={q.id}
              label={q.name}
              checked={prereqs.includes(q.id)}
              onChange={(on) => setPrereqs((p) => (on ? [...p, q.id] : p.filter((x) => x !== q.id)))}
            />
          ))}
        </div>
      </fieldset>
    </FormCard>
  );
}
