import { Link, useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { useTimezone } from '@/lib/auth'
import type { ActivityItem, ActivityType } from '@/lib/marketplace-types'
import { isOver } from '@/lib/session-window'
import { EmptyState } from '@/components/ui/empty-state'
import { CalendarIcon, InboxIcon, StarIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { InfoTip } from '@/components/ui/tooltip'
import { useDashboard } from '../api/get-dashboard'
import { useActivity } from '../api/learner-activity'
import { ActivityRow } from './activity-row'
import { ProfileCard, Section, WelcomeHeader } from './dashboard-header'

const browse = (
  <Link
    to="/sessions"
    className="lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover"
  >
    Browse sessions
  </Link>
)

const ACTIVE = new Set(['confirmed', 'pending_payment', 'pending_approval'])

export function LearnerHome() {
  usePageTitle('Learner dashboard')
  useDashboard('learner')
  return (
    <div className="space-y-8">
      <WelcomeHeader subtitle="Here's your learning at a glance." />
      <Section title="Your bookings" action={<Link to="/dashboard/learner/activity" className="inline-flex min-h-tap items-center font-semibold text-primary underline-offset-4 hover:underline">My activity</Link>}>
        <UpcomingBookings />
      </Section>
      <Section
        title="Recommended for you"
        action={<InfoTip label="How recommendations work" text="Sessions are matched to the interests and categories in your profile." />}
      >
        <EmptyState title="No recommendations yet" icon={<StarIcon size={32} />} action={browse}>
          Personal recommendations arrive in a later release; meanwhile every upcoming session is on the Sessions page.
        </EmptyState>
      </Section>
      <ProfileCard />
    </div>
  )
}

/** The learner's open bookings (soonest first), with "Join ➤" when the room is open. */
function UpcomingBookings() {
  const activity = useActivity('bookings', 20)
  const now = useNow(15_000)
  const tz = useTimezone()
  const items = (activity.data?.pages[0]?.items ?? [])
    .filter((i): i is Extract<ActivityItem, { kind: 'booking' }> => i.kind === 'booking')
    .filter((i) => ACTIVE.has(i.booking.status) && !isOver(i.booking.session, now))
    .sort((a, b) => Date.parse(a.booking.session.starts_at) - Date.parse(b.booking.session.starts_at))
    .slice(0, 3)
  return (
    <QueryStatus query={activity} what="your bookings">
      {() =>
        items.length ? (
          <ul className="space-y-3">
            {items.map((item) => (
              <li key={item.booking.booking_id}>
                <ActivityRow item={item} now={now} timezone={tz} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No upcoming bookings" icon={<CalendarIcon size={32} />} action={browse}>
            Sessions you book appear here with a Join button when they start.
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}

const TABS: { id: ActivityType; label: string }[] = [
  { id: 'all', label: 'All' },
  { id: 'requests', label: 'Requests' },
  { id: 'bookings', label: 'Bookings' },
]

const isActivityType = (v: string | null): v is ActivityType => TABS.some((t) => t.id === v)

export function LearnerActivity() {
  usePageTitle('Activity')
  // The tab lives in the URL (?type=requests), both ways: links and reloads land on it.
  const [search, setSearch] = useSearchParams()
  const param = search.get('type')
  const tab: ActivityType = isActivityType(param) ? param : 'all'
  const setTab = (id: ActivityType) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (id === 'all') next.delete('type')
        else next.set('type', id)
        return next
      },
      { replace: true },
    )
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">My activity</h1>
      <TabList items={TABS} value={tab} onChange={(id) => setTab(id as ActivityType)} label="Activity filter" idPrefix="activity" />
      <TabPanel idPrefix="activity" id={tab}>
        <h2 className="sr-only">{TABS.find((t) => t.id === tab)?.label} activity</h2>
        <ActivityFeed key={tab} type={tab} />
      </TabPanel>
    </div>
  )
}

function ActivityFeed({ type }: { type: ActivityType }) {
  const activity = useActivity(type)
  const now = useNow(15_000)
  const tz = useTimezone()
  const items = activity.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryStatus query={activity} what="your activity">
      {() =>
        items.length ? (
          <>
            <ul className="space-y-3" aria-label="Activity">
              {items.map((item) => (
                <li key={item.kind === 'request' ? `r-${item.request.request_id}` : `b-${item.booking.booking_id}`}>
                  <ActivityRow item={item} now={now} timezone={tz} />
                </li>
              ))}
            </ul>
            <InfiniteFooter
              hasNextPage={activity.hasNextPage}
              isFetchingNextPage={activity.isFetchingNextPage}
              fetchNextPage={activity.fetchNextPage}
            />
          </>
        ) : type === 'requests' ? (
          <EmptyState title="No requests yet" icon={<InboxIcon size={32} />}>
            Ask a mentor for a live session on your own topic, time and budget; the request and the mentor's reply appear
            here.
          </EmptyState>
        ) : type === 'bookings' ? (
          <EmptyState title="No bookings yet" icon={<CalendarIcon size={32} />} action={browse}>
            Sessions you book appear here.
          </EmptyState>
        ) : (
          <EmptyState title="No activity yet" action={browse}>
            Your bookings and live-session requests will be listed here with their status.
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}
