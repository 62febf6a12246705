import type { ReactNode } from 'react'
import { InboxIcon } from './icons'

/** An honest empty state: says what is missing and, if possible, what to do. */
export function EmptyState({
  title,
  children,
  action,
  icon,
}: {
  title: string
  children?: ReactNode
  action?: ReactNode
  icon?: ReactNode
}) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-[var(--radius-card)] border border-dashed border-line bg-surface/60 px-6 py-10 text-center">
      <span className="text-ink-muted">{icon ?? <InboxIcon size={32} />}</span>
      <p className="text-lg font-semibold text-ink">{title}</p>
      {children ? <div className="max-w-prose text-base text-ink-muted">{children}</div> : null}
      {action}
    </div>
  )
}
