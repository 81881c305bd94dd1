import { useState, type FormEvent } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api/client';
import { useMachineTypes, useQualifications } from '../api/queries';
import type { Qualification } from '../api/types';
import { useAuth } from '../app/auth';
import { Ctx, ErrorAlert, Field, PageHeader, Spinner, TableRegion, useAnnounce } from '../components/ui';

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
                            <button type="button" className="link-button" onClick={() => setEditing(q)}>
                              {t('common.edit')}
                              <Ctx>{q.name}</Ctx>
                            </button>
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
  const client = useQueryClient();
  const announce = useAnnounce();
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

  const save = useMutation({
    mutationFn: () => {
      const body = {
        name: name.trim(),
        validityMonths: validity ? Number(validity) : null,
        validityMonthsMinors: validityMinors ? Number(validityMinors) : null,
        currentContentVersion: version.trim() || null,
        prerequisiteIds: prereqs,
      };
      return initial
        ? api.patch<Qualification>(`/qualifications/${initial.id}`, body)
        : api.post<Qualification>('/qualifications', { ...body, machineTypeId });
    },
    onSuccess: async (q) => {
      await client.invalidateQueries({ queryKey: ['qualifications'] });
      announce(t('common.savedName', { name: q.name }));
      onDone();
    },
  });
  const problem = (f: string) => (save.error instanceof ApiError ? save.error.problemOf(f) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit} className="card-section stack" aria-labelledby="qual-form-title">
      <h2 id="qual-form-title">
        {initial ? t('qualifications.editTitle', { name: initial.name }) : t('qualifications.new')}
      </h2>
      <ErrorAlert error={save.error} />
      <div className="grid-2">
        <Field label={t('qualifications.name')} error={problem('name')} required>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </Field>
        <Field label={t('qualifications.machineType')} error={problem('machineTypeId')} required>
          <select
            name="machineTypeId"
            value={machineTypeId}
            onChange={(e) => setMachineTypeId(e.target.value)}
            disabled={!!initial}
          >
            <option value="">{t('common.choose')}</option>
            {(types.data ?? []).map((mt) => (
              <option key={mt.id} value={mt.id}>
                {mt.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('qualifications.validityField')}
          hint={t('qualifications.validityHint')}
          error={problem('validityMonths')}
        >
          <input
            name="validityMonths"
            type="number"
            min={1}
            max={120}
            value={validity}
            onChange={(e) => setValidity(e.target.value)}
          />
        </Field>
        <Field
          label={t('qualifications.validityMinorsField')}
          hint={t('qualifications.validityMinorsHint')}
          error={problem('validityMonthsMinors')}
        >
          <input
            name="validityMonthsMinors"
            type="number"
            min={1}
            max={120}
            value={validityMinors}
            onChange={(e) => setValidityMinors(e.target.value)}
          />
        </Field>
        <Field label={t('qualifications.contentVersion')} error={problem('currentContentVersion')}>
          <input
            name="currentContentVersion"
            value={version}
            onChange={(e) => setVersion(e.target.value)}
            maxLength={40}
          />
        </Field>
      </div>
      <fieldset>
        <legend>{t('qualifications.prerequisites')}</legend>
        {(quals.data ?? []).filter((q) => q.id !== initial?.id).length === 0 && (
          <p className="muted">{t('qualifications.noOthers')}</p>
        )}
        <div className="checkbox-grid">
          {(quals.data ?? [])
            .filter((q) => q.id !== initial?.id)
            .map((q) => (
              <label key={q.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={prereqs.includes(q.id)}
                  onChange={(e) =>
                    setPrereqs((p) => (e.target.checked ? [...p, q.id] : p.filter((x) => x !== q.id)))
                  }
                />
                {q.name}
              </label>
            ))}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending || !name.trim() || !machineTypeId}>
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
