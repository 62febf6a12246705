import type { ReactNode } from 'react'
import { NavLink } from 'react-router'
import { cn } from '@/lib/cn'

export interface SidebarItem {
  to: string
  label: string
  icon: ReactNode
  end?: boolean
  /** E.g. an unread count, after the label. */
  badge?: ReactNode
}

/**
 * Dashboard navigation: a sticky sidebar on desktop; on mobile the same items
 * as a horizontally scrollable strip above the content.
 */
export function SidebarNav({ items, label }: { items: SidebarItem[]; label: string }) {
  return (
    <nav aria-label={label} className="md:sticky md:top-20 md:w-56 md:self-start">
      <ul className="-mx-4 flex gap-1 overflow-x-auto px-4 pb-2 md:mx-0 md:flex-col md:overflow-visible md:px-0">
        {items.map((item) => (
          <li key={item.to} className="shrink-0">
            <NavLink
              to={item.to}
              end={item.end}
              className={({ isActive }) =>
                cn(
                  'flex min-h-tap items-center gap-3 whitespace-nowrap rounded-[var(--radius-control)] border-b-2 px-3 text-base font-semibold transition-colors md:border-b-0 md:border-l-4',
                  isActive
                    ? 'border-cta bg-primary-soft text-primary'
                    : 'border-transparent text-ink-muted hover:bg-accent-soft hover:text-primary',
                )
              }
            >
              {item.icon}
              {item.label}
              {item.badge}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
