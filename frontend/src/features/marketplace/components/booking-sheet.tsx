import { useState, type ReactNode } from 'react'
import { useCheckout, type CheckoutProblem } from '@/hooks/use-checkout'
import { useNow } from '@/hooks/use-now'
import { Link } from 'react-router'
import { ApiError, errorMessage } from '@/lib/api-client'
import { useSession, useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import type { Booking, Session } from '@/lib/marketplace-types'
import { formatDuration } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { BottomSheet } from '@/components/ui/bottom-sheet'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { useBookSession } from '../api/book-session'
import { useSessionDetail } from '../api/get-session'
import { OUTCOME_TEXT, priceText, seatsText } from '../utils/session-text'

const ACTIVITY = '/dashboard/learner/activity'

/**
 * The booking bottom sheet (spec 000 §9.1): what is being booked, free or the
 * price, the refund policy (from GET /sessions/{id}), then "Confirm ➤" →
 * POST /sessions/{id}/book. The outcome replaces the form; a 409 is shown as
 * the API words it. A paid session's held seat goes straight on to Checkout
 * (hooks/use-checkout); "Pay now ➤" reopens it if that did not start.
 */
export function BookingSheet({ session, onClose }: { session: Session | null; onClose: () => void }) {
  if (!session) return null
  return <Sheet key={session.session_id} session={session} onClose={onClose} />
}

function Sheet({ session, onClose }: { session: Session; onClose: () => void }) {
  const me = useSession()
  const tz = useTimezone()
  const detail = useSessionDetail(session.session_id)
  const book = useBookSession()
  const checkout = useCheckout()
  const [outcome, setOutcome] = useState<Booking | null>(null)
  const [problem, setProblem] = useState<{ message: string; code: string } | null>(null)

  const s = detail.data ?? session
  const policy = detail.data?.refund_policy
  const isLearner = me?.user.role === 'learner'
  const soldOut = s.seats_left <= 0
  const closed = s.status === 'completed' || s.status === 'cancelled'

  const pay = (booking: Booking) =>
    checkout.payBooking({ booking_id: booking.booking_id, title: booking.session.title, hold_expires_at: booking.hold_expires_at }, ACTIVITY)

  const confirm = async () => {
    setProblem(null)
    try {
      const booking = await book.mutateAsync(s.session_id)
      setOutcome(booking)
      if (booking.status === 'confirmed') showToast(OUTCOME_TEXT.confirmed, { tone: 'success', detail: s.title, outcome: 'booking_confirmed' })
      else if (booking.status === 'pending_payment') void pay(booking)
      else if (booking.status === 'pending_approval') showToast(OUTCOME_TEXT.pending_approval, { tone: 'info', outcome: 'booking_pending_approval' })
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'error'
      setProblem({ message: errorMessage(err, 'The booking did not go through. Please try again.'), code })
      void detail.refetch()
    }
  }

  return (
    <BottomSheet
      open
      onClose={onClose}
      title={outcome ? 'Your booking' : 'Book this session'}
      description={s.title}
      className="md:mx-auto md:max-w-xl"
    >
      {outcome ? (
        <Outcome
          booking={outcome}
          timezone={tz}
          onClose={onClose}
          payment={{ busy: checkout.busy, problem: checkout.problem, pay: () => void pay(outcome) }}
        />
      ) : (
        <div className="space-y-5">
          <dl className="grid grid-cols-2 gap-4">
            <Item label="Mentor">{s.mentor.name}</Item>
            <Item label="When">
              <time dateTime={s.starts_at}>{formatDateTime(s.starts_at, tz)}</time>
              <span className="block text-ink-muted">{formatDuration(s.duration_min)}</span>
            </Item>
            <Item label="Price">
              <span className="text-xl font-bold text-primary">{priceText(s.price_paise)}</span>
            </Item>
            <Item label="Seats">{seatsText(s)}</Item>
          </dl>
          {s.topics.length ? (
            <ul aria-label="Topics" className="flex flex-wrap gap-2">
              {s.topics.map((t) => (
                <li key={t} className="rounded-full bg-primary-soft px-3 py-1 text-base font-medium text-primary">
                  {t}
                </li>
              ))}
            </ul>
          ) : null}
          {s.requires_approval ? (
            <p className="rounded-[var(--radius-control)] bg-primary-soft px-3 py-2 text-base text-primary" data-testid="approval-policy">
              {s.approval_policy ?? "The mentor approves each booking; you'll be notified when they answer."}
            </p>
          ) : s.price_paise > 0 ? (
            <p className="text-base text-ink-muted">
              Your seat is held for 15 minutes while you pay. An unpaid hold is released automatically.
            </p>
          ) : null}
          <section aria-labelledby="refund-policy-heading" className="space-y-1">
            <h3 id="refund-policy-heading" className="text-base font-semibold text-ink">
              Cancellation &amp; refunds
            </h3>
            {policy ? (
              <>
                <RefundIfCancelled session={s} timezone={tz} />
                <p className="text-base text-ink-muted" data-testid="refund-policy">
                  {policy}
                </p>
              </>
            ) : detail.isError ? (
              <p className="text-base text-danger">
                Couldn't load the refund policy.{' '}
                <button type="button" className="font-semibold underline" onClick={() => void detail.refetch()}>
                  Retry?
                </button>
              </p>
            ) : (
              <div aria-busy="true" className="space-y-2">
                <span className="sr-only">Loading the refund policy…</span>
                <Skeleton className="h-4 w-full" />
                <Skeleton className="h-4 w-3/4" />
              </div>
            )}
          </section>
          {problem ? (
            <div role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
              <p className="font-semibold">{problem.message}</p>
              {problem.code === 'already_booked' ? (
                <Link to={ACTIVITY} className="font-semibold text-primary underline underline-offset-4">
                  See it in My Activity
                </Link>
              ) : null}
            </div>
          ) : null}
          {!isLearner ? (
            <p className="rounded-[var(--radius-control)] bg-warning-soft px-3 py-2 text-base text-ink">
              Bookings are made from a learner account. You're signed in as {me?.user.role === 'admin' ? 'an admin' : 'a mentor'}.
            </p>
          ) : closed ? (
            <p className="text-base font-semibold text-danger">This session can no longer be booked.</p>
          ) : (
            // Pinned to the bottom of the sheet: "Confirm ➤" is in view without scrolling on a phone.
            <div className="sticky bottom-0 -mx-5 -mb-5 border-t border-line bg-surface px-5 pb-[max(1.25rem,env(safe-area-inset-bottom))] pt-3" data-testid="sheet-actions">
              <Button
                variant="cta"
                size="lg"
                className="w-full"
                loading={book.isPending}
                disabled={!policy || soldOut}
                onClick={() => void confirm()}
              >
                Confirm ➤
              </Button>
            </div>
          )}
        </div>
      )}
    </BottomSheet>
  )
}

/** What cancelling would give back, said before booking: a session already inside the
 *  full-refund window can never be refunded, and the learner must know that first. */
export function RefundIfCancelled({ session, timezone }: { session: Session; timezone: string }) {
  const now = useNow(30_000)
  if (session.price_paise <= 0) return null
  const until = Date.parse(session.full_refund_until)
  if (now < until) {
    return (
      <p className="text-base font-medium text-ink" data-testid="refund-now">
        Cancel before <time dateTime={session.full_refund_until}>{formatDateTime(session.full_refund_until, timezone)}</time> and
        you get {priceText(session.price_paise)} back in full.
      </p>
    )
  }
  return (
    <p role="note" className="rounded-[var(--radius-control)] bg-warning-soft px-3 py-2 text-base font-medium text-ink" data-testid="refund-now">
      This session starts soon: if you book it and then cancel, nothing is refunded.
    </p>
  )
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="space-y-0.5">
      <dt className="text-base font-semibold text-ink-muted md:text-sm">{label}</dt>
      <dd className="text-base text-ink">{children}</dd>
    </div>
  )
}

