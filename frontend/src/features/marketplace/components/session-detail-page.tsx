import { useEffect, useRef, type ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { isApiError } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { formatDuration } from '@/lib/timezone'
import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { QueryStatus } from '@/components/ui/query-status'
import { PageSkeleton } from '@/components/ui/skeleton'
import { StatusChip } from '@/components/ui/status-chip'
import { useSessionDetail } from '../api/get-session'
import { useBooking } from '../hooks/use-booking'
import { priceText, seatsText } from '../utils/session-text'
import { LiveOrCountdown } from './session-card'
import { SessionThumbnail } from './session-thumbnail'

/**
 * /sessions/:sessionId — one session in full, with "Book ➤". `?book=1` opens
 * the booking sheet straight away (the return from signup lands here).
 */
export function SessionDetailPage() {
  const { sessionId } = useParams()
  const [params, setParams] = useSearchParams()
  const query = useSessionDetail(sessionId)
  const tz = useTimezone()
  const now = useNow(30_000)
  const { book, sheet, target } = useBooking()
  usePageTitle(query.data?.title ?? 'Session')

  // Reopen the sheet once (after signup), then drop the flag from the URL.
  const reopened = useRef(false)
  const wantsSheet = params.get('book') === '1'
  const session = query.data
  useEffect(() => {
    if (wantsSheet && session && !reopened.current) {
      reopened.current = true
      book(session)
    }
  }, [wantsSheet, session, book])
  const wasOpen = useRef(false)
  useEffect(() => {
    if (target) wasOpen.current = true
    else if (wasOpen.current && wantsSheet) {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          next.delete('book')
          return next
        },
        { replace: true },
      )
    }
  }, [target, wantsSheet, setParams])

  if (query.isError && isApiError(query.error, 'not_found')) {
    return (
      <section className="mx-auto max-w-3xl px-4 py-12">
        <EmptyState
          title="Session not found"
          action={
            <Link to="/sessions" className="font-semibold text-primary underline underline-offset-4">
              Browse sessions
            </Link>
          }
        >
          It may have been cancelled, or the link is incomplete.
        </EmptyState>
      </section>
    )
  }

  return (
    <article className="mx-auto max-w-4xl space-y-6 px-4 py-8 md:py-10">
      <QueryStatus query={query} what="this session" skeleton={<PageSkeleton label="Loading session" />} label="Loading session">
        {(s) => (
          <>
            <div className="overflow-hidden rounded-[var(--radius-card)]">
              <SessionThumbnail session={s} className="max-h-80" />
            </div>
            <header className="space-y-3">
              <div className="flex flex-wrap items-center gap-2">
                <LiveOrCountdown session={s} now={now} />
                <StatusChip>{s.category}</StatusChip>
                {s.status === 'cancelled' ? <StatusChip tone="danger">Cancelled</StatusChip> : null}
                {s.status === 'completed' ? <StatusChip>Completed</StatusChip> : null}
              </div>
              <h1 className="text-3xl font-extrabold text-primary md:text-4xl">{s.title}</h1>
              <Link to={`/mentors/${s.mentor.user_id}`} className="inline-flex items-center gap-3 rounded-full pr-3 hover:bg-accent-soft">
                <Avatar name={s.mentor.name} src={s.mentor.avatar_url} size={44} />
                <span className="text-lg font-semibold text-ink">{s.mentor.name}</span>
                {s.mentor.is_demo ? <StatusChip>Demo</StatusChip> : null}
              </Link>
            </header>
            <div className="glass grid gap-4 rounded-[var(--radius-card)] p-5 sm:grid-cols-2 md:grid-cols-4">
              <Fact label="Starts">
                <time dateTime={s.starts_at}>{formatDateTime(s.starts_at, tz, { dateStyle: 'full', timeStyle: 'short' })}</time>
              </Fact>
              <Fact label="Duration">{formatDuration(s.duration_min)}</Fact>
              <Fact label="Price">
                <span className="text-xl font-bold text-primary">{priceText(s.price_paise)}</span>
              </Fact>
              <Fact label="Seats">{seatsText(s)}</Fact>
            </div>
            {s.topics.length ? (
              <section aria-labelledby="topics-heading" className="space-y-2">
                <h2 id="topics-heading" className="text-xl font-bold text-ink">
                  Topics covered
                </h2>
                <ul className="flex flex-wrap gap-2">
                  {s.topics.map((t) => (
                    <li key={t} className="rounded-full bg-primary-soft px-3 py-1 text-base font-medium text-primary">
                      {t}
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            {s.description ? (
              <section aria-labelledby="about-heading" className="space-y-2">
                <h2 id="about-heading" className="text-xl font-bold text-ink">
                  About this session
                </h2>
                <p className="whitespace-pre-line text-lg text-ink">{s.description}</p>
              </section>
            ) : null}
            {s.refund_policy ? (
              <section aria-labelledby="policy-heading" className="space-y-1">
                <h2 id="policy-heading" className="text-base font-semibold text-ink">
                  Cancellation &amp; refunds
                </h2>
                <p className="text-base text-ink-muted">{s.refund_policy}</p>
              </section>
            ) : null}
            {s.status === 'scheduled' || s.status === 'live' ? (
              <div className="glass sticky bottom-20 flex items-center justify-between gap-4 rounded-[var(--radius-card)] p-4 md:bottom-4">
                <div>
                  <p className="text-xl font-bold text-primary">{priceText(s.price_paise)}</p>
                  <p className="text-base text-ink-muted">{seatsText(s)}</p>
                </div>
                <Button variant="cta" size="lg" disabled={s.seats_left <= 0} onClick={() => book(s)}>
                  Book ➤
                </Button>
              </div>
            ) : null}
          </>
        )}
      </QueryStatus>
      {sheet}
    </article>
  )
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="space-y-0.5">
      <p className="text-base font-semibold text-ink-muted md:text-sm">{label}</p>
      <div className="text-base text-ink">{children}</div>
    </div>
  )
}
