import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { STAFF_PASSWORD_MIN_LENGTH, StaffRole } from '@werkbank/contracts';
import { useCreateStaff, useSetStaffPassword, useStaffAccounts, useUpdateStaff } from '../api/staff';
import type { StaffAccount } from '../api/types';
import { useStaff } from '../app/auth';
import {
  Badge,
  ConfirmDialog,
  ErrorAlert,
  PageHeader,
  PasswordField,
  Spinner,
  TableRegion,
  useAnnounce,
} from '../components/ui';
import { SelectField, TextField } from '../components/fields';
import { FormCard, problemsOf, useSavedThen } from '../components/forms';
import { useFormat } from '../lib/format';

const useRoleOptions = () => {
  const { t } = useTranslation();
  return Object.values(StaffRole).map((r) => ({ value: r, label: t(`enums.role.${r}`) }));
};

export default function StaffPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const me = useStaff();
  const roles = useRoleOptions();
  const staff = useStaffAccounts();
  const [creating, setCreating] = useState(false);
  const [settingPassword, setSettingPassword] = useState<StaffAccount | null>(null);
  const update = useUpdateStaff(useSavedThen((s: StaffAccount) => s.displayName));
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
                      {roles.map((r) => (
                        <option key={r.value} value={r.value}>
                          {r.label}
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
  const save = useSetStaffPassword(account.id, {
    onSuccess: () => {
      announce(t('staff.passwordSet', { name: account.displayName }));
      onDone();
    },
  });
  const problem = problemsOf(save.error)('password');
  return (
    <ConfirmDialog
      open
      title={t('staff.setPasswordTitle', { name: account.displayName })}
      confirmLabel={t('staff.setPassword')}
      busy={save.isPending || password.length < STAFF_PASSWORD_MIN_LENGTH}
      onConfirm={() => save.mutate(password)}
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
  const roles = useRoleOptions();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffRole>(StaffRole.Staff);
  const save = useCreateStaff(useSavedThen((s) => s.displayName, onDone));
  const problem = problemsOf(save.error);
  return (
    <FormCard
      title={t('staff.new')}
      save={save}
      disabled={!username || !displayName || password.length < STAFF_PASSWORD_MIN_LENGTH}
      onCancel={onDone}
      onSubmit={() =>
        save.mutate({ username: username.trim(), displayName: displayName.trim(), password, role })
      }
    >
      <div className="grid-2">
        <TextField
          label={t('login.username')}
          hint={t('staff.usernameHint')}
          required
          error={problem('username')}
          value={username}
          onChange={setUsername}
          autoComplete="off"
        />
        <TextField
          label={t('staff.displayName')}
          required
          error={problem('displayName')}
          value={displayName}
          onChange={setDisplayName}
        />
        <PasswordField
          label={t('staff.password')}
          value={password}
          onChange={setPassword}
          error={problem('password')}
        />
        <SelectField
          label={t('staff.role')}
          value={role}
          onChange={(v) => setRole(v as StaffRole)}
          options={roles}
        />
      </div>
    </FormCard>
  );
}
