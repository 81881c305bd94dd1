import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeviceFamilies, useDevices } from '../api/devices';
import { useAllMachines } from '../api/machines';
import { useSites } from '../api/sites';
import { useAuth } from '../app/auth';
import { EditRow, EditToggle, toggled } from '../components/EditRow';
import { SiteFilter, useSiteFilter } from '../components/SiteSelect';
import { Badge, ErrorAlert, PageHeader, Spinner, TableRegion, useAnnounce } from '../components/ui';
import { LiveStatusBadge } from '../live/LiveStatusBadge';
import { BrokerFiles } from './devices/BrokerFiles';
import { BridgeHealthCell } from './devices/BridgeHealthCell';
import { ProvisioningFile, RemoveDevice, RotatePassword } from './devices/DeviceActions';
import { DeviceEdit } from './devices/DeviceEdit';
import { DeviceForm } from './devices/DeviceForm';
import { SecretPanel, type Secret } from './devices/SecretPanel';
import { useLiveDeviceState } from './devices/useLiveDeviceState';

export default function DevicesPage() {
  const { t } = useTranslation();
  const { can } = useAuth();
  const announce = useAnnounce();
  const [siteId, setSiteId] = useSiteFilter();
  const sites = useSites();
  const machines = useAllMachines();
  const devices = useDevices();
  const status = useLiveDeviceState(!!devices.data);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [secret, setSecret] = useState<Secret | null>(null);
  const admin = can('devices.admin');
  // Fetched with the list, so the register form opens with its protocols in place.
  useDeviceFamilies(admin);

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
      <SiteFilter sites={sites.data} value={siteId} onChange={setSiteId} />
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
                <EditRow
                  key={d.id}
                  id={d.id}
                  open={open === d.id}
                  colSpan={9}
                  editor={<DeviceEdit device={d} onDone={() => setOpen(null)} />}
                >
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
                    {d.bridge && <BridgeHealthCell bridge={d.bridge} />}
                  </td>
                  {admin && (
                    <td className="actions">
                      <EditToggle
                        id={d.id}
                        open={open === d.id}
                        onToggle={() => setOpen(toggled(open, d.id))}
                        label={t('common.edit')}
                        name={d.name}
                      />
                      <RotatePassword
                        device={d}
                        onRotated={(password) =>
                          showSecret(
                            { deviceName: d.name, username: d.mqttUsername, password },
                            t('devices.rotated', { name: d.name }),
                          )
                        }
                      />
                      {d.protocol === 'werkbank' && <ProvisioningFile device={d} />}
                      <RemoveDevice device={d} />
                    </td>
                  )}
                </EditRow>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {admin && <BrokerFiles />}
    </>
  );
}
