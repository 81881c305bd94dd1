import { Fragment, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DeviceProtocol, DeviceRole, type DeviceAvailabilityEvent } from '@werkbank/contracts';
import { api, ApiError } from '../api/client';
import { useAllMachines, useDevices, useSites } from '../api/queries';
import type { Device, DeviceCreated, DeviceInput, Machine } from '../api/types';
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
} from '../components/ui';
import { LiveStatusBadge } from '../live/LiveStatusBadge';
import { useLiveSocket, type LiveStatus } from '../live/socket';

/** Credentials the server returns once (after registering or rotating): kept in page state until dismissed. */
interface Secret {
  deviceName: string;
  username: string;
  password: string;
}

interface FormValues {
  name: string;
  siteId: string;
  role: DeviceRole;
  protocol: DeviceProtocol;
  machineId: string;
  address: string;
  mqttUsername: string;
}
type Problems = Partial<Record<keyof FormValues, string>>;

// Required fields and the username's form are checked here; whether an address fits its protocol only the
// server's adapters know (serverProblems shows their verdict at the field).
const MQTT_USERNAME = /^[A-Za-z0-9._-]{1,64}$/;

function validate(t: TFunction, v: FormValues, creating: boolean): Problems {
  const p: Problems = {};
  if (!v.name.trim()) p.name = t('validation.required');
  if (creating && !v.siteId) p.siteId = t('validation.required');
  if (v.role !== DeviceRole.EntranceReader && !v.machineId) p.machineId = t('devices.machineRequired');
  if (!v.address.trim()) p.address = t('validation.required');
  if (creating && v.mqttUsername.trim() && !MQTT_USERNAME.test(v.mqttUsername.trim()))
    p.mqttUsername = t('devices.mqttUsernameInvalid');
  return p;
}

/** Field problems the server reported, by form field. */
function serverProblems(t: TFunction, err: unknown): Problems {
  const p: Problems = {};
  if (!(err instanceof ApiError)) return p;
  for (const key of ['name', 'siteId', 'role', 'protocol', 'machineId', 'address', 'mqttUsername'] as const) {
    const problem = err.problemOf(key);
    if (problem) p[key] = problem;
  }
  // The adapters word their verdict in English; lead with what to do, in the UI's language.
  if (p.address) p.address = `${t('devices.addressInvalid')} (${p.address})`;
  return p;
}

/** Client-side problems first: move focus to the first one and say how many there are. */
function useReportProblems() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  return (form: HTMLFormElement | null, p: Problems): boolean => {
    const keys = Object.keys(p);
    if (keys.length === 0) return false;
    announce(t('validation.fixFields', { count: keys.length }));
    form?.querySelector<HTMLElement>(`[name="${keys[0]}"]`)?.focus();
    return true;
  };
}

/** Keeps the online column current: the server pushes `device` events to every logged-in live socket. */
function useLiveDeviceState(enabled: boolean): LiveStatus {
  const client = useQueryClient();
  const { socket, status } = useLiveSocket(enabled);
  useEffect(() => {
    if (!socket) return;
    const onDevice = (e: DeviceAvailabilityEvent) =>
      client.setQueryData<Device[]>(['devices'], (list) =>
        list?.map((d) => (d.id === e.deviceId ? { ...d, online: e.online } : d)),
      );
    // Events sent while the connection was down are lost: reload the list after a reconnect.
    const onConnect = () => void client.invalidateQueries({ queryKey: ['devices'] });
    socket.on('device', onDevice);
    socket.on('connect', onConnect);
    return () => {
      socket.off('device', onDevice);
      socket.off('connect', onConnect);
    };
  }, [socket, client]);
  return status;
}

