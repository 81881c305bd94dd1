import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SiteKind } from '@werkbank/contracts';
import { useDevices } from '../api/devices';
import { useAllMachines } from '../api/machines';
import { useAddDeployment, useDeployments, useSaveOpeningHours, useSite } from '../api/sites';
import type { OpeningHours, Site } from '../api/types';
import { useAuth } from '../app/auth';
import { Presence } from '../components/Presence';
import { DateField, INVALID_DATE } from '../components/DateInput';
import { MunicipalityKeyField, SelectField, TextField } from '../components/fields';
import { FormActions, problemsOf } from '../components/forms';
import { Badge, Ctx, ErrorAlert, PageHeader, Spinner, TableRegion, useAnnounce } from '../components/ui';
import { filledIn, todayIso, useFormat } from '../lib/format';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export default function SiteDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { can } = useAuth();
  const site = useSite(id);
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
  const announce = useAnnounce();
  const [editing, setEditing] = useState(false);
  const [rows, setRows] = useState<OpeningHours[]>(site.openingHours);
  const invalid = rows.some((r) => !HHMM.test(r.opens) || !HHMM.test(r.closes) || r.closes <= r.opens);
  const save = useSaveOpeningHours(site.id, {
    onSuccess: () => {
      announce(t('sites.hoursSaved'));
      setEditing(false);
    },
  });
  const serverProblem = problemsOf(save.error);
  const problem = (i: number, field: 'opens' | 'closes') => serverProblem(`openingHours.${i}.${field}`);
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
    if (!invalid) save.mutate(rows);
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
            <SelectField
              label={t('sites.weekday')}
              value={String(r.weekday)}
              onChange={(v) => setRow(i, { weekday: Number(v) })}
              options={[1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: f.weekday(d) }))}
            />
            <TimeField
              label={t('sites.opens')}
              error={problem(i, 'opens') ?? (HHMM.test(r.opens) ? undefined : t('validation.hhmm'))}
              value={r.opens}
              onChange={(opens) => setRow(i, { opens })}
              placeholder="09:00"
            />
            <TimeField
              label={t('sites.closes')}
              error={
                problem(i, 'closes') ??
                (!HHMM.test(r.closes)
                  ? t('validation.hhmm')
                  : r.closes <= r.opens
                    ? t('validation.closesAfterOpens')
                    : undefined)
              }
              value={r.closes}
              onChange={(closes) => setRow(i, { closes })}
              placeholder="18:00"
            />
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
        <FormActions busy={save.isPending} disabled={invalid} onCancel={() => setEditing(false)} />
      </form>
    </section>
  );
}

function Deployments({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const { can } = useAuth();
  const announce = useAnnounce();
  const list = useDeployments(siteId);
  const [startsOn, setStartsOn] = useState(todayIso());
  const [endsOn, setEndsOn] = useState(todayIso());
  const [place, setPlace] = useState('');
  const [municipalityKey, setKey] = useState('');
  const [bookingInstitution, setInstitution] = useState('');
  const add = useAddDeployment(siteId, {
    onSuccess: () => {
      setPlace('');
      setInstitution('');
      announce(t('sites.deploymentAdded'));
    },
  });
  const problem = problemsOf(add.error);
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
            add.mutate({
              startsOn,
              endsOn,
              place: place.trim(),
              ...filledIn({ municipalityKey, bookingInstitution }),
            });
          }}
        >
          <h3 id="deploy-new">{t('sites.newDeployment')}</h3>
          <ErrorAlert error={add.error} />
          <div className="grid-3">
            <DateField
              label={t('sites.startsOn')}
              required
              error={problem('startsOn')}
              value={startsOn}
              onChange={setStartsOn}
            />
            <DateField
              label={t('sites.endsOn')}
              required
              error={problem('endsOn')}
              value={endsOn}
              onChange={setEndsOn}
            />
            <TextField
              label={t('sites.place')}
              required
              error={problem('place')}
              value={place}
              onChange={setPlace}
              maxLength={200}
            />
            <MunicipalityKeyField
              value={municipalityKey}
              onChange={setKey}
              error={problem('municipalityKey')}
            />
            <TextField
              label={t('sites.bookingInstitution')}
              error={problem('bookingInstitution')}
              value={bookingInstitution}
              onChange={setInstitution}
              maxLength={200}
            />
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

function TimeField(props: {
  label: string;
  error?: string;
  value: string;
  onChange(value: string): void;
  placeholder: string;
}) {
  return <TextField {...props} inputMode="numeric" maxLength={5} controlClassName="time" />;
}
