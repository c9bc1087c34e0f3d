/** Login with a username and password; the session is an httpOnly cookie set by the server. */
import { useState } from 'react';
import { get, post } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { navigate } from '../router.ts';

/** The public pages, for anyone who reaches the console without an account. */
export const PublicLinks = () => {
  const { t } = useI18n();
  const go = (to: string) => (e: React.MouseEvent) => (e.preventDefault(), navigate(to));
  return (
    <p className="public-links" data-testid="public-links">
      {t('publicLinks')}{' '}
      <a href="/app/public" onClick={go('/app/public')}>
        {t('lookupTitle')}
      </a>{' '}
      ·{' '}
      <a href="/app/public" onClick={go('/app/public')}>
        {t('reportTitle')}
      </a>{' '}
      ·{' '}
      <a href="/app/public/receipt" onClick={go('/app/public/receipt')}>
        {t('receiptTitle')}
      </a>
    </p>
  );
};

export const Login = ({ onLogin }: { onLogin: (me: unknown) => void }) => {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="page login">
      <form
        className="panel stack"
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          post('/api/v1/auth/login', { username, password })
            .then(() => get('/api/v1/auth/me'))
            .then(onLogin)
            .catch((x: unknown) =>
              setError(`${t('loginFailed')}: ${x instanceof Error ? x.message : String(x)}`),
            );
        }}
      >
        <h2>{t('login')}</h2>
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        <button type="submit">{t('login')}</button>
        {error ? <p className="error">{error}</p> : null}
        <p className="muted small">
          {t('demoAccounts').split('{password}')[0]}
          <code>fanzha-demo</code>
          {t('demoAccounts').split('{password}')[1]} <code>admin</code> · <code>analyst</code> ·{' '}
          <code>operator</code> · <code>bank</code> · <code>police</code> · <code>viewer</code>
        </p>
      </form>
      <PublicLinks />
    </div>
  );
};
