import { useState } from 'react'
import { usePageTitle } from '@/hooks/use-page-title'
import { EmptyState } from '@/components/ui/empty-state'
import { CalendarIcon, InboxIcon, RupeeIcon } from '@/components/ui/icons'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { InfoTip } from '@/components/ui/tooltip'
import { useDashboard } from '../api/get-dashboard'
import { ProfileCard, Section, WelcomeHeader } from './dashboard-header'

export function MentorHome() {
  usePageTitle('Mentor dashboard')
  useDashboard('mentor')
  return (
    <div className="space-y-8">
      <WelcomeHeader subtitle="Your teaching at a glance." />
      <ProfileCard />
      <div className="grid gap-6 lg:grid-cols-2">
        <Section title="Upcoming sessions">
          <EmptyState title="No sessions scheduled yet" icon={<CalendarIcon size={32} />}>
            Sessions you publish or accept from requests will be listed here with a Go Live button.
          </EmptyState>
        </Section>
        <Section title="New requests">
          <EmptyState title="No requests yet" icon={<InboxIcon size={32} />}>
            When a learner asks you for a live session, it arrives here in real time.
          </EmptyState>
        </Section>
      </div>
      <Section
        title="Earnings"
        action={<InfoTip label="When earnings are paid" text="Your share of a booking is released to your balance after the session has taken place." />}
      >
        <EmptyState title="No earnings yet" icon={<RupeeIcon size={32} />}>
          Earnings from completed sessions and gifts will appear here.
        </EmptyState>
      </Section>
    </div>
  )
}

export function MentorRequests() {
  usePageTitle('Requests')
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">Requests</h1>
      <EmptyState title="No requests yet" icon={<InboxIcon size={32} />}>
        Learners' live-session requests appear here; you can accept, counter-offer a time and budget, or decline.
      </EmptyState>
    </div>
  )
}

const SESSION_TABS = [
  { id: 'today', label: 'Today' },
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'past', label: 'Past' },
]

export function MentorSessions() {
  usePageTitle('My sessions')
  const [tab, setTab] = useState('upcoming')
  const empty: Record<string, string> = {
    today: 'No sessions today',
    upcoming: 'No upcoming sessions',
    past: 'No past sessions yet',
  }
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">My sessions</h1>
      <TabList items={SESSION_TABS} value={tab} onChange={setTab} label="Session period" idPrefix="mentor-sessions" />
      <TabPanel idPrefix="mentor-sessions" id={tab}>
        <EmptyState title={empty[tab] ?? 'No sessions yet'} icon={<CalendarIcon size={32} />}>
          Sessions you publish will be listed here.
        </EmptyState>
      </TabPanel>
    </div>
  )
}

export function MentorEarnings() {
  usePageTitle('Earnings')
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">Earnings</h1>
      <EmptyState title="No earnings yet" icon={<RupeeIcon size={32} />}>
        Completed sessions and gifts will show here, with a chart and a CSV export.
      </EmptyState>
    </div>
  )
}
