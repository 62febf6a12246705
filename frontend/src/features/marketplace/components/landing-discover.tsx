import { useId, useMemo, useState, type ReactNode } from 'react'
import { Link } from 'react-router'
import { useNow } from '@/hooks/use-now'
import { useTimezone } from '@/lib/auth'
import type { MentorCard } from '@/lib/marketplace-types'
import { Avatar } from '@/components/ui/avatar'
import { MentorStatus } from '@/components/ui/live-status'
import { Carousel } from '@/components/ui/carousel'
import { EmptyState } from '@/components/ui/empty-state'
import { PlayIcon, StarIcon } from '@/components/ui/icons'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { StatusChip } from '@/components/ui/status-chip'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { useLanding } from '../api/get-landing'
import { useBooking } from '../hooks/use-booking'
import { Rating } from './rating'
import { SessionCard } from './session-card'

const browseLink =
  'lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] border border-line bg-surface px-4 font-semibold text-primary hover:border-accent'

// Measured at 412 and 1350 px: tabs (16 + 44) + a row of session cards (418) = 478 px; a row of
// mentor cards, 380 px. The blocks keep this height whatever arrives (cards, an empty state, an error).
const LIVE_BLOCK_MIN_H = 'min-h-[30rem]'
const MENTORS_BLOCK_MIN_H = 'min-h-[24rem]'

function CarouselSkeleton() {
  return (
    <div className="flex gap-4 overflow-hidden px-4 py-6" role="status">
      <span className="sr-only">Loading…</span>
      {[0, 1, 2, 3].map((i) => (
        <Skeleton key={i} className="h-80 w-[min(80vw,20rem)] shrink-0" />
      ))}
    </div>
  )
}

/**
 * The landing page's discovery block (spec 000 §10.1): "Live & Upcoming"
 * with category tabs, then "Top Mentors". Everything comes from GET /landing;
 * empty lists say so.
 */
export function LandingDiscover() {
  return (
    <>
      <LiveAndUpcoming />
      <TopMentors />
    </>
  )
}

function LiveAndUpcoming() {
  const [category, setCategory] = useState<string | null>(null)
  const landing = useLanding(category)
  const all = useLanding(null)
  const now = useNow(30_000)
  const tz = useTimezone()
  const { book, sheet } = useBooking()
  // The tab row comes from the unfiltered answer so it stays put while filtering.
  const fromAll = all.data?.categories
  const fromCurrent = landing.data?.categories
  const categories = useMemo(() => fromAll ?? fromCurrent ?? [], [fromAll, fromCurrent])
  const tabs = useMemo(
    () => [{ id: 'all', label: 'All' }, ...categories.map((c, i) => ({ id: `c${i}`, label: c }))],
    [categories],
  )
  const tabId = category === null ? 'all' : `c${Math.max(0, categories.indexOf(category))}`

  return (
    <section aria-labelledby="live-heading" className="py-10">
      <div className="mx-auto flex max-w-6xl flex-wrap items-end justify-between gap-3 px-4">
        <h2 id="live-heading" className="text-3xl font-bold text-primary">
          Live &amp; Upcoming
        </h2>
        <Link to="/sessions" className={browseLink}>
          All sessions ➤
        </Link>
      </div>
      {/* Space for the tab row and a row of cards, reserved before they arrive, so nothing below moves. */}
      <div className={LIVE_BLOCK_MIN_H} data-testid="live-block">
      {categories.length ? (
        <div className="mx-auto mt-4 max-w-6xl overflow-x-auto px-4">
          <TabList
            items={tabs}
            value={tabId}
            label="Session categories"
            idPrefix="landing-cat"
            onChange={(id) => setCategory(id === 'all' ? null : (categories[Number(id.slice(1))] ?? null))}
          />
        </div>
      ) : null}
      <Panel hasTabs={categories.length > 0} tabId={tabId}>
        <QueryStatus query={landing} what="live sessions" skeleton={<CarouselSkeleton />} label="Loading sessions">
          {(data) =>
            data.live_upcoming.length ? (
              <div aria-busy={landing.isPlaceholderData || undefined}>
                <Carousel
                  label="Live & Upcoming sessions"
                  items={data.live_upcoming}
                  getKey={(s) => s.session_id}
                  renderItem={(s) => <SessionCard session={s} now={now} timezone={tz} onBook={book} />}
                />
              </div>
            ) : (
              <div className="mx-auto max-w-6xl px-4 pt-6">
                <EmptyState
                  title={category ? `No live or upcoming ${category} sessions right now` : 'No live or upcoming sessions right now'}
                  icon={<PlayIcon size={32} />}
                  action={
                    <Link to="/sessions" className={browseLink}>
                      Browse all sessions
                    </Link>
                  }
                >
                  When mentors publish sessions they appear here with their time, price and a Book button.
                </EmptyState>
              </div>
            )
          }
        </QueryStatus>
      </Panel>
      </div>
      {sheet}
    </section>
  )
}

