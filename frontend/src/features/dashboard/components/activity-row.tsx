import { useState } from 'react'
import { Link } from 'react-router'
import { LEARNER_ACTIVITY_PATH, useCheckout } from '@/hooks/use-checkout'
import { errorMessage } from '@/lib/api-client'
import { cn } from '@/lib/cn'
import { formatDateTime, formatINR } from '@/lib/format'
import type { ActivityItem, Booking, LiveRequest } from '@/lib/marketplace-types'
import { useMentorEnteredAt } from '@/lib/public-live'
import { canJoin, isOver } from '@/lib/session-window'
import { formatDuration } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { Button } from '@/components/ui/button'
import { MessageLink } from '@/components/ui/message-link'
import { Modal } from '@/components/ui/modal'
import { LiveBadge, StatusChip } from '@/components/ui/status-chip'
import { FormAlert } from '@/components/ui/form-alert'
import { useCancelBooking, useRequestAction, type RequestAction } from '../api/learner-activity'
import { BOOKING_CHIPS, REQUEST_CHIPS } from '../utils/status'
import { GiftDialog } from './gift-dialog'
import { ReportProblemDialog } from './report-problem-dialog'

const money = (paise: number) => (paise === 0 ? 'Free' : formatINR(paise))
const joinClass =
  'lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover'

/** One row of the learner's activity feed: a request or a booking, with its chip and actions. */
export function ActivityRow({ item, now, timezone }: { item: ActivityItem; now: number; timezone: string }) {
  return item.kind === 'request' ? (
    <RequestRow request={item.request} seat={item.booking_status ?? null} timezone={timezone} />
  ) : (
    <BookingRow booking={item.booking} now={now} timezone={timezone} />
  )
}

const ACTION_TOASTS: Record<RequestAction, { message: string; tone: 'success' | 'info'; detail?: string }> = {
  'accept-offer': { message: 'Confirmed ✔', tone: 'success', detail: 'Your session is booked — it is listed under Bookings.' },
  'decline-offer': { message: 'Offer declined', tone: 'info' },
  withdraw: { message: 'Request withdrawn', tone: 'info' },
}

function RequestRow({ request, seat, timezone }: { request: LiveRequest; seat: Booking['status'] | null; timezone: string }) {
  const action = useRequestAction()
  const checkout = useCheckout()
  const price = request.offer?.budget_paise ?? request.budget_paise
  const [problem, setProblem] = useState<string | null>(null)
  const chip = REQUEST_CHIPS[request.status]
  const id = `activity-request-${request.request_id}`
  const run = async (a: RequestAction) => {
    setProblem(null)
    try {
      const updated = await action.mutateAsync({ id: request.request_id, action: a })
      if (a === 'accept-offer' && price > 0 && updated.booking_id) {
        // A paid offer holds the seat like a paid booking: straight on to Checkout.
        showToast('Accepted ✔', { tone: 'success', detail: 'Pay to confirm your seat — opening checkout.', outcome: 'request_accepted' })
        const started = await checkout.payBooking({ booking_id: updated.booking_id, title: updated.title }, LEARNER_ACTIVITY_PATH)
        if (!started) setProblem('The session is in your bookings — use "Pay now ➤" there to confirm it.')
        return
      }
      const t = ACTION_TOASTS[a]
      showToast(t.message, { tone: t.tone, detail: t.detail, outcome: a === 'accept-offer' ? 'request_accepted' : undefined })
    } catch (err) {
      setProblem(errorMessage(err))
    }
  }
  const busy = action.isPending ? action.variables?.action : undefined
  return (
    <article aria-labelledby={id} data-testid="activity-row" className="glass space-y-3 rounded-[var(--radius-card)] p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-base font-medium text-ink-muted md:text-sm">Request</p>
          <h3 id={id} className="text-lg font-bold text-ink">
            {request.title}
          </h3>
          <p className="text-base text-ink-muted">
            to <span className="font-medium text-ink">{request.mentor.name}</span> · {request.domain}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <MessageLink role="learner" peerId={request.mentor.user_id} name={request.mentor.name} />
          <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
        </div>
      </div>
      <p className="text-base text-ink">
        You proposed <time dateTime={request.proposed_at}>{formatDateTime(request.proposed_at, timezone)}</time> ·{' '}
        {formatDuration(request.duration_min)} · {money(request.budget_paise)}
      </p>
      {request.status === 'offered' && request.offer ? (
        <div className="rounded-[var(--radius-control)] bg-primary-soft px-3 py-2 text-base text-primary">
          <p className="font-semibold">
            {request.mentor.name} suggests <time dateTime={request.offer.proposed_at}>{formatDateTime(request.offer.proposed_at, timezone)}</time> for{' '}
            {money(request.offer.budget_paise)}.
          </p>
          {request.offer.message ? <p className="text-ink">“{request.offer.message}”</p> : null}
        </div>
      ) : null}
      {request.status === 'declined' && request.decline_reason ? (
        <p className="text-base text-ink">
          <span className="font-semibold">Reason:</span> {request.decline_reason}
        </p>
      ) : null}
      {request.status === 'accepted' ? (
        <p className="text-base text-success">
          {seat === 'pending_payment'
            ? 'Accepted — the session is in your bookings; pay there ("Pay now ➤") to confirm your seat.'
            : 'Accepted — the session is in your bookings.'}
        </p>
      ) : null}
      <FormAlert>{problem}</FormAlert>
      {request.status === 'offered' || request.status === 'pending' ? (
        <div className="flex flex-wrap gap-2">
          {request.status === 'offered' ? (
            <>
              <Button
                variant="cta"
                aria-describedby={id}
                loading={busy === 'accept-offer' || checkout.busy}
                disabled={action.isPending}
                onClick={() => void run('accept-offer')}
              >
                Confirm ➤
              </Button>
              <Button variant="secondary" aria-describedby={id} loading={busy === 'decline-offer'} disabled={action.isPending} onClick={() => void run('decline-offer')}>
                Decline offer
              </Button>
            </>
          ) : null}
          <Button variant="ghost" aria-describedby={id} loading={busy === 'withdraw'} disabled={action.isPending} onClick={() => void run('withdraw')}>
            Withdraw
          </Button>
        </div>
      ) : null}
    </article>
  )
}

