import { useState } from 'react'
import { Link } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { formatPaise } from '@/lib/money'
import type { EarningsSummary, Payment } from '@/lib/payment-types'
import { showToast } from '@/lib/toast'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { RupeeIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { StatusChip } from '@/components/ui/status-chip'
import { InfoTip } from '@/components/ui/tooltip'
import { downloadEarningsCsv, useEarnings, useEarningsSeries } from '../api/earnings'
import { chipFor, EARNING_CHIPS, PAYMENT_CHIPS } from '../utils/status'
import { EarningsChart } from './earnings-chart'
import { MoneyTable, StatCard, type Column } from './money-table'
import { WithdrawalsSection } from './withdrawals'

const RANGES = [
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
  { days: 90, label: '90 days' },
  { days: 365, label: '1 year' },
]

/**
 * /dashboard/mentor/earnings: the balance cards, a chart, every payment with
 * the mentor's share (live: earning_* / gift_* / payment_* notifications
 * refresh it, see lib/live-updates), a CSV export, and withdrawals.
 */
export function MentorEarningsPage() {
  usePageTitle('Earnings')
  const earnings = useEarnings()
  const summary = earnings.data?.pages[0]?.summary
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-3xl font-extrabold text-primary">Earnings</h1>
        <CsvButton />
      </div>
      <SummaryCards summary={summary ?? undefined} loading={earnings.isPending} />
      <ChartSection />
      <section aria-labelledby="earnings-table-heading" className="space-y-3">
        <h2 id="earnings-table-heading" className="text-2xl font-bold text-ink">
          Payments
        </h2>
        <EarningsTable earnings={earnings} />
      </section>
      <WithdrawalsSection availablePaise={summary?.available_paise ?? (earnings.data ? 0 : undefined)} />
    </div>
  )
}

function CsvButton() {
  const [busy, setBusy] = useState(false)
  return (
    <Button
      variant="secondary"
      loading={busy}
      onClick={async () => {
        setBusy(true)
        try {
          await downloadEarningsCsv()
        } catch (err) {
          showToast("Couldn't download the CSV", { tone: 'error', detail: errorMessage(err) })
        } finally {
          setBusy(false)
        }
      }}
    >
      Download CSV
    </Button>
  )
}

function SummaryCards({ summary, loading }: { summary: EarningsSummary | undefined; loading: boolean }) {
  if (!summary) {
    return loading ? (
      <div aria-busy="true" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <span className="sr-only">Loading your balance…</span>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} className="h-24" />
        ))}
      </div>
    ) : null
  }
  return (
    <section aria-label="Balance" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard label="Held" value={formatPaise(summary.held_paise)} hint="Released after each session has taken place." />
      <StatCard label="Available to withdraw" tone="success" value={formatPaise(summary.available_paise)} />
      <StatCard label="Payouts pending" value={formatPaise(summary.payouts_pending_paise)} />
      <StatCard label="Withdrawn" value={formatPaise(summary.withdrawn_paise)} hint={`Lifetime earned ${formatPaise(summary.lifetime_paise)} · gifts ${formatPaise(summary.gifts_paise)}`} />
    </section>
  )
}

function ChartSection() {
  const [days, setDays] = useState(30)
  const series = useEarningsSeries(days)
  return (
    <section aria-labelledby="earnings-chart-heading" className="glass space-y-4 rounded-[var(--radius-card)] p-4 md:p-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="earnings-chart-heading" className="flex items-center gap-1 text-2xl font-bold text-ink">
          Earnings over time
          <InfoTip label="About the chart" text="Your 90 % share per day in your timezone; gifts are stacked on top." />
        </h2>
        <div role="group" aria-label="Chart range" className="flex flex-wrap gap-1">
          {RANGES.map((r) => (
            <Button key={r.days} variant={r.days === days ? 'primary' : 'ghost'} aria-pressed={r.days === days} onClick={() => setDays(r.days)}>
              {r.label}
            </Button>
          ))}
        </div>
      </div>
      <QueryStatus query={series} what="the chart" skeleton={<Skeleton className="h-56 w-full" />}>
        {(data) => <EarningsChart days={data.days} />}
      </QueryStatus>
    </section>
  )
}

function EarningsTable({ earnings }: { earnings: ReturnType<typeof useEarnings> }) {
  const tz = useTimezone()
  const rows = earnings.data?.pages.flatMap((p) => p.items) ?? []
  const columns: Column<Payment>[] = [
    { key: 'session', header: 'Session', cell: (p) => <span className="font-semibold text-ink">{p.session.title}</span> },
    { key: 'learner', header: 'Learner', cell: (p) => p.learner.name },
    { key: 'amount', header: 'Amount', numeric: true, cell: (p) => formatPaise(p.amount_paise) },
    {
      key: 'share',
      header: 'Your share',
      numeric: true,
      cell: (p) => (
        <>
          <span className="font-semibold text-success">{formatPaise(p.mentor_paise)}</span>
          {p.refunded_paise > 0 ? <span className="block text-ink-muted md:text-sm">{formatPaise(p.refunded_paise)} refunded</span> : null}
        </>
      ),
    },
    { key: 'gift', header: 'Gifts', cell: (p) => (p.kind === 'gift' ? <StatusChip tone="info">🎁 Gift</StatusChip> : <span className="text-ink-muted">—</span>) },
    { key: 'date', header: 'Date', cell: (p) => <time dateTime={p.captured_at ?? p.created_at}>{formatDateTime(p.captured_at ?? p.created_at, tz, { dateStyle: 'medium' })}</time> },
    {
      key: 'status',
      header: 'Status',
      cell: (p) => {
        // A learner's report keeps the share held until support decides: say so, not just "Held".
        if (p.on_hold) return <StatusChip tone="danger">On hold · problem reported</StatusChip>
        const chip = p.earning_status ? chipFor(EARNING_CHIPS, p.earning_status) : chipFor(PAYMENT_CHIPS, p.status)
        return <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
      },
    },
  ]
  return (
    <QueryStatus query={earnings} what="your earnings">
      {() =>
        rows.length ? (
          <>
            <MoneyTable rows={rows} columns={columns} rowKey={(p) => p.order_id} caption="Your earnings" />
            <InfiniteFooter hasNextPage={earnings.hasNextPage} isFetchingNextPage={earnings.isFetchingNextPage} fetchNextPage={earnings.fetchNextPage} />
          </>
        ) : (
          <EmptyState
            title="No earnings yet"
            icon={<RupeeIcon size={32} />}
            action={
              <Link
                to="/dashboard/mentor/sessions/new"
                className="lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-cta-strong px-4 font-semibold text-white hover:bg-cta-strong-hover"
              >
                Create Session ➤
              </Link>
            }
          >
            When a learner pays for one of your sessions or sends a gift, it appears here at once — 90 % of it is yours.
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}
