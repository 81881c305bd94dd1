import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { SiteKind } from '@werkbank/contracts';
import { api, ApiError } from '../api/client';
import { useAllMachines, useDevices } from '../api/queries';
import type { Deployment, OpeningHours, Site } from '../api/types';
import { useAuth } from '../app/auth';
import { Presence } from '../components/Presence';
import { DateInput, INVALID_DATE } from '../components/DateInput';
import {
  Badge,
  Ctx,
  ErrorAlert,
  Field,
  PageHeader,
  Spinner,
  TableRegion,
  useAnnounce,
} from '../components/ui';
import { todayIso, useFormat } from '../lib/format';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export default function SiteDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const site = useQuery({ queryKey: ['sites', id], queryFn: () => api.get<Site>(`/sites/${id}`) });
  const machines = useAllMachines(id);
  const devices = useDevices();

  if (site.isPending) return <Spinner />;
  if (site.error || !site.data) return <ErrorAlert error={site.error} />;
  const s = site.data;
  const siteDevices = (devices.data ?? []).filter((d) => d.siteId === id);

  return (
    <>
      <PageHeader title={s.name}>
        <Badge tone="neutral">{t(`enums.siteKind.${s.kind}`)}</Badge>
      </PageHeader>
      <dl className="details">
        <dt>{t('sites.address')}</dt>
        <dd>{s.address ?? '–'}</dd>
        <dt>{t('sites.municipalityKey')}</dt>
        <dd>{s.municipalityKey ?? '–'}</dd>
        <dt>{t('sites.timezone')}</dt>
        <dd>{s.timezone}</dd>
      </dl>
      <div className="two-col">
        <OpeningHoursEditor site={s} editable={can('sites.admin')} />
        {can('sites.presence') && <Presence siteId={id} />}
      </div>
      {s.kind === SiteKind.Mobile && <Deployments siteId={id} />}
      <section aria-labelledby="site-machines">
        <h2 id="site-machines">{t('machines.title')}</h2>
        {machines.data && machines.data.length === 0 && <p>{t('machines.none')}</p>}
        {machines.data && machines.data.length > 0 && (
          <ul className="plain">
            {machines.data.map((m) => (
              <li key={m.id}>
                {m.name} – {t(`enums.machineState.${m.state}`)}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/machines?siteId=${id}`}>{t('sites.manageMachines')}</Link>
        </p>
      </section>
      {can('devices.view') && (
        <section aria-labelledby="site-devices">
          <h2 id="site-devices">{t('machines.devices')}</h2>
          {devices.data && siteDevices.length === 0 && <p>{t('devices.noneForSite')}</p>}
          {siteDevices.length > 0 && (
            <ul className="plain">
              {siteDevices.map((d) => (
                <li key={d.id}>
                  {d.name} ({t(`enums.deviceRole.${d.role}`)}, {t(`enums.deviceProtocol.${d.protocol}`)}){' '}
                  <Badge tone={d.online ? 'ok' : 'neutral'}>
                    {d.online ? t('enrollment.online') : t('enrollment.offline')}
                  </Badge>
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to={`/devices?siteId=${id}`}>{t('sites.manageDevices')}</Link>
          </p>
        </section>
      )}
    </>
  );
}

function OpeningHoursEditor({ site, editable }: { site: Site; editable: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [rows, setRows] = useState<OpeningHours[]>(site.openingHours);
  const invalid = rows.some((r) => !HHMM.test(r.opens) || !HHMM.test(r.closes) || r.closes <= r.opens);
  const save = useMutation({
    // Only the three fields: the rows from GET also carry ids, which the API refuses on input.
    mutationFn: () =>
      api.patch<Site>(`/sites/${site.id}`, {
        openingHours: rows.map(({ weekday, opens, closes }) => ({ weekday, opens, closes })),
      }),
    onSuccess: async (s) => {
      client.setQueryData(['sites', site.id], s);
      await client.invalidateQueries({ queryKey: ['sites'] });
      announce(t('sites.hoursSaved'));
      setEditing(false);
    },
  });
  const problem = (i: number, field: 'opens' | 'closes') =>
    save.error instanceof ApiError ? save.error.problemOf(`openingHours.${i}.${field}`) : undefined;
  const setRow = (i: number, patch: Partial<OpeningHours>) =>
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const sorted = [...site.openingHours].sort(
    (a, b) => a.weekday - b.weekday || a.opens.localeCompare(b.opens),
  );

  if (!editing) {
    return (
      <section aria-labelledby="hours-title">
        <h2 id="hours-title">{t('sites.openingHours')}</h2>
        {sorted.length === 0 ? (
          <p>{t('sites.noHours')}</p>
        ) : (
          <table className="data compact">
            <caption className="sr-only">{t('sites.openingHours')}</caption>
            <tbody>
              {sorted.map((h, i) => (
                <tr key={i}>
                  <th scope="row">{f.weekday(h.weekday)}</th>
                  <td>
                    {h.opens}–{h.closes}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {editable && (
          <button
            type="button"
            onClick={() => {
              setRows(sorted);
              setEditing(true);
            }}
          >
            {t('sites.editHours')}
          </button>
        )}
      </section>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!invalid) save.mutate();
  };
  return (
    <section aria-labelledby="hours-title">
      <h2 id="hours-title">{t('sites.openingHours')}</h2>
      <form onSubmit={submit} className="stack">
        <p className="hint">{t('sites.hoursHint')}</p>
        <ErrorAlert error={save.error} />
        {rows.map((r, i) => (
          <fieldset key={i} className="hours-row">
            <legend className="sr-only">{t('sites.hoursRow', { n: i + 1 })}</legend>
            <Field label={t('sites.weekday')}>
              <select value={r.weekday} onChange={(e) => setRow(i, { weekday: Number(e.target.value) })}>
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <option key={d} value={d}>
                    {f.weekday(d)}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label={t('sites.opens')}
              error={problem(i, 'opens') ?? (HHMM.test(r.opens) ? undefined : t('validation.hhmm'))}
            >
              <input
                value={r.opens}
                onChange={(e) => setRow(i, { opens: e.target.value })}
                inputMode="numeric"
                placeholder="09:00"
                maxLength={5}
                className="time"
              />
            </Field>
            <Field
              label={t('sites.closes')}
              error={
                problem(i, 'closes') ??
                (!HHMM.test(r.closes)
                  ? t('validation.hhmm')
                  : r.closes <= r.opens
                    ? t('validation.closesAfterOpens')
                    : undefined)
              }
            >
              <input
                value={r.closes}
                onChange={(e) => setRow(i, { closes: e.target.value })}
                inputMode="numeric"
                placeholder="18:00"
                maxLength={5}
                className="time"
              />
            </Field>
            <button
              type="button"
              className="link-button"
              onClick={() => setRows((rs) => rs.filter((_, j) => j !== i))}
            >
              {t('common.remove')}
              <Ctx>{t('sites.hoursRow', { n: i + 1 })}</Ctx>
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          onClick={() => setRows((rs) => [...rs, { weekday: 1, opens: '10:00', closes: '18:00' }])}
        >
          {t('sites.addRow')}
        </button>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={save.isPending || invalid}>
            {t('common.save')}
          </button>
          <button type="button" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Deployments({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const client = useQueryClient();
  const announce = useAnnounce();
  const list = useQuery({
    queryKey: ['deployments', siteId],
    queryFn: () => api.get<Deployment[]>(`/sites/${siteId}/deployments`),
  });
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState(todayIso());
  const [place, setPlace] = useState('');
  const [municipalityKey, setKey] = useState('');
  const [bookingInstitution, setInstitution] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.post<Deployment>(`/sites/${siteId}/deployments`, {
        startsOn,
        endsOn,
        place: place.trim(),
        ...(municipalityKey.trim() ? { municipalityKey: municipalityKey.trim() } : {}),
        ...(bookingInstitution.trim() ? { bookingInstitution: bookingInstitution.trim() } : {}),
      }),
    onSuccess: async () => {
      setPlace('');
      setInstitution('');
      await client.invalidateQueries({ queryKey: ['deployments', siteId] });
      announce(t('sites.deploymentAdded'));
    },
  });
  const problem = (field: string) => (add.error instanceof ApiError ? add.error.problemOf(field) : undefined);
  return (
    <section aria-labelledby="deploy-title">
      <h2 id="deploy-title">{t('sites.deployments')}</h2>
      <ErrorAlert error={list.error} />
      {list.data && list.data.length === 0 && <p>{t('sites.noDeployments')}</p>}
      {list.data && list.data.length > 0 && (
        <TableRegion label={t('sites.deployments')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('sites.period')}</th>
                <th scope="col">{t('sites.place')}</th>
                <th scope="col">{t('sites.municipalityKey')}</th>
                <th scope="col">{t('sites.bookingInstitution')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    {f.date(d.startsOn)} – {f.date(d.endsOn)}
                  </td>
                  <td>{d.place}</td>
                  <td>{d.municipalityKey ?? '–'}</td>
                  <td>{d.bookingInstitution ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {can('deployments.write') && (
        <form
          className="inline-form stack"
          aria-labelledby="deploy-new"
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <h3 id="deploy-new">{t('sites.newDeployment')}</h3>
          <ErrorAlert error={add.error} />
          <div className="grid-3">
            <Field
              label={t('sites.startsOn')}
              hint={t('common.dateHint')}
              required
              error={problem('startsOn') ?? (startsOn === INVALID_DATE ? t('validation.date') : undefined)}
            >
              <DateInput value={startsOn} onChange={setStartsOn} />
            </Field>
            <Field
              label={t('sites.endsOn')}
              hint={t('common.dateHint')}
              required
              error={problem('endsOn') ?? (endsOn === INVALID_DATE ? t('validation.date') : undefined)}
            >
              <DateInput value={endsOn} onChange={setEndsOn} />
            </Field>
            <Field label={t('sites.place')} required error={problem('place')}>
              <input value={place} onChange={(e) => setPlace(e.target.value)} maxLength={200} />
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
            <Field label={t('sites.bookingInstitution')} error={problem('bookingInstitution')}>
              <input
                value={bookingInstitution}
                onChange={(e) => setInstitution(e.target.value)}
                maxLength={200}
              />
            </Field>
          </div>
          <button
            type="submit"
            className="primary"
            disabled={
              add.isPending ||
              !place.trim() ||
              !startsOn ||
              !endsOn ||
              startsOn === INVALID_DATE ||
              endsOn === INVALID_DATE ||
              endsOn < startsOn
            }
          >
            {t('sites.addDeployment')}
          </button>
        </form>
      )}
    </section>
  );
}
