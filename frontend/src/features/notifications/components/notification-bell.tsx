import { useEffect, useId, useRef, useState } from 'react'
import { Link } from 'react-router'
import { cn } from '@/lib/cn'
import { Button } from '@/components/ui/button'
import { BellIcon } from '@/components/ui/icons'
import { QueryStatus } from '@/components/ui/query-status'
import { useLatestNotifications, useUnreadCount } from '../api/get-notifications'
import { useMarkRead } from '../api/mark-read'
import { formatBadge } from '../utils/format-badge'
import { NotificationList } from './notification-list'

/**
 * The bell: unread badge (live over the WebSocket) and a dropdown with the
 * last five notifications and "Mark all read".
 */
export function NotificationBell() {
  const [open, setOpen] = useState(false)
  const count = useUnreadCount()
  const latest = useLatestNotifications()
  const markRead = useMarkRead()
  const panelId = useId()
  const wrapper = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const [pulse, setPulse] = useState(false)
  const previous = useRef(count)

  useEffect(() => {
    if (count > previous.current) {
      setPulse(true)
      const t = setTimeout(() => setPulse(false), 1200)
      previous.current = count
      return () => clearTimeout(t)
    }
    previous.current = count
  }, [count])

  useEffect(() => {
    if (!open) return
    const onDown = (e: PointerEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false)
    }
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return
      setOpen(false)
      button.current?.focus()
    }
    document.addEventListener('pointerdown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('pointerdown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [open])

  return (
    <div ref={wrapper} className="relative">
      <button
        ref={button}
        type="button"
        aria-describedby={`${panelId}-count`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          'relative inline-flex size-tap items-center justify-center rounded-full text-ink hover:bg-accent-soft',
          pulse && 'animate-bounce',
        )}
      >
        <BellIcon />
        {/* The name comes from this text (not aria-label) so the visible count
            never contradicts it; the count itself is announced as a description. */}
        <span className="sr-only">Notifications</span>
        <span
          data-testid="bell-count"
          aria-hidden="true"
          hidden={count === 0}
          className="absolute -right-1 -top-1 min-w-6 rounded-full bg-cta-strong px-1.5 text-center text-sm font-bold leading-6 text-white ring-2 ring-canvas"
        >
          {formatBadge(count)}
        </span>
      </button>
      <span id={`${panelId}-count`} className="sr-only">
        {count === 0 ? 'No unread notifications' : `${count} unread`}
      </span>
      <div
        id={panelId}
        role="region"
        aria-label="Latest notifications"
        hidden={!open}
        className="fixed inset-x-2 top-16 z-50 animate-fade-in rounded-[var(--radius-card)] border border-line bg-surface shadow-[var(--shadow-lift)] md:absolute md:inset-x-auto md:right-0 md:top-full md:mt-2 md:w-96"
      >
        <div className="flex items-center justify-between gap-2 border-b border-line px-3 py-2">
          <h2 className="text-lg font-bold text-primary">Notifications</h2>
          <Button
            variant="ghost"
            className="text-primary"
            disabled={count === 0}
            loading={markRead.isPending}
            onClick={() => markRead.mutate({ all: true })}
          >
            Mark all read
          </Button>
        </div>
        <div className="max-h-[60vh] overflow-y-auto">
          {open ? (
            <QueryStatus query={latest} what="notifications" label="Loading notifications">
              {(page) =>
                page.items.length === 0 ? (
                  <p className="px-4 py-6 text-center text-base text-ink-muted">No notifications yet.</p>
                ) : (
                  <NotificationList items={page.items} onNavigate={() => setOpen(false)} />
                )
              }
            </QueryStatus>
          ) : null}
        </div>
        <div className="border-t border-line p-2">
          <Link
            to="/notifications"
            onClick={() => setOpen(false)}
            className="flex min-h-tap items-center justify-center rounded-lg font-semibold text-primary hover:bg-accent-soft"
          >
            View all notifications
          </Link>
        </div>
      </div>
    </div>
  )
}
