import { Link, useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { useTimezone } from '@/lib/auth'
import type { Session } from '@/lib/marketplace-types'
import { EmptyState } from '@/components/ui/empty-state'
import { CalendarIcon, InboxIcon, PlusIcon, RupeeIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { InfoTip } from '@/components/ui/tooltip'
import { useDashboard } from '../api/get-dashboard'
import { useDeskRequests, type RequestFilter } from '../api/mentor-requests'
import { useDeskSessions, type SessionTab } from '../api/mentor-sessions'
import { ApprovalsList } from './approvals-list'
import { ProfileCard, Section, WelcomeHeader } from './dashboard-header'
import { MentorSessionRow } from './mentor-session-row'
import { RequestCard } from './request-card'

const createLink =
  'lift inline-flex min-h-tap items-center gap-2 rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover'

function CreateSessionLink() {
  return (
    <Link to="/dashboard/mentor/sessions/new" className={createLink}>
      <PlusIcon size={20} /> Create Session ➤
    </Link>
  )
}

export function MentorHome() {
  usePageTitle('Mentor dashboard')
  useDashboard('mentor')
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <WelcomeHeader subtitle="Your teaching at a glance." />
        <CreateSessionLink />
      </div>
      <div className="grid gap-6 xl:grid-cols-2">
        <Section title="Next sessions" action={<Link to="/dashboard/mentor/sessions" className="font-semibold text-primary underline-offset-4 hover:underline">All sessions</Link>}>
          <NextSessions />
        </Section>
        <Section title="New requests" action={<Link to="/dashboard/mentor/requests" className="font-semibold text-primary underline-offset-4 hover:underline">All requests</Link>}>
          <RequestList limit={3} compact />
        </Section>
      </div>
      <ProfileCard />
      <Section
        title="Earnings"
        action={<InfoTip label="When earnings are paid" text="Your share of a booking is released to your balance after the session has taken place." />}
      >
        <EmptyState
          title="Your balance, chart and payouts"
          icon={<RupeeIcon size={32} />}
          action={
            <Link to="/dashboard/mentor/earnings" className="font-semibold text-primary underline-offset-4 hover:underline">
              Open Earnings
            </Link>
          }
        >
          Every payment and gift shows on the Earnings page the moment it arrives — 90 % of it is yours, withdrawable once the session has taken place.
        </EmptyState>
      </Section>
    </div>
  )
}

/** Today's sessions, then the next upcoming ones — with "Go Live ➤" right here. */
function NextSessions() {
  const today = useDeskSessions('today', 5)
  const upcoming = useDeskSessions('upcoming', 5)
  const now = useNow(15_000)
  const tz = useTimezone()
  const seen = new Set<string>()
  const items: Session[] = []
  for (const s of [...(today.data?.pages[0]?.items ?? []), ...(upcoming.data?.pages[0]?.items ?? [])]) {
    if (seen.has(s.session_id) || s.status === 'completed' || s.status === 'cancelled') continue
    seen.add(s.session_id)
    items.push(s)
  }
  return (
    <QueryStatus query={upcoming} what="your sessions">
      {() =>
        items.length ? (
          <ul className="space-y-3">
            {items.slice(0, 4).map((s) => (
              <li key={s.session_id}>
                <MentorSessionRow session={s} now={now} timezone={tz} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No sessions scheduled yet" icon={<CalendarIcon size={32} />}>
            Sessions you publish or accept from requests will be listed here with a Go Live button.
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}

const REQUEST_FILTERS: { id: RequestFilter; label: string }[] = [
  { id: 'open', label: 'Open' },
  { id: 'answered', label: 'Answered' },
  { id: 'declined', label: 'Declined' },
  { id: 'expired', label: 'Expired' },
  { id: 'all', label: 'All' },
]

const REQUEST_EMPTY: Record<RequestFilter, [string, string]> = {
  open: ['No open requests', 'When a learner asks you for a live session, it arrives here in real time. Handled requests are under Answered, Declined and Expired.'],
  answered: ['No answered requests yet', 'Requests you accept become sessions and are listed here.'],
  declined: ['No declined requests', 'Requests you decline are kept here with your reason.'],
  expired: ['No expired requests', 'Requests whose proposed time passed without an answer are kept here.'],
  all: ['No requests yet', 'When a learner asks you for a live session, it arrives here in real time.'],
}

function RequestList({ limit = 20, compact = false, status = 'open' }: { limit?: number; compact?: boolean; status?: RequestFilter }) {
  const requests = useDeskRequests(status, limit)
  const tz = useTimezone()
  const items = requests.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryStatus query={requests} what="requests">
      {() =>
        items.length ? (
          <>
            <ul className="space-y-3" aria-label={`${REQUEST_FILTERS.find((f) => f.id === status)?.label} requests`}>
              {items.map((r) => (
                <li key={r.request_id}>
                  <RequestCard request={r} timezone={tz} />
                </li>
              ))}
            </ul>
            {compact ? null : (
              <InfiniteFooter
                hasNextPage={requests.hasNextPage}
                isFetchingNextPage={requests.isFetchingNextPage}
                fetchNextPage={requests.fetchNextPage}
                label="Load more requests"
              />
            )}
          </>
        ) : (
          <EmptyState title={compact ? 'No requests yet' : REQUEST_EMPTY[status][0]} icon={<InboxIcon size={32} />}>
            {compact ? REQUEST_EMPTY.all[1] : REQUEST_EMPTY[status][1]}
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}

const isRequestFilter = (v: string | null): v is RequestFilter => REQUEST_FILTERS.some((f) => f.id === v)

export function MentorRequests() {
  usePageTitle('Requests')
  // The filter lives in the URL (?status=declined), like the other tabs.
  const [search, setSearch] = useSearchParams()
  const param = search.get('status')
  const status: RequestFilter = isRequestFilter(param) ? param : 'open'
  const setStatus = (id: RequestFilter) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (id === 'open') next.delete('status')
        else next.set('status', id)
        return next
      },
      { replace: true },
    )
  return (
    <div className="space-y-8">
      <h1 className="text-3xl font-extrabold text-primary">Requests</h1>
      <Section title="Live-session requests">
        <div className="space-y-4">
          <div className="overflow-x-auto">
            <TabList items={REQUEST_FILTERS} value={status} onChange={(id) => setStatus(id as RequestFilter)} label="Request status" idPrefix="requests" />
          </div>
          <TabPanel idPrefix="requests" id={status}>
            <RequestList key={status} status={status} />
          </TabPanel>
        </div>
      </Section>
      <Section
        title="Bookings waiting for approval"
        action={<InfoTip label="About approvals" text="Sessions marked “Requires my approval” hold each booking until you accept it. Rejected learners are refunded in full." />}
      >
        <ApprovalsList />
      </Section>
    </div>
  )
}

const SESSION_TABS: { id: SessionTab; label: string }[] = [
  { id: 'today', label: 'Today' },
  { id: 'upcoming', label: 'Upcoming' },
  { id: 'past', label: 'Past' },
]

const EMPTY: Record<SessionTab, string> = {
  today: 'No sessions today',
  upcoming: 'No upcoming sessions',
  past: 'No past sessions yet',
}

const isSessionTab = (v: string | null): v is SessionTab => SESSION_TABS.some((t) => t.id === v)

/**
 * My Sessions. The tab lives in the URL (?tab=); `?session=<id>` highlights
 * that row (publishing or ending a session lands here on the tab that holds
 * it). With no tab in the URL it opens on Today when something is on today,
 * else Upcoming — never on an empty tab while today's session waits next door.
 */
export function MentorSessions() {
  usePageTitle('My sessions')
  const [search, setSearch] = useSearchParams()
  const param = search.get('tab')
  const today = useDeskSessions('today')
  const fallback: SessionTab | null = today.data ? (today.data.pages[0]?.items.length ? 'today' : 'upcoming') : today.isError ? 'upcoming' : null
  const tab = isSessionTab(param) ? param : fallback
  const highlight = search.get('session')
  const setTab = (id: SessionTab) =>
    setSearch(
      (prev) => {
        const next = new URLSearchParams(prev)
        next.set('tab', id)
        next.delete('session')
        return next
      },
      { replace: true },
    )
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-3xl font-extrabold text-primary">My sessions</h1>
        <CreateSessionLink />
      </div>
      {tab ? (
        <>
          <TabList items={SESSION_TABS} value={tab} onChange={(id) => setTab(id as SessionTab)} label="Session period" idPrefix="mentor-sessions" />
          <TabPanel idPrefix="mentor-sessions" id={tab}>
            <h2 className="sr-only">{SESSION_TABS.find((t) => t.id === tab)?.label} sessions</h2>
            <SessionList key={tab} tab={tab} highlight={highlight} />
          </TabPanel>
        </>
      ) : (
        <Skeleton className="h-40 w-full" />
      )}
    </div>
  )
}

function SessionList({ tab, highlight }: { tab: SessionTab; highlight: string | null }) {
  const sessions = useDeskSessions(tab)
  const now = useNow(15_000)
  const tz = useTimezone()
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryStatus query={sessions} what="your sessions">
      {() =>
        items.length ? (
          <>
            <ul className="space-y-3">
              {items.map((s) => (
                <li key={s.session_id}>
                  <MentorSessionRow session={s} now={now} timezone={tz} highlighted={s.session_id === highlight} />
                </li>
              ))}
            </ul>
            <InfiniteFooter
              hasNextPage={sessions.hasNextPage}
              isFetchingNextPage={sessions.isFetchingNextPage}
              fetchNextPage={sessions.fetchNextPage}
              label="Load more sessions"
            />
          </>
        ) : (
          <EmptyState title={EMPTY[tab]} icon={<CalendarIcon size={32} />}>
            {tab === 'past' ? 'Sessions you have taught will be listed here.' : 'Sessions you publish or accept from requests will be listed here.'}
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}
