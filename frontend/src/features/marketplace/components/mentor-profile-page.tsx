import { useEffect, useRef, useState, type ReactNode } from 'react'
import { Link, useParams, useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { isApiError } from '@/lib/api-client'
import { useSession, useTimezone } from '@/lib/auth'
import type { MentorProfileData } from '@/lib/marketplace-types'
import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { MessageLink } from '@/components/ui/message-link'
import { EmptyState } from '@/components/ui/empty-state'
import { CalendarIcon, StarIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { PageSkeleton } from '@/components/ui/skeleton'
import { StatusChip } from '@/components/ui/status-chip'
import { TabList, TabPanel } from '@/components/ui/tabs'
import { useCanMessage } from '../api/can-message'
import { useMentorProfile, useMentorReviews, useMentorSessions } from '../api/get-mentor'
import { useBooking } from '../hooks/use-booking'
import { useRequestIntent } from '../hooks/use-request-intent'
import { Rating } from './rating'
import { RequestForm } from './request-form'
import { SessionGridSkeleton } from './sessions-page'
import { SessionCard } from './session-card'
import { MentorStatus } from '@/components/ui/live-status'

const TABS = [
  { id: 'about', label: 'About' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'reviews', label: 'Reviews' },
]

/**
 * /mentors/:mentorId (spec 000 §10.7): hero, tabs [About, Sessions, Reviews]
 * and the inline "Request Live ➤" form. `?request=1` opens the form (Quick
 * Request, or the return from signup).
 */
export function MentorProfilePage() {
  const { mentorId = '' } = useParams()
  const query = useMentorProfile(mentorId)
  usePageTitle(query.data?.name ?? 'Mentor')
  if (query.isError && isApiError(query.error, 'not_found')) {
    return (
      <section className="mx-auto max-w-3xl px-4 py-12">
        <EmptyState
          title="Mentor not found"
          action={
            <Link to="/mentors" className="font-semibold text-primary underline underline-offset-4">
              Browse mentors
            </Link>
          }
        />
      </section>
    )
  }
  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8 md:py-10">
      <QueryStatus query={query} what="this mentor" skeleton={<PageSkeleton label="Loading mentor" />} label="Loading mentor">
        {(mentor) => <Profile mentor={mentor} />}
      </QueryStatus>
    </div>
  )
}

function Profile({ mentor }: { mentor: MentorProfileData }) {
  const session = useSession()
  const askToSignUp = useRequestIntent()
  const [params, setParams] = useSearchParams()
  const [tab, setTab] = useState(params.get('tab') === 'sessions' || params.get('tab') === 'reviews' ? params.get('tab')! : 'about')
  const isLearner = session?.user.role === 'learner'
  const canMessage = useCanMessage(mentor.user_id, isLearner)
  // ?request=1 (Quick Request ➤, or back from signup) opens the form.
  const wantsForm = params.get('request') === '1'
  const [requesting, setRequesting] = useState(() => wantsForm && isLearner)
  const formRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!wantsForm) return
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        next.delete('request')
        return next
      },
      { replace: true },
    )
  }, [wantsForm, setParams])
  useEffect(() => {
    if (requesting) formRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus()
  }, [requesting])

  const openRequest = () => {
    if (!session) askToSignUp(mentor)
    else setRequesting(true)
  }

  return (
    <>
      <header className="glass flex flex-col gap-5 rounded-[var(--radius-card)] p-6 sm:flex-row sm:items-center">
        <Avatar name={mentor.name} src={mentor.avatar_url} size={112} />
        <div className="flex-1 space-y-2">
          <h1 className="text-3xl font-extrabold text-primary">
            {mentor.name}
            {mentor.is_demo ? <StatusChip className="ml-2 align-middle">Demo</StatusChip> : null}
          </h1>
          <MentorStatus mentorId={mentor.user_id} />
          <Rating rating={mentor.rating} />
          {mentor.domains.length ? (
            <ul aria-label="Domains" className="flex flex-wrap gap-2">
              {mentor.domains.map((d) => (
                <li key={d} className="rounded-full bg-primary-soft px-3 py-1 text-base font-medium text-primary">
                  {d}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {session && !isLearner ? (
          <p className="max-w-48 text-base text-ink-muted">Live requests are sent from a learner account.</p>
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            {canMessage ? <MessageLink role="learner" peerId={mentor.user_id} name={mentor.name} /> : null}
            <Button variant="cta" size="lg" aria-expanded={requesting} onClick={() => (requesting ? setRequesting(false) : openRequest())}>
              Request Live ➤
            </Button>
          </div>
        )}
      </header>
      {requesting && isLearner ? (
        <div ref={formRef}>
          <RequestForm mentor={mentor} domains={mentor.domains} onCancel={() => setRequesting(false)} />
        </div>
      ) : null}
      <TabList items={TABS} value={tab} onChange={setTab} label="Mentor profile" idPrefix="mentor-profile" />
      <TabPanel idPrefix="mentor-profile" id={tab}>
        {tab === 'about' ? <About mentor={mentor} /> : null}
        {tab === 'sessions' ? <MentorSessionsTab mentor={mentor} /> : null}
        {tab === 'reviews' ? <ReviewsTab mentorId={mentor.user_id} /> : null}
      </TabPanel>
    </>
  )
}

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h2 className="text-xl font-bold text-ink">{title}</h2>
      {children}
    </section>
  )
}

function About({ mentor }: { mentor: MentorProfileData }) {
  return (
    <div className="space-y-6">
      <Block title="Bio">
        <p className="whitespace-pre-line text-lg text-ink">{mentor.bio || 'No bio yet.'}</p>
      </Block>
      {mentor.skills.length ? (
        <Block title="Skills">
          <ul className="flex flex-wrap gap-2">
            {mentor.skills.map((s) => (
              <li key={s} className="rounded-full border border-line bg-surface px-3 py-1 text-base text-ink">
                {s}
              </li>
            ))}
          </ul>
        </Block>
      ) : null}
      {mentor.qualifications ? (
        <Block title="Qualifications">
          <p className="whitespace-pre-line text-base text-ink">{mentor.qualifications}</p>
        </Block>
      ) : null}
      {mentor.certifications.length ? (
        <Block title="Certifications">
          <ul className="list-inside list-disc text-base text-ink">
            {mentor.certifications.map((c) => (
              <li key={c}>{c}</li>
            ))}
          </ul>
        </Block>
      ) : null}
      {mentor.intro_video_url ? (
        <Block title="Intro video">
          <video src={mentor.intro_video_url} controls preload="metadata" className="w-full max-w-2xl rounded-[var(--radius-card)] bg-ink" aria-label={`Intro video from ${mentor.name}`} />
        </Block>
      ) : null}
      <p className="text-base text-ink-muted">Teaches from the {mentor.timezone} timezone; times on PeerLearn are shown in yours.</p>
    </div>
  )
}

function MentorSessionsTab({ mentor }: { mentor: MentorProfileData }) {
  const sessions = useMentorSessions(mentor.user_id, true)
  const tz = useTimezone()
  const now = useNow(30_000)
  const { book, sheet } = useBooking()
  const items = sessions.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <>
      <QueryStatus query={sessions} what="sessions" skeleton={<SessionGridSkeleton />}>
        {() =>
          items.length ? (
            <>
              <ul aria-label={`Sessions by ${mentor.name}`} className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
                {items.map((s) => (
                  <li key={s.session_id}>
                    <SessionCard session={s} now={now} timezone={tz} onBook={book} />
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
            <EmptyState title={`${mentor.name} has no upcoming sessions`} icon={<CalendarIcon size={32} />}>
              Request a live session at a time that suits you with “Request Live ➤”.
            </EmptyState>
          )
        }
      </QueryStatus>
      {sheet}
    </>
  )
}

function ReviewsTab({ mentorId }: { mentorId: string }) {
  const reviews = useMentorReviews(mentorId, true)
  const items = reviews.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryStatus query={reviews} what="reviews">
      {() =>
        items.length ? (
          <ul className="space-y-3">
            {items.map((r) => (
              <li key={r.review_id} className="glass rounded-[var(--radius-card)] p-4">
                <p className="font-semibold text-ink">
                  <span role="img" aria-label={`Rated ${r.rating} out of 5`}>
                    {'★'.repeat(r.rating)}
                  </span>{' '}
                  <span className="text-ink-muted">— {r.learner.name}</span>
                </p>
                <p className="text-base text-ink">{r.comment}</p>
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title="No reviews yet" icon={<StarIcon size={32} />}>
            Reviews appear here after learners rate their sessions.
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}
