import { Fragment, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { MachineState } from '@werkbank/contracts';
import { api, ApiError } from '../api/client';
import { useAllMachines, useDevices, useMachineTypes, useSites } from '../api/queries';
import type { Machine, MachineType } from '../api/types';
import { useAuth } from '../app/auth';
import { SiteSelect } from '../components/SiteSelect';
import {
  Badge,
  ConfirmDialog,
  Ctx,
  ErrorAlert,
  Field,
  PageHeader,
  Spinner,
  TableRegion,
  useAnnounce,
  type BadgeTone,
} from '../components/ui';
import { isMissingEndpoint } from '../lib/errors';

const STATE_TONE: Record<MachineState, BadgeTone> = {
  [MachineState.Available]: 'ok',
  [MachineState.OutOfService]: 'bad',
  [MachineState.Maintenance]: 'warn',
};

export default function MachinesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [params, setParams] = useSearchParams();
  const siteId = params.get('siteId') ?? '';
  const sites = useSites();
  const types = useMachineTypes();
  const machines = useAllMachines(siteId || undefined);
  const devices = useDevices();
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState<'machine' | 'type' | null>(null);

  const typeName = (id: string) => types.data?.find((x) => x.id === id)?.name ?? '–';
  const siteName = (id: string) => sites.data?.find((x) => x.id === id)?.name ?? '–';
  const devicesOf = (id: string) => (devices.data ?? []).filter((d) => d.machineId === id);

  return (
    <>
      <PageHeader title={t('machines.title')}>
        {can('machines.admin') && (
          <>
            <button type="button" onClick={() => setCreating('type')}>
              {t('machines.newType')}
            </button>
            <button type="button" className="primary" onClick={() => setCreating('machine')}>
              {t('machines.new')}
            </button>
          </>
        )}
      </PageHeader>
      {creating === 'type' && <MachineTypeForm onDone={() => setCreating(null)} />}
      {creating === 'machine' && <MachineForm onDone={() => setCreating(null)} defaultSiteId={siteId} />}
      {(sites.data?.length ?? 0) > 1 && (
        <SiteSelect
          sites={sites.data ?? []}
          value={siteId}
          allowAll
          onChange={(id) => setParams(id ? { siteId: id } : {}, { replace: true })}
        />
      )}
      <ErrorAlert error={machines.error} />
      {isMissingEndpoint(devices.error) && <p className="muted">{t('machines.devicesMissing')}</p>}
      {machines.isPending ? (
        <Spinner />
      ) : (machines.data ?? []).length === 0 ? (
        <p>{t('machines.none')}</p>
      ) : (
        <TableRegion label={t('machines.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('machines.name')}</th>
                <th scope="col">{t('machines.type')}</th>
                <th scope="col">{t('sites.site')}</th>
                <th scope="col">{t('machines.state')}</th>
                <th scope="col">{t('machines.devices')}</th>
                <th scope="col">{t('machines.rules')}</th>
                {can('machines.state') && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {(machines.data ?? []).map((m) => (
                <Fragment key={m.id}>
                  <tr>
                    <td>{m.name}</td>
                    <td>{typeName(m.machineTypeId)}</td>
                    <td>{siteName(m.siteId)}</td>
                    <td>
                      <Badge tone={STATE_TONE[m.state]}>{t(`enums.machineState.${m.state}`)}</Badge>
                      {m.stateReason && <div className="muted">{m.stateReason}</div>}
                    </td>
                    <td>
                      {devicesOf(m.id).length === 0
                        ? '–'
                        : devicesOf(m.id).map((d) => (
                            <div key={d.id}>
                              {t(`enums.deviceRole.${d.role}`)}: {d.name}{' '}
                              <Badge tone={d.online ? 'ok' : 'neutral'}>
                                {d.online ? t('enrollment.online') : t('enrollment.offline')}
                              </Badge>
                            </div>
                          ))}
                    </td>
                    <td>
                      <ul className="plain small">
                        {m.needsSupervision && <li>{t('machines.needsSupervision')}</li>}
                        {m.minimumAge != null && <li>{t('machines.minAge', { age: m.minimumAge })}</li>}
                        {m.maxSessionMinutes != null && (
                          <li>{t('machines.maxMinutes', { minutes: m.maxSessionMinutes })}</li>
                        )}
                        {m.allowTakeover && <li>{t('machines.allowTakeover')}</li>}
                      </ul>
                    </td>
                    {can('machines.state') && (
                      <td className="actions">
                        <button
                          type="button"
                          aria-expanded={open === m.id}
                          aria-controls={`edit-${m.id}`}
                          onClick={() => setOpen(open === m.id ? null : m.id)}
                        >
                          {t('machines.change')}
                          <Ctx>{m.name}</Ctx>
                        </button>
                        <ForceOff machine={m} />
                      </td>
                    )}
                  </tr>
                  {open === m.id && (
                    <tr id={`edit-${m.id}`}>
                      <td colSpan={7}>
                        <MachineEdit machine={m} onDone={() => setOpen(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}

function ForceOff({ machine }: { machine: Machine }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const [cut, setCut] = useState(false);
  const off = useMutation({
    mutationFn: () => api.post(`/machines/${machine.id}/force-off`, cut ? { cutUnderPrint: true } : {}),
    onSuccess: () => {
      setOpen(false);
      announce(t('live.forcedOff', { name: machine.name }));
    },
  });
  return (
    <>
      <button type="button" className="danger-outline" onClick={() => setOpen(true)}>
        {t('live.forceOff')}
        <Ctx>{machine.name}</Ctx>
      </button>
      <ConfirmDialog
        open={open}
        title={t('live.forceOffTitle', { name: machine.name })}
        confirmLabel={t('live.forceOff')}
        danger
        busy={off.isPending}
        onConfirm={() => off.mutate()}
        onCancel={() => setOpen(false)}
      >
        <p>{t('live.forceOffText')}</p>
        <div className="checkbox">
          <input
            id={`cut2-${machine.id}`}
            type="checkbox"
            checked={cut}
            onChange={(e) => setCut(e.target.checked)}
          />
          <label htmlFor={`cut2-${machine.id}`}>{t('live.cutUnderPrint')}</label>
        </div>
        <ErrorAlert error={off.error} />
      </ConfirmDialog>
    </>
  );
}

function MachineEdit({ machine, onDone }: { machine: Machine; onDone(): void }) {
  const { t } = useTranslation();
  const { can } = useAuth();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [state, setState] = useState<MachineState>(machine.state);
  const [reason, setReason] = useState(machine.stateReason ?? '');
  const [needsSupervision, setNeedsSupervision] = useState(machine.needsSupervision);
  const [minimumAge, setMinimumAge] = useState(machine.minimumAge?.toString() ?? '');
  const [maxSessionMinutes, setMax] = useState(machine.maxSessionMinutes?.toString() ?? '');
  const [allowTakeover, setAllowTakeover] = useState(machine.allowTakeover);
  const [idlePowerWatts, setIdleW] = useState(machine.idlePowerWatts?.toString() ?? '');
  const [idleMinutes, setIdleMin] = useState(machine.idleMinutes?.toString() ?? '');
  const reasonRequired = state !== MachineState.Available;
  const num = (v: string) => (v.trim() === '' ? null : Number(v));

  const save = useMutation({
    mutationFn: () =>
      api.patch<Machine>(`/machines/${machine.id}`, {
        state,
        stateReason: state === MachineState.Available ? null : reason.trim() || null,
        ...(can('machines.admin')
          ? {
              needsSupervision,
              minimumAge: num(minimumAge),
              maxSessionMinutes: num(maxSessionMinutes),
              allowTakeover,
              idlePowerWatts: num(idlePowerWatts),
              idleMinutes: num(idleMinutes),
            }
          : {}),
      }),
    onSuccess: async (m) => {
      await client.invalidateQueries({ queryKey: ['machines'] });
      announce(t('common.savedName', { name: m.name }));
      onDone();
    },
  });
  const problem = (f: string) => (save.error instanceof ApiError ? save.error.problemOf(f) : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reasonRequired && !reason.trim()) return;
    save.mutate();
  };
  return (
    <form onSubmit={submit} className="stack" aria-label={t('machines.changeLabel', { name: machine.name })}>
      <ErrorAlert error={save.error} />
      <div className="grid-2">
        <Field label={t('machines.state')}>
          <select name="state" value={state} onChange={(e) => setState(e.target.value as MachineState)}>
            {Object.values(MachineState).map((s) => (
              <option key={s} value={s}>
                {t(`enums.machineState.${s}`)}
              </option>
            ))}
          </select>
        </Field>
        {reasonRequired && (
          <Field
            label={t('machines.reason')}
            hint={t('machines.reasonHint')}
            required
            error={problem('stateReason')}
          >
            <input
              name="stateReason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={200}
            />
          </Field>
        )}
      </div>
      {can('machines.admin') && (
        <fieldset>
          <legend>{t('machines.rules')}</legend>
          <div className="grid-3">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={needsSupervision}
                onChange={(e) => setNeedsSupervision(e.target.checked)}
              />
              {t('machines.needsSupervision')}
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={allowTakeover}
                onChange={(e) => setAllowTakeover(e.target.checked)}
              />
              {t('machines.allowTakeover')}
            </label>
            <Field
              label={t('machines.minimumAge')}
              hint={t('machines.minimumAgeHint')}
              error={problem('minimumAge')}
            >
              <input
                type="number"
                min={0}
                max={18}
                value={minimumAge}
                onChange={(e) => setMinimumAge(e.target.value)}
              />
            </Field>
            <Field label={t('machines.maxSessionMinutes')} error={problem('maxSessionMinutes')}>
              <input
                type="number"
                min={1}
                max={1440}
                value={maxSessionMinutes}
                onChange={(e) => setMax(e.target.value)}
              />
            </Field>
            <Field
              label={t('machines.idlePowerWatts')}
              hint={t('machines.idleHint')}
              error={problem('idlePowerWatts')}
            >
              <input
                type="number"
                min={0}
                max={100000}
                value={idlePowerWatts}
                onChange={(e) => setIdleW(e.target.value)}
              />
            </Field>
            <Field label={t('machines.idleMinutes')} error={problem('idleMinutes')}>
              <input
                type="number"
                min={1}
                max={1440}
                value={idleMinutes}
                onChange={(e) => setIdleMin(e.target.value)}
              />
            </Field>
          </div>
        </fieldset>
      )}
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={save.isPending || (reasonRequired && !reason.trim())}
        >
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function MachineForm({ onDone, defaultSiteId }: { onDone(): void; defaultSiteId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const sites = useSites();
  const types = useMachineTypes();
  const [name, setName] = useState('');
  const [siteId, setSiteId] = useState(defaultSiteId);
  const [machineTypeId, setTypeId] = useState('');
  const [needsSupervision, setNeedsSupervision] = useState(false);
  const [minimumAge, setMinimumAge] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post<Machine>('/machines', {
        name: name.trim(),
        siteId,
        machineTypeId,
        needsSupervision,
        ...(minimumAge ? { minimumAge: Number(minimumAge) } : {}),
      }),
    onSuccess: async (m) => {
      await client.invalidateQueries({ queryKey: ['machines'] });
      announce(t('common.savedName', { name: m.name }));
      onDone();
    },
  });
  const problem = (f: string) => (save.error instanceof ApiError ? save.error.problemOf(f) : undefined);
  return (
    <form
      className="card-section stack"
      aria-labelledby="new-machine"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="new-machine">{t('machines.new')}</h2>
      <ErrorAlert error={save.error} />
      <div className="grid-2">
        <Field label={t('machines.name')} required error={problem('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </Field>
        <Field label={t('sites.site')} required error={problem('siteId')}>
          <select value={siteId} onChange={(e) => setSiteId(e.target.value)}>
            <option value="">{t('common.choose')}</option>
            {(sites.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('machines.type')} required error={problem('machineTypeId')}>
          <select value={machineTypeId} onChange={(e) => setTypeId(e.target.value)}>
            <option value="">{t('common.choose')}</option>
            {(types.data ?? []).map((mt) => (
              <option key={mt.id} value={mt.id}>
                {mt.name}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('machines.minimumAge')}
          hint={t('machines.minimumAgeHint')}
          error={problem('minimumAge')}
        >
          <input
            type="number"
            min={0}
            max={18}
            value={minimumAge}
            onChange={(e) => setMinimumAge(e.target.value)}
          />
        </Field>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={needsSupervision}
            onChange={(e) => setNeedsSupervision(e.target.checked)}
          />
          {t('machines.needsSupervision')}
        </label>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={save.isPending || !name.trim() || !siteId || !machineTypeId}
        >
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function MachineTypeForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const save = useMutation({
    mutationFn: () =>
      api.post<MachineType>('/machine-types', {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      }),
    onSuccess: async (mt) => {
      await client.invalidateQueries({ queryKey: ['machine-types'] });
      announce(t('common.savedName', { name: mt.name }));
      onDone();
    },
  });
  return (
    <form
      className="card-section stack"
      aria-labelledby="new-type"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="new-type">{t('machines.newType')}</h2>
      <ErrorAlert error={save.error} />
      <Field label={t('machines.typeName')} hint={t('machines.typeHint')} required>
        <input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} />
      </Field>
      <Field label={t('machines.description')}>
        <textarea rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
      </Field>
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
