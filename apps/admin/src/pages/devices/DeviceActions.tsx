import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadWithProgress } from '../../api/client';
import { useDeleteDevice, useRotateDevicePassword } from '../../api/devices';
import type { Device } from '../../api/types';
import { ConfirmedAction } from '../../components/EditRow';
import { ErrorAlert, useAnnounce } from '../../components/ui';

export function RotatePassword({ device, onRotated }: { device: Device; onRotated(password: string): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const rotate = useRotateDevicePassword(device.id, {
    onSuccess: (res) => {
      setOpen(false);
      onRotated(res.mqttPassword);
    },
  });
  return (
    <ConfirmedAction
      label={t('devices.rotate')}
      name={device.name}
      className=""
      open={open}
      onOpenChange={setOpen}
      title={t('devices.rotateTitle', { name: device.name })}
      confirmLabel={t('devices.rotateConfirm')}
      action={rotate}
      onConfirm={() => rotate.mutate()}
    >
      <p>{t('devices.rotateText')}</p>
    </ConfirmedAction>
  );
}

export function RemoveDevice({ device }: { device: Device }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [open, setOpen] = useState(false);
  const remove = useDeleteDevice(device.id, {
    onSuccess: () => {
      setOpen(false);
      announce(t('devices.removed', { name: device.name }));
      // The row (and the button that had focus) is gone: continue from the page heading.
      document.querySelector<HTMLElement>('main h1')?.focus();
    },
  });
  return (
    <ConfirmedAction
      label={t('common.remove')}
      name={device.name}
      className="danger-outline"
      open={open}
      onOpenChange={setOpen}
      title={t('devices.removeTitle', { name: device.name })}
      confirmLabel={t('devices.removeConfirm')}
      danger
      action={remove}
      onConfirm={() => remove.mutate()}
    >
      <p>{t('devices.removeText')}</p>
    </ConfirmedAction>
  );
}

/** A firmware bridge's bridge.yml (broker, bridge id, public key, bridge card key); admins only, audited. */
export function ProvisioningFile({ device }: { device: Device }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await downloadWithProgress(
        `/api/devices/${device.id}/bridge.yml`,
        `bridge-${device.address}.yml`,
        () => undefined,
      );
      announce(t('devices.bridge.provisioned', { name: device.name }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={busy}
        onClick={() => void download()}
        aria-label={t('devices.bridge.provisioningFor', { name: device.name })}
        title={t('devices.bridge.provisioningHint')}
      >
        {t('devices.bridge.provisioning')}
      </button>
      <ErrorAlert error={error} />
    </>
  );
}
