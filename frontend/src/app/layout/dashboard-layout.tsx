import { Suspense } from 'react'
import { Outlet } from 'react-router'
import type { Role } from '@/lib/api-types'
import { RouteFallback } from '@/components/ui/load-state'
import { SidebarNav } from '@/components/layout/sidebar-nav'
import { DmUnreadBadge } from '@/features/messages/components/unread-badge'
import { DASHBOARD_NAV } from './dashboard-nav'

const LABELS: Record<Role, string> = {
  learner: 'Learner dashboard',
  mentor: 'Mentor dashboard',
  admin: 'Admin dashboard',
}

/** Sidebar (desktop) / section strip (mobile) + the section's content. */
export function DashboardLayout({ role }: { role: Role }) {
  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 md:flex-row md:gap-8 md:px-6 md:py-8">
      <SidebarNav
        items={DASHBOARD_NAV[role].map((item) => (item.to.endsWith('/messages') ? { ...item, badge: <DmUnreadBadge /> } : item))}
        label={LABELS[role]}
      />
      <div className="min-w-0 flex-1">
        <Suspense fallback={<RouteFallback />}>
          <Outlet />
        </Suspense>
      </div>
    </div>
  )
}
