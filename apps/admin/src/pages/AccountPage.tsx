import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useChangeOwnPassword } from '../api/staff';
import { useStaff } from '../app/auth';
import { STAFF_PASSWORD_MIN_LENGTH } from '@werkbank/contracts';
import { problemsOf } from '../components/forms';
import { ErrorAlert, Notice, PageHeader, PasswordField } from '../components/ui';

/** The logged-in staff member's own account: who they are, and a new password. Open to every role. */
export default function AccountPage() {
  const { t } = useTranslation();
  const me = useStaff();
  return (
    <>
      <PageHeader title={t('account.title')} />
      <dl className="details">
        <dt>{t('staff.displayName')}</dt>
        <dd>{me.displayName}</dd>
        <dt>{t('login.username')}</dt>
        <dd>{me.username}</dd>
        <dt>{t('staff.role')}</dt>
        <dd>{t(`enums.role.${me.role}`)}</dd>
      </dl>
      <PasswordForm />
    </>
  );
}

function PasswordForm() {
  const { t } = useTranslation();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const change = useChangeOwnPassword({
    onSuccess: () => {
      setCurrent('');
      setNew('');
      setRepeat('');
    },
  });
  const problem = problemsOf(change.error);
  const mismatch = repeat !== '' && repeat !== newPassword;
  return (
    <form
      className="card-section stack"
      aria-labelledby="change-password"
      onSubmit={(e) => {
        e.preventDefault();
        if (!mismatch) change.mutate({ currentPassword, newPassword });
      }}
    >
      <h2 id="change-password">{t('account.changePassword')}</h2>
      <p className="muted">{t('account.changePasswordIntro')}</p>
      {change.isSuccess && (
        <Notice kind="success" live>
          {t('account.passwordChanged')}
        </Notice>
      )}
      <ErrorAlert error={change.error} />
      <div className="grid-2">
        <PasswordField
          kind="current"
          label={t('account.currentPassword')}
          value={currentPassword}
          onChange={setCurrent}
          error={problem('currentPassword')}
        />
      </div>
      <div className="grid-2">
        <PasswordField
          label={t('account.newPassword')}
          value={newPassword}
          onChange={setNew}
          error={problem('newPassword')}
        />
        <PasswordField
          kind="repeat"
          label={t('account.repeatPassword')}
          value={repeat}
          onChange={setRepeat}
          error={mismatch ? t('account.passwordsDiffer') : undefined}
        />
      </div>
      <div className="form-actions">
        <button
          type="submit"
          className="primary"
          disabled={
            change.isPending ||
            !currentPassword ||
            newPassword.length < STAFF_PASSWORD_MIN_LENGTH ||
            repeat !== newPassword
          }
        >
          {t('account.changePassword')}
        </button>
      </div>
    </form>
  );
}
