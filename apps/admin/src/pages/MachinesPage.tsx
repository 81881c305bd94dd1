import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MachineState } from '@werkbank/contracts';
import { useDevices } from '../api/devices';
import { useAllMachines, useMachineTypes } from '../api/machines';
import { useSites } from '../api/sites';
import type { Device, Machine } from '../api/types';
import { useAuth } from '../app/auth';
import { EditRow, EditToggle } from '../components/EditRow';
import { ForceOffButton } from '../components/ForceOff';
import { SiteFilter, useSiteFilter } from '../components/SiteSelect';
import { Badge, ErrorAlert, PageHeader, Spinner, TableRegion, type BadgeTone } from '../components/ui';
import { isMissingEndpoint } from '../lib/errors';
import { IncidentForm } from './machines/IncidentForm';
import { MachineEdit } from './machines/MachineEdit';
import { MachineForm, MachineTypeForm } from './machines/MachineForms';

const STATE_TONE: Record<MachineState, BadgeTone> = {
  [MachineState.Available]: 'ok',
  [MachineState.OutOfService]: 'bad',
  [MachineState.Maintenance]: 'warn',
};

export default function MachinesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const [siteId, setSiteId] = useSiteFilter();
  const sites = useSites();
  const types = useMachineTypes();
  const machines = useAllMachines(siteId || undefined);
  const devices = useDevices();
  const [open, setOpen] = useState<string | null>(null);
  /** Which editor the open row shows: the machine's state and rules, or an incident report. */
  const [editor, setEditor] = useState<'edit' | 'incident'>('edit');
  const toggle = (id: string, which: 'edit' | 'incident') => {
    setOpen(open === id && editor === which ? null : id);
    setEditor(which);
  };
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
      <SiteFilter sites={sites.data} value={siteId} onChange={setSiteId} />
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
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(machines.data ?? []).map((m) => (
                <EditRow
                  key={m.id}
                  id={m.id}
                  open={open === m.id}
                  colSpan={7}
                  editor={
                    editor === 'incident' ? (
                      <IncidentForm machine={m} onDone={() => setOpen(null)} />
                    ) : (
                      <MachineEdit machine={m} onDone={() => setOpen(null)} />
                    )
                  }
                >
                  <td>{m.name}</td>
                  <td>{typeName(m.machineTypeId)}</td>
                  <td>{siteName(m.siteId)}</td>
                  <td>
                    <Badge tone={STATE_TONE[m.state]}>{t(`enums.machineState.${m.state}`)}</Badge>
                    {m.stateReason && <div className="muted">{m.stateReason}</div>}
                  </td>
                  <td>
                    <MachineDevices devices={devicesOf(m.id)} />
                  </td>
                  <td>
                    <MachineRules machine={m} />
                  </td>
                  <td className="actions">
                    {can('machines.state') && (
                      <EditToggle
                        id={m.id}
                        open={open === m.id && editor === 'edit'}
                        onToggle={() => toggle(m.id, 'edit')}
                        label={t('machines.change')}
                        name={m.name}
                      />
                    )}
                    <EditToggle
                      id={m.id}
                      open={open === m.id && editor === 'incident'}
                      onToggle={() => toggle(m.id, 'incident')}
                      label={t('incidents.report')}
                      name={m.name}
                    />
                    {can('machines.state') && (
                      <ForceOffButton machineId={m.id} name={m.name} className="danger-outline" />
                    )}
                  </td>
                </EditRow>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
    </>
  );
}

function MachineDevices({ devices }: { devices: Device[] }) {
  const { t } = useTranslation();
  if (devices.length === 0) return <>–</>;
  return (
    <>
      {devices.map((d) => (
        <div key={d.id}>
          {t(`enums.deviceRole.${d.role}`)}: {d.name}{' '}
          <Badge tone={d.online ? 'ok' : 'neutral'}>
            {d.online ? t('enrollment.online') : t('enrollment.offline')}
          </Badge>
        </div>
      ))}
    </>
  );
}

function MachineRules({ machine: m }: { machine: Machine }) {
  const { t } = useTranslation();
  return (
    <ul className="plain small">
      {m.needsSupervision && <li>{t('machines.needsSupervision')}</li>}
      {m.minimumAge != null && <li>{t('machines.minAge', { age: m.minimumAge })}</li>}
      {m.maxSessionMinutes != null && <li>{t('machines.maxMinutes', { minutes: m.maxSessionMinutes })}</li>}
      {m.allowTakeover && <li>{t('machines.allowTakeover')}</li>}
    </ul>
  );
}
