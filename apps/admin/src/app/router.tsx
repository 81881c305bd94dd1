import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Navigate, useLocation } from 'react-router';
import { useAuth } from './auth';
import { Layout } from './Layout';
import { RequireCapability } from './RequireCapability';
import type { Capability } from '../lib/roles';
import { Spinner } from '../components/ui';
import LoginPage from '../pages/LoginPage';
import { RouteError } from './RouteError';

// Every page but login is its own chunk: the first load carries only the shell.
const LiveBoardPage = lazy(() => import('../pages/LiveBoardPage'));
const MembersPage = lazy(() => import('../pages/MembersPage'));
const MemberDetailPage = lazy(() => import('../pages/MemberDetailPage'));
const MemberFormPage = lazy(() => import('../pages/MemberFormPage'));
const MemberImportPage = lazy(() => import('../pages/MemberImportPage'));
const ProofPage = lazy(() => import('../pages/ProofPage'));
const EnrollmentPage = lazy(() => import('../pages/EnrollmentPage'));
const TrainingsPage = lazy(() => import('../pages/TrainingsPage'));
const QualificationsPage = lazy(() => import('../pages/QualificationsPage'));
const MachinesPage = lazy(() => import('../pages/MachinesPage'));
const DevicesPage = lazy(() => import('../pages/DevicesPage'));
const SitesPage = lazy(() => import('../pages/SitesPage'));
const SiteDetailPage = lazy(() => import('../pages/SiteDetailPage'));
const UsagePage = lazy(() => import('../pages/UsagePage'));
const AuditPage = lazy(() => import('../pages/AuditPage'));
const StaffPage = lazy(() => import('../pages/StaffPage'));
const AccountPage = lazy(() => import('../pages/AccountPage'));
const NotFoundPage = lazy(() => import('../pages/NotFoundPage'));
const VisitsPage = lazy(() => import('../pages/VisitsPage'));
const VolunteerHoursPage = lazy(() => import('../pages/VolunteerHoursPage'));
const EventsPage = lazy(() => import('../pages/EventsPage'));
const CalendarPage = lazy(() => import('../pages/CalendarPage'));
const AttendancePage = lazy(() => import('../pages/AttendancePage'));
const PublicRequestPage = lazy(() => import('../pages/PublicRequestPage'));
const RequestStatusPage = lazy(() => import('../pages/RequestStatusPage'));
const LabRequestsPage = lazy(() => import('../pages/LabRequestsPage'));
const ReportsPage = lazy(() => import('../pages/ReportsPage'));

function RequireLogin({ children }: { children: ReactNode }) {
  const { staff, loading } = useAuth();
  const location = useLocation();
  if (loading) return <Spinner />;
  if (!staff) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** A public page: its own lazy chunk, no login gate. */
function Public({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Spinner />}>{children}</Suspense>;
}

const guarded = (cap: Capability, node: ReactNode) => <RequireCapability cap={cap}>{node}</RequireCapability>;

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  // Public, no login: other towns ask for the mobile lab and follow their request (docs/mobile-lab.md).
  {
    path: '/request',
    element: (
      <Public>
        <PublicRequestPage />
      </Public>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/request/status/:token',
    element: (
      <Public>
        <RequestStatusPage />
      </Public>
    ),
    errorElement: <RouteError />,
  },
  {
    path: '/',
    element: (
      <RequireLogin>
        <Layout />
      </RequireLogin>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <Navigate to="/live" replace /> },
      { path: 'live', element: guarded('live.view', <LiveBoardPage />) },
      { path: 'members', element: guarded('members.view', <MembersPage />) },
      { path: 'members/new', element: guarded('members.write', <MemberFormPage />) },
      { path: 'members/import', element: guarded('members.import', <MemberImportPage />) },
      { path: 'members/:id', element: guarded('members.view', <MemberDetailPage />) },
      { path: 'members/:id/edit', element: guarded('members.write', <MemberFormPage />) },
      { path: 'members/:id/proof/:qualificationId', element: guarded('members.view', <ProofPage />) },
      { path: 'enrollment', element: guarded('enrollment.use', <EnrollmentPage />) },
      { path: 'events', element: guarded('events.view', <EventsPage />) },
      { path: 'calendar', element: guarded('calendar.view', <CalendarPage />) },
      { path: 'events/:id/attendance', element: guarded('events.attendance', <AttendancePage />) },
      { path: 'trainings', element: guarded('trainings.record', <TrainingsPage />) },
      { path: 'qualifications', element: guarded('trainings.record', <QualificationsPage />) },
      { path: 'machines', element: guarded('machines.view', <MachinesPage />) },
      { path: 'devices', element: guarded('devices.view', <DevicesPage />) },
      { path: 'sites', element: guarded('sites.view', <SitesPage />) },
      { path: 'sites/:id', element: guarded('sites.view', <SiteDetailPage />) },
      { path: 'usage', element: guarded('usage.view', <UsagePage />) },
      { path: 'audit', element: guarded('audit.view', <AuditPage />) },
      { path: 'staff', element: guarded('staff.manage', <StaffPage />) },
      { path: 'visits', element: guarded('visits.checkIn', <VisitsPage />) },
      { path: 'volunteer-hours', element: guarded('volunteer.log', <VolunteerHoursPage />) },
      { path: 'requests', element: guarded('labRequests.manage', <LabRequestsPage />) },
      { path: 'requests/:id', element: guarded('labRequests.manage', <LabRequestsPage />) },
      { path: 'reports', element: guarded('reports.view', <ReportsPage />) },
      { path: 'account', element: <AccountPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
