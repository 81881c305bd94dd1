import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../app/auth';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ErrorAlert, Field, Spinner, usePageTitle } from '../components/ui';

export default function LoginPage() {
  const { t } = useTranslation();
  const { staff, loading, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? '/live';
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  usePageTitle(t('login.title'));

  if (loading) return <Spinner />;
  if (staff) return <Navigate to={from} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
      navigate(from, { replace: true });
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login-page">
      <div className="login-box">
        <div className="login-top">
          <span className="brand">Werkbank</span>
          <LanguageSwitch />
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <ErrorAlert error={error} />
        <form onSubmit={(e) => void submit(e)}>
          <Field label={t('login.username')} required>
            <input
              name="username"
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              autoFocus
            />
          </Field>
          <Field label={t('login.password')} required>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