const CANCELLABLE = new Set(['pending_payment', 'pending_approval', 'confirmed'])
const GIFTABLE = new Set(['confirmed', 'completed'])

function BookingRow({ booking, now, timezone }: { booking: Booking; now: number; timezone: string }) {
  const [cancelling, setCancelling] = useState(false)
  const [gifting, setGifting] = useState(false)
  const [reporting, setReporting] = useState(false)
  const checkout = useCheckout()
  const s = booking.session
  const chip = BOOKING_CHIPS[booking.status]
  const id = `activity-booking-${booking.booking_id}`
  const joinable = booking.status === 'confirmed' && canJoin(s, now) && Boolean(s.room_code)
  const mentorIn = useMentorEnteredAt(s.session_id)
  const cancellable = CANCELLABLE.has(booking.status) && !isOver(s, now) && s.status !== 'live'
  const holdOpen = booking.status === 'pending_payment' && (!booking.hold_expires_at || Date.parse(booking.hold_expires_at) > now)
  const giftable = GIFTABLE.has(booking.status)
  // Every completed session keeps its after-session pack (topics, transcript, board, files, recording, attendance).
  const hasPack = s.status === 'completed' && Boolean(s.room_code) && GIFTABLE.has(booking.status)
  return (
    <article aria-labelledby={id} data-testid="activity-row" className="glass space-y-3 rounded-[var(--radius-card)] p-4">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <p className="text-base font-medium text-ink-muted md:text-sm">Booking</p>
          <h3 id={id} className="text-lg font-bold text-ink">
            {s.visibility === 'public' ? (
              <Link to={`/sessions/${s.session_id}`} className="hover:text-primary hover:underline">
                {s.title}
              </Link>
            ) : (
              s.title
            )}
          </h3>
          <p className="text-base text-ink-muted">
            with <span className="font-medium text-ink">{s.mentor.name}</span>
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <MessageLink role="learner" peerId={s.mentor.user_id} name={s.mentor.name} />
          {s.status === 'live' && booking.status === 'confirmed' ? <LiveBadge /> : null}
          <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
        </div>
      </div>
      <p className="text-base text-ink">
        <time dateTime={s.starts_at}>{formatDateTime(s.starts_at, timezone)}</time> · {formatDuration(s.duration_min)} · {money(booking.amount_paise)}
      </p>
      {booking.status === 'pending_payment' && booking.hold_expires_at ? (
        <p className="text-base text-ink">
          {holdOpen ? 'Seat held until' : 'The hold ended at'}{' '}
          <time dateTime={booking.hold_expires_at}>{formatDateTime(booking.hold_expires_at, timezone, { timeStyle: 'short' })}</time>
          {holdOpen ? ' — pay to confirm it.' : '; the seat is released.'}
        </p>
      ) : null}
      {checkout.problem ? (
        <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
          {checkout.problem.message}
        </p>
      ) : null}
      {booking.status === 'pending_approval' ? (
        <p className="text-base text-ink">
          Waiting for the mentor's approval
          {booking.approval_due_at ? (
            <>
              {' '}(until <time dateTime={booking.approval_due_at}>{formatDateTime(booking.approval_due_at, timezone)}</time>)
            </>
          ) : null}
          .{booking.amount_paise > 0 ? " If they decline or don't answer, you're refunded in full." : ''}
        </p>
      ) : null}
      {booking.ended_early ? (
        <p className="text-base text-ink" data-testid="ended-early">
          <StatusChip tone="pending">Ended early</StatusChip> The mentor ended this session before its scheduled length.
        </p>
      ) : null}
      {booking.problem_status === 'open' ? (
        <p className="text-base text-ink">You reported a problem; PeerLearn support is reviewing it.</p>
      ) : booking.problem_status === 'refunded' ? (
        <p className="text-base text-ink">Support upheld your report and refunded you.</p>
      ) : booking.problem_status === 'released' ? (
        <p className="text-base text-ink">Support reviewed your report; the session stands.</p>
      ) : null}
      {booking.status === 'cancelled' && booking.refund_due_paise > 0 ? (
        <p className="text-base text-ink">Refund due: {formatINR(booking.refund_due_paise)}</p>
      ) : null}
      {s.status === 'cancelled' && booking.status !== 'cancelled' ? <p className="text-base text-danger">The mentor cancelled this session.</p> : null}
      {joinable || cancellable || holdOpen || giftable || hasPack || booking.can_report_problem ? (
        <div className="flex flex-wrap gap-2">
          {holdOpen ? (
            <Button
              variant="cta"
              aria-describedby={id}
              loading={checkout.busy}
              onClick={() =>
                void checkout.payBooking({ booking_id: booking.booking_id, title: s.title, hold_expires_at: booking.hold_expires_at }, LEARNER_ACTIVITY_PATH)
              }
            >
              Pay now ➤
            </Button>
          ) : null}
          {joinable ? (
            <Link
              to={`/session/${s.room_code}`}
              aria-describedby={id}
              data-mentor-in={mentorIn ? 'true' : undefined}
              className={cn(joinClass, mentorIn !== undefined && 'join-pulse')}
            >
              Join ➤
            </Link>
          ) : null}
          {hasPack ? (
            <Link to={`/session/${s.room_code}/pack`} aria-describedby={id} className="lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] border border-line bg-surface px-4 font-semibold text-primary hover:bg-accent-soft">
              After-session pack ➤
            </Link>
          ) : null}
          {giftable ? (
            <Button variant="secondary" aria-describedby={id} onClick={() => setGifting(true)}>
              Send a gift
            </Button>
          ) : null}
          {cancellable ? (
            <Button variant="ghost" aria-describedby={id} onClick={() => setCancelling(true)}>
              Cancel booking
            </Button>
          ) : null}
          {booking.can_report_problem ? (
            <Button variant="ghost" aria-describedby={id} onClick={() => setReporting(true)}>
              Report a problem
            </Button>
          ) : null}
        </div>
      ) : null}
      {booking.status === 'confirmed' && canJoin(s, now) && !joinable ? (
        <p className="text-base text-ink-muted">“Join ➤” appears as soon as the mentor opens the room.</p>
      ) : null}
      {gifting ? <GiftDialog booking={booking} onClose={() => setGifting(false)} /> : null}
      {cancelling ? <CancelBookingDialog booking={booking} onClose={() => setCancelling(false)} /> : null}
      {reporting ? <ReportProblemDialog booking={booking} onClose={() => setReporting(false)} /> : null}
    </article>
  )
}