export default function DevicesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const announce = useAnnounce();
  const [params, setParams] = useSearchParams();
  const siteId = params.get('siteId') ?? '';
  const sites = useSites();
  const machines = useAllMachines();
  const devices = useDevices();
  const status = useLiveDeviceState(!!devices.data);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const admin = can('devices.admin');

  const siteName = (id: string) => sites.data?.find((s) => s.id === id)?.name ?? '–';
  const machineName = (id: string | null) =>
    id ? (machines.data?.find((m) => m.id === id)?.name ?? '–') : t('devices.entrance');
  const shown = (devices.data ?? []).filter((d) => !siteId || d.siteId === siteId);

  const showSecret = (s: Secret, message: string) => {
    setSecret(s);
    announce(message);
  };

  return (
    <>
      <PageHeader title={t('devices.title')}>
        {devices.data && <LiveStatusBadge status={status} />}
        {admin && (
          <button type="button" className="primary" onClick={() => setCreating(true)} disabled={creating}>
            {t('devices.new')}
          </button>
        )}
      </PageHeader>
      <p className="muted">{t('devices.intro')}</p>
      {secret && <SecretPanel secret={secret} onDone={() => setSecret(null)} />}
      {creating && (
        <DeviceForm
          defaultSiteId={siteId || (sites.data?.length === 1 ? sites.data[0].id : '')}
          onCancel={() => setCreating(false)}
          onCreated={(res) => {
            setCreating(false);
            showSecret(
              { deviceName: res.device.name, username: res.device.mqttUsername, password: res.mqttPassword },
              t('devices.created', { name: res.device.name }),
            );
          }}
        />
      )}
      {(sites.data?.length ?? 0) > 1 && (
        <SiteSelect
          sites={sites.data ?? []}
          value={siteId}
          allowAll
          onChange={(id) => setParams(id ? { siteId: id } : {}, { replace: true })}
        />
      )}
      <ErrorAlert error={devices.error} />
      {devices.isPending ? (
        <Spinner />
      ) : devices.error ? null : shown.length === 0 ? (
        <p>
          {siteId ? t('devices.noneForSite') : t('devices.none')} {admin && t('devices.noneHint')}
        </p>
      ) : (
        <TableRegion label={t('devices.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('devices.name')}</th>
                <th scope="col">{t('sites.site')}</th>
                <th scope="col">{t('devices.machine')}</th>
                <th scope="col">{t('devices.role')}</th>
                <th scope="col">{t('devices.protocol')}</th>
                <th scope="col">{t('devices.address')}</th>
                <th scope="col">{t('devices.mqttUsername')}</th>
                <th scope="col">{t('devices.status')}</th>
                {admin && <th scope="col">{t('common.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((d) => (
                <Fragment key={d.id}>
                  <tr>
                    <td>{d.name}</td>
                    <td>{siteName(d.siteId)}</td>
                    <td>{machineName(d.machineId)}</td>
                    <td>{t(`enums.deviceRole.${d.role}`)}</td>
                    <td>{t(`enums.deviceProtocol.${d.protocol}`, { defaultValue: d.protocol })}</td>
                    <td className="mono">{d.address}</td>
                    <td className="mono">{d.mqttUsername}</td>
                    <td>
                      <Badge tone={d.online ? 'ok' : 'neutral'}>
                        {d.online ? t('devices.online') : t('devices.offline')}
                      </Badge>
                      {d.takeovers > 0 && (
                        <p className="hint">{t('devices.takeovers', { count: d.takeovers })}</p>
                      )}
                    </td>
                    {admin && (
                      <td className="actions">
                        <button
                          type="button"
                          aria-expanded={open === d.id}
                          aria-controls={`edit-${d.id}`}
                          onClick={() => setOpen(open === d.id ? null : d.id)}
                        >
                          {t('common.edit')}
                          <Ctx>{d.name}</Ctx>
                        </button>
                        <RotatePassword
                          device={d}
                          onRotated={(password) =>
                            showSecret(
                              { deviceName: d.name, username: d.mqttUsername, password },
                              t('devices.rotated', { name: d.name }),
                            )
                          }
                        />
                        <RemoveDevice device={d} />
                      </td>
                    )}
                  </tr>
                  {open === d.id && (
                    <tr id={`edit-${d.id}`}>
                      <td colSpan={9}>
                        <DeviceEdit device={d} onDone={() => setOpen(null)} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {admin && <BrokerFiles />}
    </>
  );
}

/**
 * For an external Mosquitto (MQTT_MODE=external): its password and ACL files, generated from the registry.
 * Two buttons rather than one, because browsers hold back a second download started by the same click.
 */
function BrokerFiles() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const download = useMutation({
    mutationFn: async (file: 'passwordFile' | 'aclFile') => {
      const config = await api.get<{ passwordFile: string; aclFile: string }>('/devices/mosquitto-config');
      return { file, text: config[file] };
    },
    onSuccess: ({ file, text }) => {
      const name = file === 'passwordFile' ? 'passwd' : 'acl';
      // Not text/plain: browsers would append .txt, and Mosquitto's files have no extension.
      const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 0);
      announce(t('devices.brokerDownloaded', { name }));
    },
  });
  return (
    <section className="card-section" aria-labelledby="broker-files">
      <h2 id="broker-files">{t('devices.brokerTitle')}</h2>
      <p>{t('devices.brokerText')}</p>
      <p className="muted">{t('devices.brokerServerAccount')}</p>
      <div className="form-actions">
        <button type="button" disabled={download.isPending} onClick={() => download.mutate('passwordFile')}>
          {t('devices.brokerPasswordFile')}
        </button>
        <button type="button" disabled={download.isPending} onClick={() => download.mutate('aclFile')}>
          {t('devices.brokerAclFile')}
        </button>
      </div>
      <ErrorAlert error={download.error} />
    </section>
  );
}

/** The MQTT credentials, shown once, with copy buttons. Focus moves here so screen reader users land on it. */
function SecretPanel({ secret, onDone }: { secret: Secret; onDone(): void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // After the current event: a closing confirm dialog first returns focus to its button.
    const id = window.setTimeout(() => heading.current?.focus(), 0);
    return () => window.clearTimeout(id);
  }, [secret]);
  return (
    <section className="alert alert-warning secret-panel" aria-labelledby="device-secret">
      <h2 id="device-secret" ref={heading} tabIndex={-1}>
        {t('devices.secretTitle', { name: secret.deviceName })}
      </h2>
      <p>
        <strong>{t('devices.secretOnce')}</strong> {t('devices.secretStore')}
      </p>
      <dl className="details">
        <dt>{t('devices.mqttUsername')}</dt>
        <dd>
          <SecretValue value={secret.username} what={t('devices.mqttUsername')} testId="mqtt-username" />
        </dd>
        <dt>{t('devices.password')}</dt>
        <dd>
          <SecretValue value={secret.password} what={t('devices.password')} testId="mqtt-password" />
        </dd>
      </dl>
      <button type="button" onClick={onDone}>
        {t('devices.secretDone')}
      </button>
    </section>
  );
}

function SecretValue({ value, what, testId }: { value: string; what: string; testId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [result, setResult] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setResult('copied');
    } catch {
      // No clipboard access (e.g. plain http on a LAN address): select the text for Ctrl+C instead.
      const el = document.getElementById(id);
      if (el) window.getSelection()?.selectAllChildren(el);
      setResult('failed');
    }
  };
  return (
    <>
      <code id={id} data-testid={testId}>
        {value}
      </code>
      <button type="button" onClick={() => void copy()}>
        {t('devices.copy', { what })}
      </button>
      <span role="status" className={result === 'failed' ? 'field-error' : 'muted'}>
        {result === 'copied' && t('devices.copied', { what })}
        {result === 'failed' && t('devices.copyFailed')}
      </span>
    </>
  );
}

function DeviceForm({
  defaultSiteId,
  onCancel,
  onCreated,
}: {
  defaultSiteId: string;
  onCancel(): void;
  onCreated(res: DeviceCreated): void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const report = useReportProblems();
  const sites = useSites();
  const machines = useAllMachines();
  const formRef = useRef<HTMLFormElement>(null);
  const [v, setValues] = useState<FormValues>({
    name: '',
    siteId: defaultSiteId,
    role: DeviceRole.MachineReader,
    protocol: DeviceProtocol.Werkbank,
    machineId: '',
    address: '',
    mqttUsername: '',
  });
  const [problems, setProblems] = useState<Problems>({});
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((s) => ({ ...s, [key]: value }));
  const siteMachines = (machines.data ?? []).filter((m) => m.siteId === v.siteId);
  const entrance = v.role === DeviceRole.EntranceReader;

  const save = useMutation({
    mutationFn: (input: DeviceInput) => api.post<DeviceCreated>('/devices', input),
    onSuccess: async (res) => {
      await client.invalidateQueries({ queryKey: ['devices'] });
      onCreated(res);
    },
    onError: (err) => setProblems(serverProblems(t, err)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = validate(t, v, true);
    setProblems(p);
    if (report(formRef.current, p)) return;
    save.mutate({
      name: v.name.trim(),
      siteId: v.siteId,
      role: v.role,
      protocol: v.protocol,
      machineId: entrance ? null : v.machineId,
      address: v.address.trim(),
      ...(v.mqttUsername.trim() ? { mqttUsername: v.mqttUsername.trim() } : {}),
    });
  };

  return (
    <form
      ref={formRef}
      className="card-section stack"
      aria-labelledby="new-device"
      onSubmit={submit}
      noValidate
    >
      <h2 id="new-device">{t('devices.new')}</h2>
      <ErrorAlert error={save.error} title={t('devices.notSaved')} />
      <div className="grid-2">
        <Field label={t('devices.name')} hint={t('devices.nameHint')} required error={problems.name}>
          <input name="name" value={v.name} onChange={(e) => set('name', e.target.value)} maxLength={120} />
        </Field>
        <Field label={t('sites.site')} required error={problems.siteId}>
          <select
            name="siteId"
            value={v.siteId}
            onChange={(e) => setValues((s) => ({ ...s, siteId: e.target.value, machineId: '' }))}
          >
            <option value="">{t('common.choose')}</option>
            {(sites.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('devices.role')} hint={t('devices.roleHint')} required error={problems.role}>
          <select name="role" value={v.role} onChange={(e) => set('role', e.target.value as DeviceRole)}>
            {Object.values(DeviceRole).map((r) => (
              <option key={r} value={r}>
                {t(`enums.deviceRole.${r}`)}
              </option>
            ))}
          </select>
        </Field>
        {!entrance && (
          <MachineField
            siteId={v.siteId}
            machines={siteMachines}
            value={v.machineId}
            onChange={(id) => set('machineId', id)}
            error={problems.machineId}
          />
        )}
        <Field label={t('devices.protocol')} required error={problems.protocol}>
          <select
            name="protocol"
            value={v.protocol}
            onChange={(e) => set('protocol', e.target.value as DeviceProtocol)}
          >
            {Object.values(DeviceProtocol).map((p) => (
              <option key={p} value={p}>
                {t(`enums.deviceProtocol.${p}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label={t('devices.address')}
          hint={t(`devices.addressHint.${v.protocol}`)}
          required
          error={problems.address}
        >
          <input
            name="address"
            className="mono"
            value={v.address}
            onChange={(e) => set('address', e.target.value)}
            maxLength={120}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
        <Field
          label={t('devices.mqttUsername')}
          hint={t('devices.mqttUsernameHint')}
          error={problems.mqttUsername}
        >
          <input
            name="mqttUsername"
            className="mono"
            value={v.mqttUsername}
            onChange={(e) => set('mqttUsername', e.target.value)}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('common.saving') : t('devices.register')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function MachineField({
  siteId,
  machines,
  value,
  onChange,
  error,
}: {
  siteId: string;
  machines: Machine[];
  value: string;
  onChange(id: string): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const hint = !siteId
    ? t('devices.chooseSiteFirst')
    : machines.length === 0
      ? t('devices.noMachines')
      : t('devices.machineHint');
  return (
    <Field label={t('devices.machine')} hint={hint} required error={error}>
      <select name="machineId" value={value} onChange={(e) => onChange(e.target.value)} disabled={!siteId}>
        <option value="">{t('common.choose')}</option>
        {machines.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

function DeviceEdit({ device, onDone }: { device: Device; onDone(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const report = useReportProblems();
  const machines = useAllMachines();
  const formRef = useRef<HTMLFormElement>(null);
  const [name, setName] = useState(device.name);
  const [machineId, setMachineId] = useState(device.machineId ?? '');
  const [address, setAddress] = useState(device.address);
  const [problems, setProblems] = useState<Problems>({});
  const entrance = device.role === DeviceRole.EntranceReader;

  const save = useMutation({
    mutationFn: () =>
      api.patch<Device>(`/devices/${device.id}`, {
        name: name.trim(),
        address: address.trim(),
        ...(entrance ? {} : { machineId }),
      }),
    onSuccess: async (d) => {
      await client.invalidateQueries({ queryKey: ['devices'] });
      announce(t('common.savedName', { name: d.name }));
      onDone();
    },
    onError: (err) => setProblems(serverProblems(t, err)),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = validate(t, { ...device, name, machineId, address, mqttUsername: '' }, false);
    setProblems(p);
    if (report(formRef.current, p)) return;
    save.mutate();
  };

  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="stack"
      aria-label={t('devices.editLabel', { name: device.name })}
    >
      <ErrorAlert error={save.error} title={t('devices.notSaved')} />
      <div className="grid-3">
        <Field label={t('devices.name')} required error={problems.name}>
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={120} />
        </Field>
        {!entrance && (
          <MachineField
            siteId={device.siteId}
            machines={(machines.data ?? []).filter((m) => m.siteId === device.siteId)}
            value={machineId}
            onChange={setMachineId}
            error={problems.machineId}
          />
        )}
        <Field
          label={t('devices.address')}
          hint={t(`devices.addressHint.${device.protocol}`)}
          required
          error={problems.address}
        >
          <input
            name="address"
            className="mono"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            maxLength={120}
            autoComplete="off"
            spellCheck={false}
          />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function RotatePassword({ device, onRotated }: { device: Device; onRotated(password: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const rotate = useMutation({
    mutationFn: () => api.post<{ mqttPassword: string }>(`/devices/${device.id}/credentials`),
    onSuccess: (res) => {
      setOpen(false);
      onRotated(res.mqttPassword);
    },
  });
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        {t('devices.rotate')}
        <Ctx>{device.name}</Ctx>
      </button>
      <ConfirmDialog
        open={open}
        title={t('devices.rotateTitle', { name: device.name })}
        confirmLabel={t('devices.rotateConfirm')}
        busy={rotate.isPending}
        onConfirm={() => rotate.mutate()}
        onCancel={() => setOpen(false)}
      >
        <p>{t('devices.rotateText')}</p>
        <ErrorAlert error={rotate.error} />
      </ConfirmDialog>
    </>
  );
}

function RemoveDevice({ device }: { device: Device }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const remove = useMutation({
    mutationFn: () => api.delete(`/devices/${device.id}`),
    onSuccess: async () => {
      setOpen(false);
      await client.invalidateQueries({ queryKey: ['devices'] });
      announce(t('devices.removed', { name: device.name }));
      // The row (and the button that had focus) is gone: continue from the page heading.
      document.querySelector<HTMLElement>('main h1')?.focus();
    },
  });
  return (
    <>
      <button type="button" className="danger-outline" onClick={() => setOpen(true)}>
        {t('common.remove')}
        <Ctx>{device.name}</Ctx>
      </button>
      <ConfirmDialog
        open={open}
        title={t('devices.removeTitle', { name: device.name })}
        confirmLabel={t('devices.removeConfirm')}
        danger
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setOpen(false)}
      >
        <p>{t('devices.removeText')}</p>
        <ErrorAlert error={remove.error} />
      </ConfirmDialog>
    </>
  );
}
