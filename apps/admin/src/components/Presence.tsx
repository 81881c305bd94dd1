import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useStaffAccounts } from '../api/queries';
import { useStaff } from '../app/auth';
import { isMissingEndpoint } from '../lib/errors';
import { ErrorAlert, useAnnounce } from './ui';

interface PresenceAnswer {
  staffIds: string[];
}

/**
 * "I am on site" for the logged-in staff member: machines that need supervision unlock only while someone is
 * present. Admins see who is present by name (they may read the staff list); others see themselves and a count.
 */
export function Presence({ siteId }: { siteId: string }) {
  const { t } = useTranslation();
  const me = useStaff();
  const staff = useStaffAccounts();
  const client = useQueryClient();
  const announce = useAnnounce();
  const key = ['presence', siteId];
  const present = useQuery({
    queryKey: key,
    queryFn: () => api.get<PresenceAnswer>(`/sites/${siteId}/presence`),
    retry: false,
    enabled: !!siteId,
    refetchInterval: 60_000,
  });
  const ids = present.data?.staffIds ?? [];
  const iAmHere = ids.includes(me.id);
  const toggle = useMutation({
    mutationFn: (value: boolean) => api.post<PresenceAnswer>(`/sites/${siteId}/presence`, { present: value }),
    onSuccess: (answer, value) => {
      client.setQueryData(key, answer);
      announce(value ? t('presence.nowHere') : t('presence.nowGone'));
    },
  });
  const nameOf = (id: string) =>
    id === me.id
      ? t('presence.you', { name: me.displayName })
      : staff.data?.find((s) => s.id === id)?.displayName;
  const named = ids.map(nameOf).filter((n): n is string => !!n);
  const others = ids.length - named.length;
  return (
    <section aria-labelledby="presence-title" className="presence">
      <h2 id="presence-title">{t('presence.title')}</h2>
      {isMissingEndpoint(present.error) ? (
        <p className="muted">{t('common.notAvailableYet')}</p>
      ) : (
        <>
          <button
            type="button"
            aria-pressed={iAmHere}
            onClick={() => toggle.mutate(!iAmHere)}
            disabled={toggle.isPending || !present.data}
            className={iAmHere ? 'primary' : undefined}
          >
            {t('presence.onSite')}
          </button>
          <ErrorAlert error={toggle.error ?? present.error} />
          {present.data &&
            (ids.length === 0 ? (
              <p className="muted">{t('presence.nobody')}</p>
            ) : (
              <ul className="plain">
                {named.map((n) => (
                  <li key={n}>{n}</li>
                ))}
                {others > 0 && <li>{t('presence.others', { count: others })}</li>}
              </ul>
            ))}
        </>
      )}
    </section>
  );
}
