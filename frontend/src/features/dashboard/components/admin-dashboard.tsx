import type { ReactNode } from 'react'
import { usePageTitle } from '@/hooks/use-page-title'
import { EmptyState } from '@/components/ui/empty-state'
import { ChartIcon, ChatIcon, PlayIcon, RupeeIcon, UsersIcon } from '@/components/ui/icons'
import { ProfileCard, WelcomeHeader } from './dashboard-header'

// The admin APIs arrive in later issues. Until then each section says plainly
// that it is not connected yet — it never shows invented figures.

export function AdminOverview() {
  usePageTitle('Admin overview')
  return (
    <div className="space-y-8">
      <WelcomeHeader subtitle="Platform administration." />
      <ProfileCard />
      <EmptyState title="Analytics are not available yet" icon={<ChartIcon size={32} />}>
        Revenue, bookings and user growth will be charted here from recorded data.
      </EmptyState>
    </div>
  )
}

function AdminSection({ title, text, icon }: { title: string; text: string; icon: ReactNode }) {
  usePageTitle(title)
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">{title}</h1>
      <EmptyState title={`${title} management is not available yet`} icon={icon}>
        {text}
      </EmptyState>
    </div>
  )
}

export const AdminUsers = () => (
  <AdminSection title="Users" text="Search learners and mentors, block accounts and verify mentors." icon={<UsersIcon size={32} />} />
)
export const AdminSessions = () => (
  <AdminSection title="Sessions" text="Review published sessions and remove those that break the rules." icon={<PlayIcon size={32} />} />
)
export const AdminPayments = () => (
  <AdminSection title="Payments" text="Track payments, refunds and mentor withdrawals." icon={<RupeeIcon size={32} />} />
)
export const AdminFeedback = () => (
  <AdminSection title="Feedback" text="Read ratings, reviews and reports from learners and mentors." icon={<ChatIcon size={32} />} />
)
