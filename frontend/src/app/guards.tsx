// Route guards (spec 000 §8). The server checks every call as well; these only
// decide where the visitor goes.
//  - signed out: /dashboard/learner → /signup/learner, /dashboard/mentor →
//    /signup/mentor, /dashboard/admin → /login?admin=1, anything else → /login
//  - signed in with another role: toast "Access denied" and back to their own
//    dashboard
//  - /login and /signup/* when already signed in: straight to the dashboard
//  - while the page-load refresh is still answering (the session lives in
//    memory, so after a reload it is unknown for a moment): wait, decide after
import { useEffect, useState, type ReactNode } from 'react'
import { Navigate } from 'react-router'
import { RouteFallback } from '@/components/ui/load-state'
import type { Role } from '@/lib/api-types'
import { useSession, useSessionRestoring } from '@/lib/auth'
import { authStore, dashboardPath } from '@/lib/auth-store'
import { showToast } from '@/lib/toast'
import { SIGNED_OUT_REDIRECT } from './access'

function AccessDenied({ to }: { to: string }) {
  useEffect(() => {
    showToast('Access denied', { tone: 'error' })
  }, [])
  return <Navigate to={to} replace />
}

export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const session = useSession()
  const restoring = useSessionRestoring()
  if (!session && restoring) return <RouteFallback />
  if (!session) return <Navigate to={authStore.signedOutBy() === 'logout' ? '/' : SIGNED_OUT_REDIRECT[role]} replace />
  if (session.user.role !== role) return <AccessDenied to={dashboardPath(session.user.role)} />
  return <>{children}</>
}

export function RequireAuth({ children, redirectTo = '/login' }: { children: ReactNode; redirectTo?: string }) {
  const session = useSession()
  const restoring = useSessionRestoring()
  if (!session && restoring) return <RouteFallback />
  if (!session) return <Navigate to={authStore.signedOutBy() === 'logout' ? '/' : redirectTo} replace />
  return <>{children}</>
}

/**
 * Login and signup pages are for visitors. The decision is taken on entry
 * only: finishing a signup stores tokens while the wizard still uploads the
 * profile picture, and must not be yanked away mid-way.
 */
export function GuestOnly({ children }: { children: ReactNode }) {
  // "Entry" is when the session is known: after the page-load restore.
  if (useSessionRestoring()) return <RouteFallback />
  return <GuestOnlyOnEntry>{children}</GuestOnlyOnEntry>
}

function GuestOnlyOnEntry({ children }: { children: ReactNode }) {
  const [initial] = useState(() => authStore.get())
  if (initial) return <Navigate to={dashboardPath(initial.user.role)} replace />
  return <>{children}</>
}

/** /dashboard → the signed-in user's own dashboard. */
export function OwnDashboard() {
  const session = useSession()
  const restoring = useSessionRestoring()
  if (!session && restoring) return <RouteFallback />
  if (!session) return <Navigate to="/login" replace />
  return <Navigate to={dashboardPath(session.user.role)} replace />
}
