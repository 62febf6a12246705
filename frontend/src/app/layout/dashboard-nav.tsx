import type { Role } from '@/lib/api-types'
import {
  CalendarIcon,
  ChartIcon,
  ChatIcon,
  CogIcon,
  HomeIcon,
  InboxIcon,
  PlayIcon,
  RupeeIcon,
  UsersIcon,
} from '@/components/ui/icons'
import type { SidebarItem } from '@/components/layout/sidebar-nav'

const SETTINGS = '/profile?tab=settings'

export const DASHBOARD_NAV: Record<Role, SidebarItem[]> = {
  learner: [
    { to: '/dashboard/learner', label: 'Home', icon: <HomeIcon size={20} />, end: true },
    { to: '/dashboard/learner/activity', label: 'Activity', icon: <CalendarIcon size={20} /> },
    { to: '/dashboard/learner/payments', label: 'Payments', icon: <RupeeIcon size={20} /> },
    { to: '/dashboard/learner/messages', label: 'Messages', icon: <ChatIcon size={20} /> },
    { to: SETTINGS, label: 'Settings', icon: <CogIcon size={20} /> },
  ],
  mentor: [
    { to: '/dashboard/mentor', label: 'Home', icon: <HomeIcon size={20} />, end: true },
    { to: '/dashboard/mentor/requests', label: 'Requests', icon: <InboxIcon size={20} /> },
    { to: '/dashboard/mentor/sessions', label: 'My Sessions', icon: <PlayIcon size={20} /> },
    { to: '/dashboard/mentor/earnings', label: 'Earnings', icon: <RupeeIcon size={20} /> },
    { to: '/dashboard/mentor/messages', label: 'Messages', icon: <ChatIcon size={20} /> },
    { to: SETTINGS, label: 'Settings', icon: <CogIcon size={20} /> },
  ],
  admin: [
    { to: '/dashboard/admin', label: 'Overview', icon: <ChartIcon size={20} />, end: true },
    { to: '/dashboard/admin/users', label: 'Users', icon: <UsersIcon size={20} /> },
    { to: '/dashboard/admin/sessions', label: 'Sessions', icon: <PlayIcon size={20} /> },
    { to: '/dashboard/admin/payments', label: 'Payments', icon: <RupeeIcon size={20} /> },
    { to: '/dashboard/admin/feedback', label: 'Feedback', icon: <ChatIcon size={20} /> },
  ],
}

