import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Device } from '../../api/types';
import { ConfirmDialog, Ctx, ErrorAlert, useAnnounce } from '../../components/ui';

export function RotatePassword({ device, onRotated }: { device: Device; onRotated(password: string): void }) {
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

export function RemoveDevice({ device }: { device: Device }) {
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
