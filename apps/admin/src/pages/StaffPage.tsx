import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { STAFF_PASSWORD_MIN_LENGTH, StaffRole } from '@werkbank/contracts';
import { api, ApiError } from '../api/client';
import { useStaffAccounts } from '../api/queries';
import type { StaffAccount } from '../api/types';
import { useStaff } from '../app/auth';
import {
  Badge,
  ConfirmDialog,
  ErrorAlert,
  Field,
  PageHeader,
  PasswordField,
  Spinner,
  TableRegion,
  useAnnounce,
} from '../components/ui';
import { useFormat } from '../lib/format';

export default function StaffPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useStaff();
  const client = useQueryClient();
  const announce = useAnnounce();
  const staff = useStaffAccounts();
  const [creating, setCreating] = useState(false);
  const [settingPassword, setSettingPassword] = useState<StaffAccount | null>(null);
  const update = useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<Pick<StaffAccount, 'role' | 'active'>> }) =>
      api.patch<StaffAccount>(`/staff/${id}`, patch),
    onSuccess: async (s) => {
      await client.invalidateQueries({ queryKey: ['staff'] });
      announce(t('common.savedName', { name: s.displayName }));
    },
  });
  return (
    <>
      <PageHeader title={t('staff.title')}>
        <button type="button" className="primary" onClick={() => setCreating(true)}>
          {t('staff.new')}
        </button>
      </PageHeader>
      <p className="muted">{t('staff.intro')}</p>
      {creating && <StaffForm onDone={() => setCreating(false)} />}
      <ErrorAlert error={staff.error ?? update.error} />
      {staff.isPending ? (
        <Spinner />
      ) : (
        <TableRegion label={t('staff.title')}>
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('staff.displayName')}</th>
                <th scope="col">{t('login.username')}</th>
                <th scope="col">{t('staff.role')}</th>
                <th scope="col">{t('staff.status')}</th>
                <th scope="col">{t('staff.lastLogin')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(staff.data ?? []).map((s) => (
                <tr key={s.id}>
                  <td>{s.displayName}</td>
                  <td>{s.username}</td>
                  <td>
                    <label className="sr-only" htmlFor={`role-${s.id}`}>
                      {t('staff.roleOf', { name: s.displayName })}
                    </label>
                    <select
                      id={`role-${s.id}`}
                      value={s.role}
                      disabled={s.id === me.id || update.isPending}
                      onChange={(e) =>
                        update.mutate({ id: s.id, patch: { role: e.target.value as StaffRole } })
                      }
                    >
                      {Object.values(StaffRole).map((r) => (
                        <option key={r} value={r}>
                          {t(`enums.role.${r}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {s.active ? (
                      <Badge tone="ok">{t('staff.active')}</Badge>
                    ) : (
                      <Badge tone="neutral">{t('staff.inactive')}</Badge>
                    )}
                  </td>
                  <td>{f.dateTime(s.lastLoginAt)}</td>
                  <td>
                    {s.id !== me.id && (
                      <div className="row-actions">
                        <button
                          type="button"
                          onClick={() => update.mutate({ id: s.id, patch: { active: !s.active } })}
                          disabled={update.isPending}
                        >
                          {s.active ? t('staff.deactivate') : t('staff.activate')}
                        </button>
                        <button
                          type="button"
                          aria-label={t('staff.setPasswordOf', { name: s.displayName })}
                          onClick={() => setSettingPassword(s)}
                        >
                          {t('staff.setPassword')}
                        </button>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableRegion>
      )}
      {settingPassword && (
        <SetPasswordDialog account={settingPassword} onDone={() => setSettingPassword(null)} />
      )}
    </>
  );
}

/** An admin sets a new password for someone else (e.g. forgotten); the account's sessions end. */
function SetPasswordDialog({ account, onDone }: { account: StaffAccount; onDone(): void }) {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [password, setPassword] = useState('');
  const save = useMutation({
    mutationFn: () => api.patch<StaffAccount>(`/staff/${account.id}`, { password }),
    onSuccess: () => {
      announce(t('staff.passwordSet', { name: account.displayName }));
      onDone();
    },
  });
  const problem = save.error instanceof ApiError ? save.error.problemOf('password') : undefined;
  return (
    <ConfirmDialog
      open
      title={t('staff.setPasswordTitle', { name: account.displayName })}
      confirmLabel={t('staff.setPassword')}
      busy={save.isPending || password.length < STAFF_PASSWORD_MIN_LENGTH}
      onConfirm={() => save.mutate()}
      onCancel={onDone}
    >
      <p>{t('staff.setPasswordText')}</p>
      <ErrorAlert error={problem ? null : save.error} />
      <PasswordField label={t('staff.password')} value={password} onChange={setPassword} error={problem} />
    </ConfirmDialog>
  );
}

function StaffForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const announce = useAnnounce();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffRole>(StaffRole.Staff);
  const save = useMutation({
    mutationFn: () =>
      api.post<StaffAccount>('/staff', {
        username: username.trim(),
        displayName: displayName.trim(),
        password,
        role,
      }),
    onSuccess: async (s) => {
      await client.invalidateQueries({ queryKey: ['staff'] });
      announce(t('common.savedName', { name: s.displayName }));
      onDone();
    },
  });
  const problem = (field: string) =>
    save.error instanceof ApiError ? save.error.problemOf(field) : undefined;
  return (
    <form
      className="card-section stack"
      aria-labelledby="new-staff"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id="new-staff">{t('staff.new')}</h2>
      <ErrorAlert error={save.error} />
      <div className="grid-2">
        <Field
          label={t('login.username')}
          hint={t('staff.usernameHint')}
          required
          error={problem('username')}
        >
          <input value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
        </Field>
        <Field label={t('staff.displayName')} required error={problem('displayName')}>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <PasswordField
          label={t('staff.password')}
          value={password}
          onChange={setPassword}
          error={problem('password')}
        />
        <Field label={t('staff.role')}>
          <select value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
            {Object.values(StaffRole).map((r) => (
              <option key={r} value={r}>
                {t(`enums.role.${r}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={
            save.isPending || !username || !displayName || password.length < STAFF_PASSWORD_MIN_LENGTH
          }
        >
          {t('common.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
