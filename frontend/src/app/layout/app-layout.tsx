import { Suspense, useContext, useEffect, useRef } from 'react'
import { Outlet, useLocation } from 'react-router'
import { useSession } from '@/lib/auth'
import { authStore, dashboardPath } from '@/lib/auth-store'
import { cn } from '@/lib/cn'
import { BellIcon, HomeIcon, PlayIcon, UserIcon } from '@/components/ui/icons'
import { RouteFallback } from '@/components/ui/load-state'
import { Toaster } from '@/components/ui/toaster'
import { AuthSelectorProvider } from '@/components/layout/auth-selector'
import { BottomNav } from '@/components/layout/bottom-nav'
import { Footer } from '@/components/layout/footer'
import { OfflineBanner } from '@/components/layout/offline-banner'
import { useUnreadCount } from '@/features/notifications/api/get-notifications'
import { useRealtimeNotifications } from '@/features/notifications/hooks/use-realtime-notifications'
import { useDmUnreadTotal } from '@/features/messages/api/conversations'
import { useDirectMessagesLive } from '@/features/messages/hooks/use-dm-live'
import { useTitleCount } from '@/hooks/use-title-count'
import { usePublicLiveFeed, usePublicRealtime } from '@/lib/public-live'
import { RealtimeConfigContext } from '../realtime-context'
import { Header } from './header'

function RealtimeBridge() {
  const { createSocket } = useContext(RealtimeConfigContext)
  useRealtimeNotifications(createSocket)
  useDirectMessagesLive()
  return null
}

/** The tab title shows what is unread: the bell's notifications plus direct messages, e.g. "(3) PeerLearn". */
function TitleCount() {
  const bell = useUnreadCount()
  const dms = useDmUnreadTotal()
  useTitleCount(bell + dms)
  return null
}

/** A signed-out visitor's socket: public live figures only. */
function PublicRealtimeBridge() {
  const { createSocket } = useContext(RealtimeConfigContext)
  usePublicRealtime(createSocket)
  return null
}

function UnreadDot() {
  const count = useUnreadCount()
  if (count === 0) return null
  return <span aria-hidden="true" className="absolute -right-1 -top-1 size-2.5 rounded-full bg-cta ring-2 ring-canvas" />
}

/** Moves focus to <main> after client-side navigation, for keyboard and SR users. */
function useFocusMainOnNavigate() {
  const location = useLocation()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    document.getElementById('main')?.focus({ preventScroll: true })
    window.scrollTo?.({ top: 0 })
  }, [location.pathname])
}

export function AppLayout() {
  const session = useSession()
  const realtime = useContext(RealtimeConfigContext)
  const location = useLocation()
  const isDashboard = location.pathname.startsWith('/dashboard')
  useFocusMainOnNavigate()
  usePublicLiveFeed()
  useEffect(() => {
    // Once the logout has landed on the home page, guarded pages go back to
    // sending signed-out visitors to their signup/login flow.
    if (location.pathname === '/') authStore.forgetSignOut()
  }, [location.pathname])

  return (
    <AuthSelectorProvider>
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-[80] focus:rounded-lg focus:bg-surface focus:px-4 focus:py-2 focus:text-primary"
      >
        Skip to content
      </a>
      <OfflineBanner />
      <Header />
      <main id="main" tabIndex={-1} className={cn('min-h-dvh outline-none', session && 'pb-20 md:pb-0')}>
        <Suspense fallback={<RouteFallback />}>
          <Outlet />
        </Suspense>
      </main>
      {!isDashboard ? <Footer signedIn={session !== null} /> : null}
      {session ? (
        <BottomNav
          items={[
            { to: dashboardPath(session.user.role), label: 'Home', icon: <HomeIcon /> },
            { to: '/sessions', label: 'Sessions', icon: <PlayIcon /> },
            { to: '/notifications', label: 'Notifications', icon: <BellIcon />, badge: <UnreadDot /> },
            { to: '/profile', label: 'Profile', icon: <UserIcon />, end: true },
          ]}
        />
      ) : null}
      {session && realtime.enabled ? <RealtimeBridge /> : null}
      {session ? <TitleCount /> : null}
      {!session && realtime.enabled ? <PublicRealtimeBridge /> : null}
      <Toaster />
    </AuthSelectorProvider>
  )
}
