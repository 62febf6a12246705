import { lazy, type ComponentType } from 'react'
import { createBrowserRouter, type RouteObject } from 'react-router'
import { DashboardLayout } from './layout/dashboard-layout'
import { AppLayout } from './layout/app-layout'
import { GuestOnly, OwnDashboard, RequireAuth, RequireRole } from './guards'
import { RouteError } from './route-error'

// Every page is its own chunk; only the shell is in the initial bundle. `preload()` fetches a
// page's chunk ahead of the first render; a page preloaded that way renders without suspending
// (its lazy factory hands React an already-settled thenable), so no loading state flashes first.
function page<M extends Record<string, unknown>>(load: () => Promise<M>, name: keyof M) {
  let loaded: { default: ComponentType } | undefined
  const preload = async () => {
    loaded ??= { default: (await load())[name] as ComponentType }
  }
  const component = lazy(() => {
    if (loaded) {
      const settled = loaded
      return { then: (resolve: (m: typeof settled) => void) => resolve(settled) } as unknown as Promise<typeof settled>
    }
    return preload().then(() => loaded!)
  })
  return Object.assign(component, { preload })
}

const LandingPage = page(() => import('./routes/landing-route'), 'LandingRoute')
const LoginPage = page(() => import('@/features/auth/components/login-page'), 'LoginPage')
const LearnerSignupPage = page(() => import('@/features/auth/components/learner-signup'), 'LearnerSignupPage')
const MentorSignupPage = page(() => import('@/features/auth/components/mentor-signup'), 'MentorSignupPage')
const LearnerHome = page(() => import('@/features/dashboard/components/learner-dashboard'), 'LearnerHome')
const LearnerActivity = page(() => import('@/features/dashboard/components/learner-dashboard'), 'LearnerActivity')
const MentorHome = page(() => import('@/features/dashboard/components/mentor-dashboard'), 'MentorHome')
const MentorRequests = page(() => import('@/features/dashboard/components/mentor-dashboard'), 'MentorRequests')
const MentorSessions = page(() => import('@/features/dashboard/components/mentor-dashboard'), 'MentorSessions')
const CreateSessionPage = page(() => import('@/features/dashboard/components/session-form'), 'CreateSessionPage')
const EditSessionPage = page(() => import('@/features/dashboard/components/session-form'), 'EditSessionPage')
const MentorEarnings = page(() => import('@/features/payments/components/mentor-earnings-page'), 'MentorEarningsPage')
const AdminOverview = page(() => import('@/features/dashboard/components/admin-dashboard'), 'AdminOverview')
const AdminUsers = page(() => import('@/features/dashboard/components/admin-dashboard'), 'AdminUsers')
const AdminSessions = page(() => import('@/features/dashboard/components/admin-dashboard'), 'AdminSessions')
const AdminPayments = page(() => import('@/features/payments/components/admin-payments-page'), 'AdminPaymentsPage')
const LearnerPayments = page(() => import('@/features/payments/components/learner-payments-page'), 'LearnerPaymentsPage')
const CheckoutReturnPage = page(() => import('@/features/payments/components/checkout-return-page'), 'CheckoutReturnPage')
const AdminFeedback = page(() => import('@/features/dashboard/components/admin-dashboard'), 'AdminFeedback')
const ProfilePage = page(() => import('@/features/profile/components/profile-page'), 'ProfilePage')
const NotificationsPage = page(() => import('@/features/notifications/components/notifications-page'), 'NotificationsPage')
const SessionsPage = page(() => import('@/features/marketplace/components/sessions-page'), 'SessionsPage')
const SessionDetailPage = page(() => import('@/features/marketplace/components/session-detail-page'), 'SessionDetailPage')
const MentorsPage = page(() => import('@/features/marketplace/components/mentors-page'), 'MentorsPage')
const MentorProfilePage = page(() => import('@/features/marketplace/components/mentor-profile-page'), 'MentorProfilePage')
const RoomPage = page(() => import('@/features/room/components/room-page'), 'RoomPage')
const PackPage = page(() => import('@/features/room/components/pack-page'), 'PackPage')
const LearnerMessages = page(() => import('@/features/messages/components/messages-page'), 'LearnerMessages')
const MentorMessages = page(() => import('@/features/messages/components/messages-page'), 'MentorMessages')
const AboutPage = page(() => import('@/features/info/components/about-page'), 'AboutPage')
const NotFoundPage = page(() => import('@/features/info/components/not-found-page'), 'NotFoundPage')

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <LandingPage /> },
      { path: 'login', element: <GuestOnly><LoginPage /></GuestOnly> },
      { path: 'signup/learner', element: <GuestOnly><LearnerSignupPage /></GuestOnly> },
      { path: 'signup/mentor', element: <GuestOnly><MentorSignupPage /></GuestOnly> },
      { path: 'sessions', element: <SessionsPage /> },
      { path: 'sessions/:sessionId', element: <SessionDetailPage /> },
      { path: 'mentors', element: <MentorsPage /> },
      { path: 'mentors/:mentorId', element: <MentorProfilePage /> },
      { path: 'session/:roomCode', element: <RequireAuth><RoomPage /></RequireAuth> },
      { path: 'session/:roomCode/pack', element: <RequireAuth><PackPage /></RequireAuth> },
      { path: 'about', element: <AboutPage /> },
      { path: 'notifications', element: <RequireAuth><NotificationsPage /></RequireAuth> },
      { path: 'profile', element: <RequireAuth><ProfilePage /></RequireAuth> },
      { path: 'checkout/return', element: <RequireAuth><CheckoutReturnPage /></RequireAuth> },
      { path: 'dashboard', element: <OwnDashboard /> },
      {
        path: 'dashboard/learner',
        element: <RequireRole role="learner"><DashboardLayout role="learner" /></RequireRole>,
        children: [
          { index: true, element: <LearnerHome /> },
          { path: 'activity', element: <LearnerActivity /> },
          { path: 'payments', element: <LearnerPayments /> },
          { path: 'messages', element: <LearnerMessages /> },
          { path: 'messages/:peerId', element: <LearnerMessages /> },
        ],
      },
      {
        path: 'dashboard/mentor',
        element: <RequireRole role="mentor"><DashboardLayout role="mentor" /></RequireRole>,
        children: [
          { index: true, element: <MentorHome /> },
          { path: 'requests', element: <MentorRequests /> },
          { path: 'sessions', element: <MentorSessions /> },
          { path: 'sessions/new', element: <CreateSessionPage /> },
          { path: 'sessions/:sessionId/edit', element: <EditSessionPage /> },
          { path: 'earnings', element: <MentorEarnings /> },
          { path: 'messages', element: <MentorMessages /> },
          { path: 'messages/:peerId', element: <MentorMessages /> },
        ],
      },
      {
        path: 'dashboard/admin',
        element: <RequireRole role="admin"><DashboardLayout role="admin" /></RequireRole>,
        children: [
          { index: true, element: <AdminOverview /> },
          { path: 'users', element: <AdminUsers /> },
          { path: 'sessions', element: <AdminSessions /> },
          { path: 'payments', element: <AdminPayments /> },
          { path: 'feedback', element: <AdminFeedback /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]

// The pages a first visit most often opens. main.tsx awaits the one in the address bar before the
// first render (index.html has already asked for its chunks, scripts/prerender.mjs), so the page
// renders at once instead of a loading state first; on `/` the prerendered landing never blanks.
const FIRST_PAGES: Record<string, { preload: () => Promise<void> }> = {
  '/': LandingPage,
  '/sessions': SessionsPage,
  '/mentors': MentorsPage,
  '/login': LoginPage,
  '/about': AboutPage,
}

export function preloadFirstPage(pathname: string): Promise<void> | null {
  const first = FIRST_PAGES[pathname]
  return first ? first.preload().catch(() => undefined) : null
}

export function createAppRouter() {
  return createBrowserRouter(routes)
}
