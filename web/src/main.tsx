/** The fanzha console: login, then the screens a role may use (what it may not do is not shown). */
import { StrictMode, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchMe, get, parseMe, post, type Me } from './api.ts';
import {
  CatalogContext,
  EMPTY_CATALOG,
  useCatalog,
  parseOrgs,
  parseTaxonomy,
  parsePeople,
  type Catalog,
} from './catalog.tsx';
import { fetchPermissions } from './work/model.ts';
import { PROVINCE_LABELS } from './charts/provinces.ts';
import { I18nProvider, useI18n, type Key } from './i18n.tsx';
import { Admin } from './pages/admin.tsx';
import { Dashboard } from './pages/dashboard.tsx';
import { Detections } from './pages/detections.tsx';
import { ImportPage } from './pages/import.tsx';
import { Library } from './pages/library.tsx';
import { Login } from './pages/login.tsx';
import { PublicPage } from './pages/public.tsx';
import { ValuePage } from './pages/value.tsx';
import { Work, workTabs } from './pages/work.tsx';
import { Gangs } from './pages/gangs.tsx';
import { navigate, useLocation } from './router.ts';
import './styles.css';

type Role = Me['role'];
interface Screen {
  readonly path: string;
  readonly nav: Key;
  readonly roles: readonly Role[];
}

/** Which roles see which screen; the API enforces the same rules, this only hides what would be refused. */
const SCREENS: readonly Screen[] = [
  { path: '/app/dashboard', nav: 'navDashboard', roles: ['admin', 'analyst', 'viewer', 'reporter'] },
  { path: '/app/library', nav: 'navLibrary', roles: ['admin', 'analyst', 'viewer', 'reporter'] },
  { path: '/app/import', nav: 'navImport', roles: ['admin', 'analyst', 'reporter'] },
  { path: '/app/detections', nav: 'navDetections', roles: ['admin', 'analyst'] },
  { path: '/app/work', nav: 'navWork', roles: ['admin', 'analyst', 'reporter'] },
  { path: '/app/gangs', nav: 'navGangs', roles: ['admin', 'analyst', 'viewer'] },
  { path: '/app/public', nav: 'navPublic', roles: ['admin', 'analyst', 'viewer', 'reporter'] },
  { path: '/app/admin', nav: 'navAdmin', roles: ['admin'] },
];

const LanguageSwitch = () => {
  const { lang, setLang, t } = useI18n();
  return (
    <button
      type="button"
      className="lang"
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
      data-testid="lang-switch"
    >
      {t('language')}
    </button>
  );
};

const Shell = ({ me, onLogout, children }: { me: Me | null; onLogout: () => void; children: ReactNode }) => {
  const { t } = useI18n();
  const { path } = useLocation();
  const { may } = useCatalog();
  // 协同处置 only for those who may read one of its lists (a public reporter may read none).
  const screens = me
    ? SCREENS.filter((s) => s.roles.includes(me.role) && (s.path !== '/app/work' || workTabs(may).length > 0))
    : [];
  return (
    <>
      <header className="top">
        <h1>
          <span className="logo" lang="zh-CN">
            反诈
          </span>{' '}
          {t('appName')}
        </h1>
        <nav aria-label="main">
          {screens.map((s) => (
            <a
              key={s.path}
              href={s.path}
              className={path.startsWith(s.path) ? 'active' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(s.path);
              }}
            >
              {t(s.nav)}
            </a>
          ))}
        </nav>
        <div className="who">
          <LanguageSwitch />
          {me ? (
            <>
              <span className="muted small" data-testid="whoami" translate="no">
                {me.displayName} · {me.orgName}
              </span>
              <button type="button" onClick={onLogout}>
                {t('logout')}
              </button>
            </>
          ) : (
            <>
              <a href="/app/public" onClick={(e) => (e.preventDefault(), navigate('/app/public'))}>
                {t('navPublic')}
              </a>
              <a href="/app/login" onClick={(e) => (e.preventDefault(), navigate('/app/login'))}>
                {t('login')}
              </a>
            </>
          )}
        </div>
      </header>
      <main>{children}</main>
    </>
  );
};

const App = () => {
  const { path } = useLocation();
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [catalog, setCatalog] = useState<Catalog>(EMPTY_CATALOG);

  useEffect(() => {
    fetchMe().then(setMe, () => setMe(null));
  }, []);

  useEffect(() => {
    if (!me) return;
    void Promise.all([
      get('/api/v1/taxonomy'),
      get('/api/v1/orgs'),
      get('/api/v1/people'),
      fetchPermissions(),
    ]).then(([tax, orgs, people, may]) =>
      setCatalog({
        fraudTypes: parseTaxonomy(tax),
        orgs: parseOrgs(orgs),
        people: parsePeople(people),
        me: { actor: me.actor, displayName: me.displayName, role: me.role, orgKind: me.orgKind },
        may,
      }),
    );
  }, [me]);

  const labels = useMemo(
    () => ({
      ...PROVINCE_LABELS,
      ...Object.fromEntries(catalog.fraudTypes.map((f) => [f.code, [f.zh, f.en] as const])),
    }),
    [catalog],
  );

  useEffect(() => {
    if (me === undefined) return;
    if (path === '/' || path === '/app' || path === '/app/' || (me && path.startsWith('/app/login')))
      navigate(me ? '/app/dashboard' : '/app/login', true);
    else if (!me && path !== '/app/login' && !path.startsWith('/app/public')) navigate('/app/login', true);
  }, [me, path]);

  const logout = () => {
    void post('/api/v1/auth/logout', {}).finally(() => {
      setMe(null);
      navigate('/app/login');
    });
  };

  const screen = (): ReactNode => {
    if (path.startsWith('/app/public')) return <PublicPage />;
    if (path.startsWith('/app/login') || !me)
      return <Login onLogin={(v) => (setMe(parseMe(v)), navigate('/app/dashboard'))} />;
    const allowed = SCREENS.find((s) => path.startsWith(s.path));
    if (allowed && !allowed.roles.includes(me.role)) return <Dashboard />;
    if (path.startsWith('/app/library/value')) return <ValuePage />;
    if (path.startsWith('/app/library')) return <Library />;
    if (path.startsWith('/app/import')) return <ImportPage />;
    if (path.startsWith('/app/detections')) return <Detections />;
    if (path.startsWith('/app/work')) return <Work />;
    if (path.startsWith('/app/gangs')) return <Gangs />;
    if (path.startsWith('/app/admin')) return <Admin me={me} />;
    return <Dashboard />;
  };

  return (
    <I18nProvider extraLabels={labels}>
      <CatalogContext.Provider value={catalog}>
        <Shell me={me ?? null} onLogout={logout}>
          {me === undefined ? null : screen()}
        </Shell>
      </CatalogContext.Provider>
    </I18nProvider>
  );
};

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
