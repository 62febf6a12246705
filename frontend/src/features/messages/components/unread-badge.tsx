import { useDmUnreadTotal } from '../api/conversations'

/** The unread direct-message count beside "Messages" in the dashboard navigation. */
export function DmUnreadBadge() {
  const total = useDmUnreadTotal()
  if (total === 0) return null
  return (
    <span
      data-testid="dm-unread-total"
      aria-label={`${total} unread`}
      className="ml-auto inline-flex min-w-6 items-center justify-center rounded-full bg-cta-strong px-1.5 text-sm font-bold text-white"
    >
      {total > 99 ? '99+' : total}
    </span>
  )
}
