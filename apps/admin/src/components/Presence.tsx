import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangePresence, usePresence } from '../api/sites';
import { useAuth, useStaff } from '../app/auth';
import { isMissingEndpoint } from '../lib/errors';
import { ErrorAlert, useAnnounce } from './ui';

/**
 * Who is on site: machines that need supervision unlock only while someone is present. Presence comes from a
 * tap at the entrance reader, or the front desk marks a colleague present; nobody marks themselves present
 * (the server refuses it), anyone may check themselves out.
 */
export function Presence({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const me = useStaff();
  const { can } = useAuth();
  const announce = useAnnounce();
  const pickId = useId();
  const [pick, setPick] = useState('');
  const present = usePresence(siteId);
  const change = useChangePresence(siteId, {
    onSuccess: (_answer, v) => {
      setPick('');
      announce(v.present ? t('presence.nowHere', { name: v.name }) : t('presence.nowGone', { name: v.name }));
    },
  });
  const frontDesk = can('presence.others');
  const people = present.data?.staff ?? [];
  const iAmHere = people.some((p) => p.id === me.id);
  const nameOf = (p: { id: string; displayName: string }) =>
    p.id === me.id ? t('presence.you', { name: me.displayName }) : p.displayName;
  const candidates = (present.data?.candidates ?? []).filter((c) => c.id !== me.id);
  const picked = candidates.find((c) => c.id === pick);
  return (
    <section aria-labelledby="presence-title" className="presence">
      <h2 id="presence-title">{t('presence.title')}</h2>
      {isMissingEndpoint(present.error) ? (
        <p className="muted">{t('common.notAvailableYet')}</p>
      ) : (
        <>
          <ErrorAlert error={change.error ?? present.error} />
          {present.data &&
            (people.length === 0 ? (
              <p className="muted">{t('presence.nobody')}</p>
            ) : (
              <ul className="plain">
                {people.map((p) => (
                  <li key={p.id}>
                    {nameOf(p)}{' '}
                    {(frontDesk || p.id === me.id) && (
                      <button
                        type="button"
                        className="link-button"
                        disabled={change.isPending}
                        onClick={() => change.mutate({ staffId: p.id, present: false, name: nameOf(p) })}
                      >
                        {t('presence.checkOut', { name: nameOf(p) })}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            ))}
          {!iAmHere && <p className="muted">{t('presence.selfHint')}</p>}
          {frontDesk && candidates.length > 0 && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (picked) change.mutate({ staffId: picked.id, present: true, name: picked.displayName });
              }}
            >
              <label htmlFor={pickId}>{t('presence.colleague')}</label>{' '}
              <select id={pickId} value={pick} onChange={(e) => setPick(e.target.value)}>
                <option value="">–</option>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.displayName}
                  </option>
                ))}
              </select>{' '}
              <button type="submit" disabled={!picked || change.isPending}>
                {t('presence.markPresent')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}
