import { useId } from 'react'
import { Link } from 'react-router'
import { cn } from '@/lib/cn'
import { formatDateTime } from '@/lib/format'
import type { Seat, Session } from '@/lib/marketplace-types'
import { roomOccupancyText, useMentorEnteredAt, useSessionLive } from '@/lib/public-live'
import { canJoin } from '@/lib/session-window'
import { formatCountdown, formatDuration } from '@/lib/timezone'
import { Button } from '@/components/ui/button'
import { LiveBadge, StatusChip } from '@/components/ui/status-chip'
import { useMySeat } from '../api/get-seats'
import { priceText, seatsText } from '../utils/session-text'
import { SessionThumbnail } from './session-thumbnail'

/** "● Live" when live, otherwise the countdown to the start. */
export function LiveOrCountdown({ session, now }: { session: Session; now: number }) {
  if (session.status === 'live') return <LiveBadge />
  const ms = Date.parse(session.starts_at) - now
  if (ms <= 0) return <StatusChip tone="info">Starting now</StatusChip>
  return <StatusChip tone="info">{formatCountdown(ms)}</StatusChip>
}

/**
 * A session card: thumbnail, live badge or countdown, title (a link to the
 * session), mentor, date/time in the viewer's timezone, price, seats left and
 * "Book ➤" — or, for a learner who holds a seat, "Booked" with "Join ➤" once
 * the room is open (15 minutes before the start).
 */
export function SessionCard({
  session: listed,
  now,
  timezone,
  onBook,
  className,
}: {
  session: Session
  now: number
  timezone: string
  onBook: (session: Session) => void
  className?: string
}) {
  const titleId = useId()
  // Seats and status as `public:live` last counted them (the list may be older).
  const live = useSessionLive(listed.session_id)
  const session: Session = live ? { ...listed, seats_left: live.seats_left, status: live.status } : listed
  const soldOut = session.seats_left <= 0
  const seat = useMySeat(session.session_id)
  return (
    <article
      aria-labelledby={titleId}
      className={cn('lift glass flex h-full flex-col overflow-hidden rounded-[var(--radius-card)]', className)}
    >
      <div className="relative">
        <SessionThumbnail session={session} />
        <div className="absolute left-3 top-3">
          <LiveOrCountdown session={session} now={now} />
        </div>
      </div>
      <div className="flex flex-1 flex-col gap-2 p-4">
        <h3 id={titleId} className="text-lg font-bold leading-snug text-ink">
          <Link to={`/sessions/${session.session_id}`} className="hover:text-primary hover:underline">
            {session.title}
          </Link>
        </h3>
        <p className="text-base text-ink-muted">
          with <span className="font-medium text-ink">{session.mentor.name}</span>
          {session.mentor.is_demo ? (
            <StatusChip className="ml-2">Demo</StatusChip>
          ) : null}
        </p>
        {live && session.status === 'live' ? (
          <p data-testid="room-occupancy" className="text-base font-medium text-cta-strong">
            {roomOccupancyText(live)}
          </p>
        ) : null}
        <p className="text-base text-ink">
          <time dateTime={session.starts_at}>{formatDateTime(session.starts_at, timezone)}</time>
          <span className="text-ink-muted"> · {formatDuration(session.duration_min)}</span>
        </p>
        <div className="mt-auto flex items-center justify-between gap-2 pt-2">
          <div className="flex flex-col">
            <span className="text-lg font-bold text-primary">{priceText(session.price_paise)}</span>
            <span className={cn('text-base md:text-sm', soldOut ? 'font-semibold text-danger' : 'text-ink-muted')}>
              {seatsText(session)}
            </span>
          </div>
          {seat ? (
            <SeatAction session={session} seat={seat} now={now} titleId={titleId} />
          ) : (
            <Button variant="cta" aria-describedby={titleId} disabled={soldOut} onClick={() => onBook(session)}>
              Book ➤
            </Button>
          )}
        </div>
      </div>
    </article>
  )
}

const actionLink =
  'lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] px-4 font-semibold'

function SeatAction({ session, seat, now, titleId }: { session: Session; seat: Seat; now: number; titleId: string }) {
  const mentorIn = useMentorEnteredAt(session.session_id)
  if (seat.status === 'confirmed') {
    return (
      <div className="flex items-center gap-2">
        <StatusChip tone="success">Booked</StatusChip>
        {seat.room_code && canJoin(session, now) ? (
          <Link
            to={`/session/${seat.room_code}`}
            aria-describedby={titleId}
            data-mentor-in={mentorIn ? 'true' : undefined}
            className={cn(actionLink, 'bg-cta-strong text-white hover:bg-cta-strong-hover', mentorIn !== undefined && 'join-pulse')}
          >
            Join ➤
          </Link>
        ) : null}
      </div>
    )
  }
  return (
    <Link to="/dashboard/learner/activity?type=bookings" aria-describedby={titleId} className={cn(actionLink, 'text-primary hover:bg-accent-soft')}>
      {seat.status === 'pending_payment' ? 'Seat held · Pay ➤' : 'Awaiting approval'}
    </Link>
  )
}
