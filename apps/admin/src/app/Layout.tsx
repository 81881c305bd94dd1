import { Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth, useStaff } from './auth';
import type { Capability } from '../lib/roles';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { Spinner } from '../components/ui';

const NAV: {
  to: string;
  key:
    | 'live'
    | 'members'
    | 'enrollment'
    | 'trainings'
    | 'qualifications'
    | 'machines'
    | 'devices'
    | 'sites'
    | 'usage'
    | 'audit'
    | 'staff'
    | 'visits'
    | 'volunteer'
    | 'events'
    | 'requests'
    | 'calendar'
    | 'reports';
  cap: Capability;
}[] = [
  { to: '/live', key: 'live', cap: 'live.view' },
  { to: '/members', key: 'members', cap: 'members.view' },
  { to: '/enrollment', key: 'enrollment', cap: 'enrollment.use' },
  { to: '/trainings', key: 'trainings', cap: 'trainings.record' },
  { to: '/qualifications', key: 'qualifications', cap: 'trainings.record' },
  { to: '/machines', key: 'machines', cap: 'machines.view' },
  { to: '/devices', key: 'devices', cap: 'devices.view' },
  { to: '/sites', key: 'sites', cap: 'sites.view' },
  { to: '/usage', key: 'usage', cap: 'usage.view' },
  { to: '/audit', key: 'audit', cap: 'audit.view' },
  { to: '/staff', key: 'staff', cap: 'staff.manage' },
  { to: '/visits', key: 'visits', cap: 'visits.checkIn' },
  { to: '/volunteer-hours', key: 'volunteer', cap: 'volunteer.log' },
  { to: '/events', key: 'events', cap: 'events.view' },
  { to: '/calendar', key: 'calendar', cap: 'calendar.view' },
  { to: '/requests', key: 'requests', cap: 'labRequests.manage' },
  { to: '/reports', key: 'reports', cap: 'reports.view' },
];

export function Layout() {
  const { t } = useTranslation();
  const { logout, can } = useAuth();
  const staff = useStaff();
  const navigate = useNavigate();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After client-side navigation, move focus to the new page's heading so screen readers announce it.
  useEffect(() => {
    setMenuOpen(false);
    if (first.current) {
      first.current = false;
      return;
    }
    const id = window.setTimeout(() => {
      const h1 = mainRef.current?.querySelector<HTMLElement>('h1');
      (h1 ?? mainRef.current)?.focus();
    }, 0);
    return () => window.clearTimeout(id);
  }, [location.pathname]);

  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          mainRef.current?.focus();
        }}
      >
        {t('layout.skip')}
      </a>
      <header className="app-header">
        <div className="header-row">
          <span className="brand">Werkbank</span>
          <button
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((o) => !o)}
          >
            {t('layout.menu')}
          </button>
          <div className="user-box">
            <span className="user-name">
              {staff.displayName} <span className="muted">({t(`enums.role.${staff.role}`)})</span>
            </span>
            <NavLink to="/account" className="account-link">
              {t('layout.account')}
            </NavLink>
            <LanguageSwitch />
            <button
              type="button"
              onClick={() => {
                void logout().then(() => navigate('/login'));
              }}
            >
              {t('layout.logout')}
            </button>
          </div>
        </div>
        <nav id="main-nav" aria-label={t('layout.mainNav')} className={menuOpen ? 'open' : undefined}>
          <ul>
            {NAV.filter((n) => can(n.cap)).map((n) => (
              <li key={n.to}>
                <NavLink to={n.to}>{t(`nav.${n.key}`)}</NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </main>
    </>
  );
}