interface PaymentState {
  busy: boolean
  problem: CheckoutProblem | null
  pay: () => void
}

function Outcome({ booking, timezone, onClose, payment }: { booking: Booking; timezone: string; onClose: () => void; payment: PaymentState }) {
  const when = formatDateTime(booking.session.starts_at, timezone)
  let heading: string
  let text: ReactNode
  if (booking.status === 'confirmed') {
    heading = OUTCOME_TEXT.confirmed
    text = `You're in: ${booking.session.title}, ${when}. “Join ➤” appears in My Activity 15 minutes before the start.`
  } else if (booking.status === 'pending_payment') {
    heading = OUTCOME_TEXT.pending_payment
    text = (
      <>
        {booking.hold_expires_at ? (
          <>
            Your seat is held until <time dateTime={booking.hold_expires_at}>{formatDateTime(booking.hold_expires_at, timezone, { timeStyle: 'short' })}</time>.{' '}
          </>
        ) : null}
        {payment.busy ? 'Opening secure checkout…' : "If the payment isn't completed in time, the seat is released automatically."}
      </>
    )
  } else if (booking.status === 'pending_approval') {
    heading = OUTCOME_TEXT.pending_approval
    const by = booking.approval_due_at ? ` by ${formatDateTime(booking.approval_due_at, timezone)}` : ''
    text = booking.amount_paise > 0
      ? `Paid ✔ ${booking.session.mentor.name} answers${by}. If they decline or don't answer, you're refunded in full automatically.`
      : `${booking.session.mentor.name} approves each booking${by}. We'll notify you as soon as they answer.`
  } else {
    heading = 'Booking received'
    text = 'Its status is in My Activity.'
  }
  return (
    <div role="status" className="space-y-4">
      <p className="text-2xl font-bold text-primary">{heading}</p>
      <p className="text-base text-ink">{text}</p>
      {booking.status === 'pending_payment' && payment.problem ? (
        <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
          {payment.problem.message}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-3">
        {booking.status === 'pending_payment' ? (
          <Button variant="cta" loading={payment.busy} onClick={payment.pay}>
            Pay now ➤
          </Button>
        ) : null}
        <Link
          to={ACTIVITY}
          className="lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-primary px-4 font-semibold text-white hover:bg-primary-hover"
        >
          Go to My Activity ➤
        </Link>
        <Button variant="secondary" onClick={onClose}>
          Done
        </Button>
      </div>
    </div>
  )
}
