import { Link } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { formatPaise } from '@/lib/money'
import type { Payment } from '@/lib/payment-types'
import { EmptyState } from '@/components/ui/empty-state'
import { RupeeIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { StatusChip } from '@/components/ui/status-chip'
import { useMyPayments } from '../api/payments'
import { chipFor, PAYMENT_CHIPS } from '../utils/status'
import { MoneyTable, type Column } from './money-table'

const browse =
  'lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover'

/** /dashboard/learner/payments — every payment and gift, newest first. */
export function LearnerPaymentsPage() {
  usePageTitle('Payments')
  const tz = useTimezone()
  const payments = useMyPayments()
  const rows = payments.data?.pages.flatMap((p) => p.items) ?? []
  const columns: Column<Payment>[] = [
    { key: 'session', header: 'Session', cell: (p) => <span className="font-semibold text-ink">{p.session.title}</span> },
    { key: 'mentor', header: 'Mentor', cell: (p) => p.mentor.name },
    {
      key: 'amount',
      header: 'Amount',
      numeric: true,
      cell: (p) => (
        <>
          {formatPaise(p.amount_paise)}
          {p.refunded_paise > 0 ? <span className="block text-ink-muted md:text-sm">{formatPaise(p.refunded_paise)} refunded</span> : null}
        </>
      ),
    },
    { key: 'gift', header: 'Gift', cell: (p) => (p.kind === 'gift' ? <StatusChip tone="info">🎁 Gift</StatusChip> : <span className="text-ink-muted">—</span>) },
    { key: 'date', header: 'Date', cell: (p) => <time dateTime={p.captured_at ?? p.created_at}>{formatDateTime(p.captured_at ?? p.created_at, tz, { dateStyle: 'medium' })}</time> },
    {
      key: 'status',
      header: 'Status',
      cell: (p) => {
        const chip = chipFor(PAYMENT_CHIPS, p.status)
        return <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
      },
    },
  ]
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">Payments</h1>
      <QueryStatus query={payments} what="your payments">
        {() =>
          rows.length ? (
            <>
              <MoneyTable rows={rows} columns={columns} rowKey={(p) => p.order_id} caption="Your payments and gifts" />
              <InfiniteFooter hasNextPage={payments.hasNextPage} isFetchingNextPage={payments.isFetchingNextPage} fetchNextPage={payments.fetchNextPage} />
            </>
          ) : (
            <EmptyState
              title="No payments yet"
              icon={<RupeeIcon size={32} />}
              action={
                <Link to="/sessions" className={browse}>
                  Browse sessions
                </Link>
              }
            >
              Paid bookings and gifts to your mentors are listed here with their receipts' status.
            </EmptyState>
          )
        }
      </QueryStatus>
    </div>
  )
}
