import { errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import { formatDateTime, formatINR } from '@/lib/format'
import type { Booking } from '@/lib/marketplace-types'
import { showToast } from '@/lib/toast'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { CalendarIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { useDecideBooking, useDeskApprovals } from '../api/mentor-requests'

/** Bookings waiting for the mentor's approval: Accept / Reject, one click each. */
export function ApprovalsList() {
  const approvals = useDeskApprovals()
  const items = approvals.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryStatus query={approvals} what="approvals">
      {() =>
        items.length ? (
          <>
            <ul className="space-y-3">
              {items.map((b) => (
                <li key={b.booking_id}>
                  <ApprovalRow booking={b} />
                </li>
              ))}
            </ul>
            <InfiniteFooter
              hasNextPage={approvals.hasNextPage}
              isFetchingNextPage={approvals.isFetchingNextPage}
              fetchNextPage={approvals.fetchNextPage}
            />
          </>
        ) : (
          <EmptyState title="No bookings waiting for approval" icon={<CalendarIcon size={32} />}>
            Sessions that need your approval list their new bookings here.
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}

function ApprovalRow({ booking }: { booking: Booking }) {
  const tz = useTimezone()
  const decide = useDecideBooking()
  const id = `approval-${booking.booking_id}`
  const act = async (decision: 'approve' | 'reject') => {
    try {
      await decide.mutateAsync({ id: booking.booking_id, decision })
      showToast(decision === 'approve' ? 'Approved ✔' : 'Booking rejected', {
        tone: decision === 'approve' ? 'success' : 'info',
        detail: decision === 'approve' ? `${booking.learner.name} is booked.` : `${booking.learner.name} is refunded in full.`,
      })
    } catch (err) {
      showToast(errorMessage(err), { tone: 'error' })
    }
  }
  const pending = decide.isPending ? decide.variables?.decision : undefined
  return (
    <article aria-labelledby={id} className="glass flex flex-wrap items-center justify-between gap-3 rounded-[var(--radius-card)] p-4">
      <div>
        <h3 id={id} className="text-base font-bold text-ink">
          {booking.learner.name} → {booking.session.title}
        </h3>
        <p className="text-base text-ink-muted">
          {formatDateTime(booking.session.starts_at, tz)} · {booking.amount_paise ? formatINR(booking.amount_paise) : 'Free'}
        </p>
      </div>
      <div className="flex gap-2">
        <Button variant="cta" aria-describedby={id} loading={pending === 'approve'} disabled={decide.isPending} onClick={() => void act('approve')}>
          Accept
        </Button>
        <Button variant="secondary" aria-describedby={id} loading={pending === 'reject'} disabled={decide.isPending} onClick={() => void act('reject')}>
          Reject
        </Button>
      </div>
    </article>
  )
}
