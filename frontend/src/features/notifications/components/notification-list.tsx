import { useNavigate } from 'react-router'
import type { AppNotification } from '@/lib/api-types'
import { useTimezone } from '@/lib/auth'
import { cn } from '@/lib/cn'
import { formatDateTime, withTime } from '@/lib/format'
import { useMarkRead } from '../api/mark-read'

export function NotificationList({
  items,
  onNavigate,
}: {
  items: AppNotification[]
  onNavigate?: () => void
}) {
  const tz = useTimezone()
  const markRead = useMarkRead()
  const navigate = useNavigate()
  return (
    <ul className="divide-y divide-line">
      {items.map((n) => (
        <li key={n.id}>
          <button
            type="button"
            onClick={() => {
              if (!n.read) markRead.mutate({ ids: [n.id] })
              if (n.link) {
                onNavigate?.()
                navigate(n.link)
              }
            }}
            className={cn(
              'flex min-h-tap w-full items-start gap-3 px-3 py-3 text-left hover:bg-accent-soft',
              !n.read && 'bg-primary-soft/50',
            )}
          >
            <span
              aria-hidden="true"
              className={cn('mt-2 size-2.5 shrink-0 rounded-full', n.read ? 'bg-transparent' : 'bg-cta')}
            />
            <span className="flex-1">
              <span className="block text-base font-semibold text-ink">
                {withTime(n.title, n.at, tz)}
                {!n.read ? <span className="sr-only"> (unread)</span> : null}
              </span>
              {n.body ? <span className="block text-base text-ink-muted">{withTime(n.body, n.at, tz)}</span> : null}
              <time dateTime={n.created_at} className="block text-base text-ink-muted md:text-sm">
                {formatDateTime(n.created_at, tz)}
              </time>
            </span>
          </button>
        </li>
      ))}
    </ul>
  )
}