function Panel({ hasTabs, tabId, children }: { hasTabs: boolean; tabId: string; children: ReactNode }) {
  if (!hasTabs) return <div>{children}</div>
  return (
    <TabPanel idPrefix="landing-cat" id={tabId}>
      <div className="-mt-6">{children}</div>
    </TabPanel>
  )
}

function TopMentors() {
  const landing = useLanding(null)
  return (
    <section aria-labelledby="mentors-heading" className="py-10">
      <div className="mx-auto flex max-w-6xl flex-wrap items-end justify-between gap-3 px-4">
        <h2 id="mentors-heading" className="text-3xl font-bold text-primary">
          Top Mentors
        </h2>
        <Link to="/mentors" className={browseLink}>
          All mentors ➤
        </Link>
      </div>
      <div className={MENTORS_BLOCK_MIN_H} data-testid="mentors-block">
      <QueryStatus query={landing} what="mentors" skeleton={<CarouselSkeleton />} label="Loading mentors">
        {(data) =>
          data.top_mentors.length ? (
            <Carousel
              label="Top mentor profiles"
              items={data.top_mentors}
              getKey={(m) => m.user_id}
              renderItem={(m) => <MentorSlide mentor={m} />}
            />
          ) : (
            <div className="mx-auto max-w-6xl px-4 pt-6">
              <EmptyState title="No mentors to show yet" icon={<StarIcon size={32} />}>
                Mentors who join PeerLearn will be listed here.
              </EmptyState>
            </div>
          )
        }
      </QueryStatus>
      </div>
    </section>
  )
}

function MentorSlide({ mentor }: { mentor: MentorCard }) {
  const nameId = useId()
  return (
    <article aria-labelledby={nameId} className="lift glass flex h-full flex-col items-center gap-3 rounded-[var(--radius-card)] p-5 text-center">
      <Avatar name={mentor.name} src={mentor.avatar_url} size={88} />
      <h3 id={nameId} className="text-lg font-bold text-ink">
        {mentor.name}
        {mentor.is_demo ? <StatusChip className="ml-2 align-middle">Demo</StatusChip> : null}
      </h3>
      <MentorStatus mentorId={mentor.user_id} />
      {mentor.domains.length ? (
        <ul aria-label="Domains" className="flex flex-wrap justify-center gap-1.5">
          {mentor.domains.slice(0, 3).map((d) => (
            <li key={d} className="rounded-full bg-primary-soft px-2.5 py-0.5 text-base text-primary md:text-sm">
              {d}
            </li>
          ))}
        </ul>
      ) : null}
      <Rating rating={mentor.rating} />
      <Link
        to={`/mentors/${mentor.user_id}`}
        aria-describedby={nameId}
        className="lift mt-auto inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-primary px-4 font-semibold text-white hover:bg-primary-hover"
      >
        View Profile ➤
      </Link>
    </article>
  )
}
