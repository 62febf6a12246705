import type { ReactNode } from 'react'
import { usePageTitle } from '@/hooks/use-page-title'
import { EmptyState } from '@/components/ui/empty-state'
import { ChartIcon, ChatIcon, PlayIcon, StarIcon, UsersIcon } from '@/components/ui/icons'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { useDashboard } from '../api/get-dashboard'
import { ProfileCard, WelcomeHeader } from './dashboard-header'

// Counts come from GET /dashboard/admin (atomic counters). The other admin APIs
// arrive in later issues; until then each section says plainly that it is not
// connected yet — it never shows invented figures.

export function AdminOverview() {
  usePageTitle('Admin overview')
  const dashboard = useDashboard('admin')
  return (
    <div className="space-y-8">
      <WelcomeHeader subtitle="Platform administration." />
      <section aria-labelledby="users-count-heading" className="space-y-3">
        <h2 id="users-count-heading" className="text-xl font-bold text-ink">
          Accounts
        </h2>
        <QueryStatus query={dashboard} what="the account counts" skeleton={<Skeleton className="h-28" />}>
          {(data) =>
            data.users ? (
              <dl className="grid gap-4 sm:grid-cols-3">
                <Stat label="Learners" value={data.users.learners} icon={<UsersIcon size={24} />} />
                <Stat label="Mentors" value={data.users.mentors} icon={<StarIcon size={24} />} />
                <Stat label="Admins" value={data.users.admins} icon={<ChartIcon size={24} />} />
              </dl>
            ) : (
              <p className="text-base text-ink-muted">No account counts available.</p>
            )
          }
        </QueryStatus>
      </section>
      <ProfileCard />
      <EmptyState title="Analytics are not available yet" icon={<ChartIcon size={32} />}>
        Revenue, bookings and user growth will be charted here from recorded data.
      </EmptyState>
    </div>
  )
}

function Stat({ label, value, icon }: { label: string; value: number; icon: ReactNode }) {
  return (
    <div className="glass lift flex items-center gap-4 rounded-[var(--radius-card)] p-5">
      <span className="inline-flex size-12 items-center justify-center rounded-full bg-primary-soft text-primary">{icon}</span>
      <div>
        <dt className="text-base font-semibold text-ink-muted">{label}</dt>
        <dd className="text-3xl font-extrabold text-primary" data-testid={`count-${label.toLowerCase()}`}>
          {value.toLocaleString('en-IN')}
        </dd>
      </div>
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
export const AdminFeedback = () => (
  <AdminSection title="Feedback" text="Read ratings, reviews and reports from learners and mentors." icon={<ChatIcon size={32} />} />
)
