import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PartnerType } from '@werkbank/contracts';
import { useCreatePartner, useDeletePartner, usePartners } from '../../api/events';
import { SelectField, TextField } from '../../components/fields';
import { problemsOf, useSavedThen } from '../../components/forms';
import { ErrorAlert, TableRegion } from '../../components/ui';

/** The partner organisations (M16), listed for everyone, managed by the front desk. */
export function PartnersSection({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const partners = usePartners();
  const [name, setName] = useState('');
  const [type, setType] = useState<PartnerType>(PartnerType.School);
  const create = useCreatePartner(
    useSavedThen(
      (p: { name: string }) => p.name,
      () => setName(''),
    ),
  );
  const remove = useDeletePartner();
  const problem = problemsOf(create.error);
  return (
    <section aria-labelledby="partners-heading">
      <h2 id="partners-heading">{t('events.partnersTitle')}</h2>
      <ErrorAlert error={partners.error ?? remove.error} />
      {(partners.data ?? []).length === 0 ? (
        <p>{t('events.noPartners')}</p>
      ) : (
        <TableRegion label={t('events.partnersTitle')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('events.partnerName')}</th>
                <th scope="col">{t('events.partnerType')}</th>
                {canWrite && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {(partners.data ?? []).map((p) => (
                <tr key={p.id}>
                  <td>{p.name}</td>
                  <td>{t(`events.partnerTypes.${p.type}`)}</td>
                  {canWrite && (
                    <td>
                      <button type="button" className="danger-outline" onClick={() => remove.mutate(p.id)}>
                        {t('events.deletePartner')}
                        <span className="sr-only"> – {p.name}</span>
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {canWrite && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate({ name: name.trim(), type });
          }}
        >
          <TextField
            label={t('events.partnerName')}
            error={problem('name')}
            value={name}
            onChange={setName}
            maxLength={160}
          />
          <SelectField
            label={t('events.partnerType')}
            value={type}
            onChange={(v) => setType(v as PartnerType)}
            options={Object.values(PartnerType).map((p) => ({
              value: p,
              label: t(`events.partnerTypes.${p}`),
            }))}
          />
          <button type="submit" disabled={!name.trim() || create.isPending}>
            {t('events.addPartner')}
          </button>
        </form>
      )}
    </section>
  );
}
