import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SiteKind } from '@werkbank/contracts';
import { useCreateSite, useSites } from '../api/sites';
import { useAuth } from '../app/auth';
import { MunicipalityKeyField, NameField, SelectField, TextField } from '../components/fields';
import { FormCard, problemsOf, useSavedThen } from '../components/forms';
import { ErrorAlert, PageHeader, Spinner, TableRegion } from '../components/ui';
import { filledIn, useFormat } from '../lib/format';
import { hoursSummary } from '../lib/hours';

export default function SitesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const sites = useSites();
  const [creating, setCreating] = useState(false);
  return (
    <>
      <PageHeader title={t('sites.title')}>
        {can('sites.admin') && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            {t('sites.new')}
          </button>
        )}
      </PageHeader>
      {creating && <SiteForm onDone={() => setCreating(false)} />}
      <ErrorAlert error={sites.error} />
      {sites.isPending ? (
        <Spinner />
      ) : (sites.data ?? []).length === 0 ? (
        <p>{t('sites.none')}</p>
      ) : (
        <TableRegion label={t('sites.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('sites.name')}</th>
                <th scope="col">{t('sites.kind')}</th>
                <th scope="col">{t('sites.address')}</th>
                <th scope="col">{t('sites.openingHours')}</th>
              </tr>
            </thead>
            <tbody>
              {(sites.data ?? []).map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/sites/${s.id}`}>{s.name}</Link>
                  </td>
                  <td>{t(`enums.siteKind.${s.kind}`)}</td>
                  <td>{s.address ?? '–'}</td>
                  <td>{hoursSummary(s, f, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}

function SiteForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SiteKind>(SiteKind.Fixed);
  const [address, setAddress] = useState('');
  const [municipalityKey, setKey] = useState('');
  const [timezone, setTimezone] = useState('Europe/Berlin');
  const save = useCreateSite(useSavedThen((s) => s.name, onDone));
  const problem = problemsOf(save.error);
  return (
    <FormCard
      title={t('sites.new')}
      save={save}
      disabled={!name.trim()}
      onCancel={onDone}
      onSubmit={() =>
        save.mutate({
          name: name.trim(),
          kind,
          timezone,
          ...filledIn({ address, municipalityKey }),
        })
      }
    >
      <div className="grid-2">
        <NameField label={t('sites.name')} error={problem('name')} value={name} onChange={setName} />
        <SelectField
          label={t('sites.kind')}
          value={kind}
          onChange={(v) => setKind(v as SiteKind)}
          options={Object.values(SiteKind).map((k) => ({ value: k, label: t(`enums.siteKind.${k}`) }))}
        />
        <TextField
          label={t('sites.address')}
          error={problem('address')}
          value={address}
          onChange={setAddress}
          maxLength={200}
        />
        <MunicipalityKeyField value={municipalityKey} onChange={setKey} error={problem('municipalityKey')} />
        <TextField
          label={t('sites.timezone')}
          error={problem('timezone')}
          value={timezone}
          onChange={setTimezone}
          maxLength={64}
        />
      </div>
    </FormCard>
  );
}
