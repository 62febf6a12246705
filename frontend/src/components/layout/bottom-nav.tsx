import type { ReactNode } from 'react'
import { NavLink } from 'react-router'
import { cn } from '@/lib/cn'

export interface BottomNavItem {
  to: string
  label: string
  icon: ReactNode
  end?: boolean
  badge?: ReactNode
}

/** Bottom navigation for signed-in users on mobile. */
export function BottomNav({ items }: { items: BottomNavItem[] }) {
  return (
    <nav
      aria-label="Primary"
      className="glass fixed inset-x-0 bottom-0 z-40 border-t border-line pb-[env(safe-area-inset-bottom)] md:hidden"
    >
      <ul className="grid" style={{ gridTemplateColumns: `repeat(${items.length}, minmax(0, 1fr))` }}>
        {items.map((item) => (
          <li key={item.label}>
            <NavLink
              to={item.to}
              end={item.end}
              className={({ isActive }) =>
                cn(
                  'relative flex min-h-14 flex-col items-center justify-center gap-0.5 text-base font-medium',
                  isActive ? 'text-primary' : 'text-ink-muted hover:text-primary',
                )
              }
            >
              {({ isActive }) => (
                <>
                  <span className={cn('relative', isActive && 'after:absolute after:-bottom-1 after:left-0 after:h-0.5 after:w-full after:bg-cta')}>
                    {item.icon}
                    {item.badge}
                  </span>
                  <span>{item.label}</span>
                </>
              )}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  )
}
