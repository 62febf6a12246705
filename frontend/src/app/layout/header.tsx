import { useState } from 'react'
import { NavLink } from 'react-router'
import { useLogout, useSession } from '@/lib/auth'
import { dashboardPath } from '@/lib/auth-store'
import { cn } from '@/lib/cn'
import { spawnRipple } from '@/lib/ripple'
import {
  BellIcon,
  BookIcon,
  HomeIcon,
  InfoIcon,
  LogoutIcon,
  MenuIcon,
  PlayIcon,
  PlusIcon,
  StarIcon,
  UserIcon,
} from '@/components/ui/icons'
import { useAuthSelector } from '@/components/layout/auth-selector-context'
import { AvatarMenu } from '@/components/layout/avatar-menu'
import { Logo } from '@/components/layout/logo'
import { MobileMenu, MobileMenuItem, mobileMenuLinkClass } from '@/components/layout/mobile-menu'
import { LiveCountBadge } from '@/components/ui/live-status'
import { NotificationBell } from '@/features/notifications/components/notification-bell'

const navLinkClass = ({ isActive }: { isActive: boolean }) =>
  cn(
    'relative inline-flex min-h-tap items-center gap-1.5 overflow-hidden rounded-lg px-3 text-base font-medium transition-colors hover:bg-accent-soft hover:text-primary',
    isActive ? 'text-primary after:absolute after:inset-x-3 after:bottom-1 after:h-0.5 after:bg-cta' : 'text-ink',
  )

/**
 * Sticky glass header. Signed out: logo + [Home, Sessions, Mentors, About,
 * Login, Signup]. Signed in: logo + bell + avatar menu. On mobile a hamburger
 * opens the slide-in menu.
 */
export function Header() {
  const session = useSession()
  const selector = useAuthSelector()
  const logout = useLogout()
  const [menuOpen, setMenuOpen] = useState(false)

  const homeTo = session ? dashboardPath(session.user.role) : '/'

  return (
    <header className="glass sticky top-0 z-40 rounded-none border-x-0 border-t-0">
      <div className="mx-auto flex h-16 max-w-7xl items-center gap-2 px-3 md:px-6">
        <button
          type="button"
          aria-label="Open menu"
          aria-expanded={menuOpen}
          aria-controls="mobile-menu"
          onClick={() => setMenuOpen(true)}
          className="inline-flex size-tap items-center justify-center rounded-full hover:bg-accent-soft md:hidden"
        >
          <MenuIcon />
        </button>
        <Logo to={homeTo} mini />
        {session ? (
          <div className="ml-auto flex items-center gap-1">
            <nav aria-label="Browse" className="mr-2 hidden md:block">
              <ul className="flex items-center gap-1">
                <li>
                  <NavLink to="/sessions" className={navLinkClass} onPointerDown={spawnRipple}>
                    <PlayIcon size={20} /> Sessions <LiveCountBadge />
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/mentors" className={navLinkClass} onPointerDown={spawnRipple}>
                    <StarIcon size={20} /> Mentors
                  </NavLink>
                </li>
              </ul>
            </nav>
            <NotificationBell />
            <AvatarMenu />
          </div>
        ) : (
          <nav aria-label="Main" className="ml-auto hidden md:block">
            <ul className="flex items-center gap-1">
              <li>
                <NavLink to="/" end className={navLinkClass} onPointerDown={spawnRipple}>
                  Home
                </NavLink>
              </li>
              <li>
                <NavLink to="/sessions" className={navLinkClass} onPointerDown={spawnRipple}>
                  <PlayIcon size={20} /> Sessions <LiveCountBadge />
                </NavLink>
              </li>
              <li>
                <NavLink to="/mentors" className={navLinkClass} onPointerDown={spawnRipple}>
                  <StarIcon size={20} /> Mentors
                </NavLink>
              </li>
              <li>
                <NavLink to="/about" className={navLinkClass} onPointerDown={spawnRipple}>
                  About
                </NavLink>
              </li>
              <li>
                <NavLink to="/login" className={navLinkClass} onPointerDown={spawnRipple}>
                  <UserIcon size={20} /> Login
                </NavLink>
              </li>
              <li>
                <button
                  type="button"
                  onClick={selector.open}
                  onPointerDown={spawnRipple}
                  className="lift relative ml-1 inline-flex min-h-tap items-center gap-1.5 overflow-hidden rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover"
                >
                  <PlusIcon size={20} /> Signup
                </button>
              </li>
            </ul>
          </nav>
        )}
      </div>

      <MobileMenu open={menuOpen} onClose={() => setMenuOpen(false)}>
        <ul
          className="space-y-1"
          onClick={(e) => {
            if ((e.target as HTMLElement).closest('a')) setMenuOpen(false)
          }}
        >
          {session ? (
            <>
              <MobileMenuItem index={0}>
                <NavLink to={homeTo} className={mobileMenuLinkClass}>
                  <HomeIcon /> Dashboard
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={1}>
                <NavLink to="/sessions" className={mobileMenuLinkClass}>
                  <PlayIcon /> Sessions <LiveCountBadge />
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={2}>
                <NavLink to="/mentors" className={mobileMenuLinkClass}>
                  <StarIcon /> Mentors
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={3}>
                <NavLink to="/notifications" className={mobileMenuLinkClass}>
                  <BellIcon /> All notifications
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={4}>
                <NavLink to="/profile" end className={mobileMenuLinkClass}>
                  <UserIcon /> Profile &amp; settings
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={5}>
                <button
                  type="button"
                  className={mobileMenuLinkClass}
                  onClick={() => {
                    setMenuOpen(false)
                    void logout()
                  }}
                >
                  <LogoutIcon /> Log out
                </button>
              </MobileMenuItem>
            </>
          ) : (
            <>
              <MobileMenuItem index={0}>
                <NavLink to="/" end className={mobileMenuLinkClass}>
                  <HomeIcon /> Home
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={1}>
                <NavLink to="/sessions" className={mobileMenuLinkClass}>
                  <PlayIcon /> Sessions <LiveCountBadge />
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={2}>
                <NavLink to="/mentors" className={mobileMenuLinkClass}>
                  <StarIcon /> Mentors
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={3}>
                <NavLink to="/about" className={mobileMenuLinkClass}>
                  <InfoIcon /> About
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={4}>
                <NavLink to="/login" className={mobileMenuLinkClass}>
                  <UserIcon /> Login
                </NavLink>
              </MobileMenuItem>
              <MobileMenuItem index={5}>
                <button
                  type="button"
                  className={mobileMenuLinkClass}
                  onClick={() => {
                    setMenuOpen(false)
                    selector.open()
                  }}
                >
                  <BookIcon /> Signup
                </button>
              </MobileMenuItem>
            </>
          )}
        </ul>
        <p className="mt-6 px-3 text-base text-ink-muted">Swipe right to close.</p>
      </MobileMenu>
    </header>
  )
}
