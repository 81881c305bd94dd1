import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SiteKind } from '@werkbank/contracts';
import { api, ApiError } from '../api/client';
import { useSites } from '../api/queries';
import type { Site } from '../api/types';
import { useAuth } from '../app/auth';
import { ErrorAlert, Field, PageHeader, Spinner, TableRegion, useAnnounce } from '../components/ui';
import { useFormat } from '../lib/format';
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
  const client = useQueryClient();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<SiteKind>(SiteKind.Fixed);
  const [address, setAddress] = useState('');
  const [municipalityKey, setKey] = useState('');
  const [timezone, setTimezone] = useState('Europe/Berlin');
  const save = useMutation({
    mutationFn: () =>
      api.post<Site>('/sites', {
        name: name.trim(),
        kind,
        timezone,
        ...(address.trim() ? { address: address.trim() } : {}),
        ...(municipalityKey.trim() ? { municipalityKey: municipalityKey.trim() } : {}),
      }),
    onSuccess: async (s) => {
      await client.invalidateQueries({ queryKey: ['sites'] });
      announce(t('common.savedName', { name: s.name }));
      onDone();
    },
  });
  const problem = (f: string) => (save.error instanceof ApiError ? save.error.problemOf(f) : undefined);
  return (
    <form
      className="card-section stack"
      aria-labelledby="new-site"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="new-site">{t('sites.new')}</h2>
      <ErrorAlert error={save.error} />
      <div className="grid-2">
        <Field label={t('sites.name')} required error={problem('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </Field>
        <Field label={t('sites.kind')}>
          <select value={kind} onChange={(e) => setKind(e.target.value as SiteKind)}>
            {Object.values(SiteKind).map((k) => (
              <option key={k} value={k}>
                {t(`enums.siteKind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('sites.address')} error={problem('address')}>
          <input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={200} />
        </Field>
        <Field
          label={t('sites.municipalityKey')}
          hint={t('memberForm.agsHint')}
          error={problem('municipalityKey')}
        >
          <input
            value={municipalityKey}
            onChange={(e) => setKey(e.target.value)}
            inputMode="numeric"
            maxLength={8}
          />
        </Field>
        <Field label={t('sites.timezone')} error={problem('timezone')}>
          <input value={timezone} onChange={(e) => setTimezone(e.target.value)} maxLength={64} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending || !name.trim()}>
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
