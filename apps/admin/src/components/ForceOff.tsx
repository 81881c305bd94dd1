import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useForceOff } from '../api/machines';
import { ConfirmDialog, Ctx, ErrorAlert, useAnnounce } from './ui';

/** "Force off" with its confirmation: ends the session and cuts the relay, a running print only if asked. */
export function ForceOffButton({
  machineId,
  name,
  className,
}: {
  machineId: string;
  name: string;
  className: 'danger' | 'danger-outline';
}) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const cutId = useId();
  const [open, setOpen] = useState(false);
  const [cutUnderPrint, setCutUnderPrint] = useState(false);
  const off = useForceOff(machineId, {
    onSuccess: () => {
      setOpen(false);
      announce(t('live.forcedOff', { name }));
    },
  });
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        {t('live.forceOff')}
        <Ctx>{name}</Ctx>
      </button>
      <ConfirmDialog
        open={open}
        title={t('live.forceOffTitle', { name })}
        confirmLabel={t('live.forceOff')}
        danger
        busy={off.isPending}
        onConfirm={() => off.mutate({ cutUnderPrint })}
        onCancel={() => setOpen(false)}
      >
        <p>{t('live.forceOffText')}</p>
        <div className="checkbox">
          <input
            id={cutId}
            type="checkbox"
            checked={cutUnderPrint}
            onChange={(e) => setCutUnderPrint(e.target.checked)}
          />
          <label htmlFor={cutId}>{t('live.cutUnderPrint')}</label>
        </div>
        <ErrorAlert error={off.error} />
      </ConfirmDialog>
    </>
  );
}
