import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useForceOff } from '../api/machines';
import { ConfirmedAction } from './EditRow';
import { useAnnounce } from './ui';

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
    <ConfirmedAction
      label={t('live.forceOff')}
      name={name}
      className={className}
      open={open}
      onOpenChange={setOpen}
      title={t('live.forceOffTitle', { name })}
      confirmLabel={t('live.forceOff')}
      danger
      action={off}
      onConfirm={() => off.mutate({ cutUnderPrint })}
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
    </ConfirmedAction>
  );
}