/** What this cancellation refunds, net of anything already given back. */
export function CancelRefundLine({ booking }: { booking: Booking }) {
  const refund = booking.refund_if_cancelled_paise
  const paid = booking.amount_paise - booking.refunded_paise
  return (
    <p className="text-base font-medium text-ink" data-testid="cancel-refund">
      {booking.status === 'pending_payment'
        ? 'Nothing has been charged yet.'
        : refund > 0
          ? `Cancelling now refunds ${formatINR(refund)}${booking.refunded_paise > 0 ? ` (${formatINR(booking.refunded_paise)} was already refunded)` : ''}.`
          : `Cancelling now refunds nothing: you keep no refund of the ${formatINR(paid)} paid.`}
    </p>
  )
}

/** "Cancel booking": the refund policy first, then the confirmation. */
function CancelBookingDialog({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const cancel = useCancelBooking()
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <Modal open onClose={onClose} title="Cancel this booking?" description={booking.session.title} className="max-w-lg">
      <div className="space-y-4">
        <section aria-labelledby={`policy-${booking.booking_id}`} className="space-y-1">
          <h3 id={`policy-${booking.booking_id}`} className="text-base font-semibold text-ink">
            Refund policy
          </h3>
          <p className="text-base text-ink">{booking.refund_policy}</p>
          {booking.amount_paise > 0 ? <CancelRefundLine booking={booking} /> : null}
        </section>
        <FormAlert>{problem}</FormAlert>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Keep booking
          </Button>
          <Button
            variant="danger"
            loading={cancel.isPending}
            onClick={async () => {
              setProblem(null)
              try {
                const b = await cancel.mutateAsync(booking.booking_id)
                showToast('Booking cancelled', {
                  tone: 'info',
                  detail: b.refund_due_paise > 0 ? `${formatINR(b.refund_due_paise)} will be refunded.` : b.amount_paise > 0 ? 'No refund is due under the policy.' : undefined,
                })
                onClose()
              } catch (err) {
                setProblem(errorMessage(err))
              }
            }}
          >
            Cancel booking
          </Button>
        </div>
      </div>
    </Modal>
  )
}
