import { useTranslation } from 'react-i18next';
import { useBrokerFile } from '../../api/devices';
import { ErrorAlert, useAnnounce } from '../../components/ui';

/**
 * For an external Mosquitto (MQTT_MODE=external): its password and ACL files, generated from the registry.
 * Two buttons rather than one, because browsers hold back a second download started by the same click.
 */
export function BrokerFiles() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const download = useBrokerFile({
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
