import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useHealth } from '../api/live';
import { useAuth } from '../app/auth';
import { Presence } from '../components/Presence';
import { SiteSelect } from '../components/SiteSelect';
import { ErrorAlert, Notice, PageHeader, Spinner } from '../components/ui';
import { isMissingEndpoint } from '../lib/errors';
import { useCurrentSite } from '../lib/useCurrentSite';
import { LiveStatusBadge } from '../live/LiveStatusBadge';
import { DemoTap } from './live/DemoTap';
import { MachineTile } from './live/MachineTile';
import { TapItem } from './live/TapItem';
import { useLiveBoard } from './live/useLiveBoard';

export default function LiveBoardPage() {
  const { t } = useTranslation();
  const { siteId, setSiteId, sites, loading, error } = useCurrentSite();
  const { can } = useAuth();
  const { devices, machines, live, status, board, taps, machineName } = useLiveBoard(siteId);
  const runtimeMissing = isMissingEndpoint(live.error);
  const brokerLost = useHealth().data?.mqtt === false;

  if (loading) return <Spinner />;
  return (
    <>
      <PageHeader title={t('live.title')}>
        {sites.length > 0 && <SiteSelect sites={sites} value={siteId} onChange={setSiteId} />}
        {live.data && <LiveStatusBadge status={status} />}
      </PageHeader>
      <ErrorAlert error={error} />
      {sites.length === 0 && !error && (
        <Notice>
          {t('live.noSites')} {can('sites.admin') && <Link to="/sites">{t('nav.sites')}</Link>}
        </Notice>
      )}
      {runtimeMissing && <Notice kind="warning">{t('live.runtimeMissing')}</Notice>}
      {brokerLost && (
        <Notice kind="warning" live>
          {t('live.brokerLost')}
        </Notice>
      )}
      {live.error && !runtimeMissing && <ErrorAlert error={live.error} />}
      {status === 'failing' && live.data && <Notice kind="warning">{t('live.socketFailing')}</Notice>}
      <div className="live-layout">
        <section aria-labelledby="machines-title" className="live-machines">
          <h2 id="machines-title">{t('live.machines')}</h2>
          {machines.isPending && !live.data ? (
            <Spinner />
          ) : board.length === 0 ? (
            <p>{t('live.noMachines')}</p>
          ) : (
            <ul className="machine-grid">
              {board.map((m) => (
                <MachineTile
                  key={m.machineId}
                  m={m}
                  runtime={!!live.data}
                  hasDevices={
                    devices.data ? devices.data.some((d) => d.machineId === m.machineId) : undefined
                  }
                  bridge={devices.data?.find((d) => d.machineId === m.machineId && d.bridge)?.bridge ?? null}
                />
              ))}
            </ul>
          )}
        </section>
        <aside className="live-side" aria-label={t('live.side')}>
          <section aria-labelledby="taps-title">
            <h2 id="taps-title">{t('live.taps')}</h2>
            {/* role=log announces each new tap (allowed/denied and the reason) without moving focus. */}
            <div role="log" aria-live="polite" aria-relevant="additions" aria-labelledby="taps-title">
              <ol className="tap-log">
                {taps.map((tap) => (
                  <TapItem key={tap.id} tap={tap} machineName={machineName(tap.machineId)} />
                ))}
              </ol>
            </div>
            {taps.length === 0 && (
              <p className="muted">{live.data ? t('live.noTaps') : t('live.noTapsOffline')}</p>
            )}
          </section>
          {siteId && can('sites.presence') && <Presence siteId={siteId} />}
          {siteId && <DemoTap siteId={siteId} />}
        </aside>
      </div>
    </>
  );
}
