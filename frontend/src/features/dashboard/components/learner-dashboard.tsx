import { useState } from 'react'
import { Link } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { EmptyState } from '@/components/ui/empty-state'
import { CalendarIcon, InboxIcon, StarIcon } from '@/components/ui/icons'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { InfoTip } from '@/components/ui/tooltip'
import { useDashboard } from '../api/get-dashboard'
import { ProfileCard, Section, WelcomeHeader } from './dashboard-header'

const browse = (
  <Link
    to="/sessions"
    className="lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover"
  >
    Browse sessions
  </Link>
)

export function LearnerHome() {
  usePageTitle('Learner dashboard')
  useDashboard('learner')
  return (
    <div className="space-y-8">
      <WelcomeHeader subtitle="Here's your learning at a glance." />
      <ProfileCard />
      <Section
        title="Recommended for you"
        action={<InfoTip label="How recommendations work" text="Sessions are matched to the interests and categories in your profile." />}
      >
        <EmptyState title="No recommendations yet" icon={<StarIcon size={32} />}>
          When mentors publish sessions that match your interests, they will show up here.
        </EmptyState>
      </Section>
      <Section title="Your bookings">
        <EmptyState title="No bookings yet" icon={<CalendarIcon size={32} />} action={browse}>
          Sessions you book appear here with a Join button when they start.
        </EmptyState>
      </Section>
    </div>
  )
}

const TABS = [
  { id: 'all', label: 'All' },
  { id: 'requests', label: 'Requests' },
  { id: 'bookings', label: 'Bookings' },
]

export function LearnerActivity() {
  usePageTitle('Activity')
  const [tab, setTab] = useState('all')
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">My activity</h1>
      <TabList items={TABS} value={tab} onChange={setTab} label="Activity filter" idPrefix="activity" />
      <TabPanel idPrefix="activity" id={tab}>
        {tab === 'all' ? (
          <EmptyState title="No activity yet" action={browse}>
            Your bookings and live-session requests will be listed here with their status.
          </EmptyState>
        ) : null}
        {tab === 'requests' ? (
          <EmptyState title="No requests yet" icon={<InboxIcon size={32} />}>
            Ask a mentor for a live session on your own topic, time and budget; the request and the mentor's reply
            appear here.
          </EmptyState>
        ) : null}
        {tab === 'bookings' ? (
          <EmptyState title="No bookings yet" icon={<CalendarIcon size={32} />} action={browse}>
            Sessions you book appear here.
          </EmptyState>
        ) : null}
      </TabPanel>
    </div>
  )
}
