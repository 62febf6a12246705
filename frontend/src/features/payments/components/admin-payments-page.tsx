import { useState, type FormEvent } from 'react'
import { usePageTitle } from '@/hooks/use-page-title'
import { ApiError, errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { checkRupees, formatPaise } from '@/lib/money'
import type { Payment, ReconciliationReport } from '@/lib/payment-types'
import { showToast } from '@/lib/toast'
import { TextAreaField } from '@/components/form/field'
import { MoneyField } from '@/components/form/money-field'
import { SelectField } from '@/components/form/select-field'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { RupeeIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { Modal } from '@/components/ui/modal'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { StatusChip } from '@/components/ui/status-chip'
import { FormAlert } from '@/components/ui/form-alert'
import { useAdminPayments, useDeadWebhooks, useReconciliation, useRefund, useReplayWebhook, useRevenue } from '../api/admin'
import { chipFor, PAYMENT_CHIPS } from '../utils/status'
import { MoneyTable, StatCard, type Column } from './money-table'
import { WithdrawalsSection } from './withdrawals'

const STATUS_OPTIONS = [
  { value: '', label: 'All statuses' },
  { value: 'captured', label: 'Paid' },
  { value: 'created', label: 'Awaiting payment' },
  { value: 'failed', label: 'Failed' },
  { value: 'partially_refunded', label: 'Partly refunded' },
  { value: 'refunded', label: 'Refunded' },
] as const

const REFUNDABLE = new Set(['captured', 'partially_refunded'])

/**
 * /dashboard/admin/payments: revenue, every payment with the 90/10 split and
 * a "Refund" action, dead-lettered webhooks with "Replay", the daily
 * reconciliation reports, and the platform's own payout account + withdrawals.
 */
export function AdminPaymentsPage() {
  usePageTitle('Payments')
  const revenue = useRevenue()
  return (
    <div className="space-y-10">
      <h1 className="text-3xl font-extrabold text-primary">Payments</h1>
      <RevenueCards revenue={revenue} />
      <PaymentsSection />
      <DeadWebhooks />
      <Reconciliation />
      <WithdrawalsSection availablePaise={revenue.data ? available(revenue.data) : undefined} owner="the platform's" />
    </div>
  )
}

function available(r: NonNullable<ReturnType<typeof useRevenue>['data']>) {
  return Math.max(0, r.platform_fees_paise - r.platform_payouts_pending_paise - r.platform_withdrawn_paise)
}

function RevenueCards({ revenue }: { revenue: ReturnType<typeof useRevenue> }) {
  return (
    <QueryStatus
      query={revenue}
      what="revenue"
      skeleton={
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-24" />
          ))}
        </div>
      }
    >
      {(r) => (
        <section aria-label="Revenue" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
          <StatCard label="Captured" value={formatPaise(r.captured_paise)} hint="Every payment received" />
          <StatCard label="Platform fees" tone="success" value={formatPaise(r.platform_fees_paise)} hint={`${formatPaise(available(r))} available to withdraw`} />
          <StatCard label="Refunded" value={formatPaise(r.refunded_paise)} />
          <StatCard
            label="Platform withdrawn"
            value={formatPaise(r.platform_withdrawn_paise)}
            hint={`${formatPaise(r.platform_payouts_pending_paise)} in payouts pending`}
          />
        </section>
      )}
    </QueryStatus>
  )
}

function PaymentsSection() {
  const tz = useTimezone()
  const [status, setStatus] = useState('')
  const [refunding, setRefunding] = useState<Payment | null>(null)
  const payments = useAdminPayments(status)
  const rows = payments.data?.pages.flatMap((p) => p.items) ?? []
  const columns: Column<Payment>[] = [
    {
      key: 'session',
      header: 'Session',
      cell: (p) => (
        <span>
          <span className="font-semibold text-ink">{p.session.title}</span>
          {p.kind === 'gift' ? <StatusChip tone="info" className="ml-2">🎁 Gift</StatusChip> : null}
          <span className="block text-ink-muted md:text-sm">
            <time dateTime={p.created_at}>{formatDateTime(p.created_at, tz, { dateStyle: 'medium' })}</time>
          </span>
        </span>
      ),
    },
    // Two facts a cell keeps the table inside a laptop screen next to the sidebar.
    {
      key: 'people',
      header: 'Learner / mentor',
      cell: (p) => (
        <span>
          {p.learner.name}
          <span className="block text-ink-muted md:text-sm">with {p.mentor.name}</span>
        </span>
      ),
    },
    { key: 'amount', header: 'Amount', numeric: true, cell: (p) => formatPaise(p.amount_paise) },
    {
      key: 'split',
      header: 'Mentor / platform',
      numeric: true,
      cell: (p) => (
        <span>
          {formatPaise(p.mentor_paise)}
          <span className="block text-ink-muted md:text-sm">{formatPaise(p.platform_paise)}</span>
        </span>
      ),
    },
    { key: 'refunded', header: 'Refunded', numeric: true, cell: (p) => (p.refunded_paise ? formatPaise(p.refunded_paise) : '—') },
    {
      key: 'status',
      header: 'Status',
      cell: (p) => {
        const chip = chipFor(PAYMENT_CHIPS, p.status)
        return <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
      },
    },
    {
      key: 'actions',
      header: 'Actions',
      cell: (p) =>
        REFUNDABLE.has(p.status) && p.refunded_paise < p.amount_paise ? (
          <Button variant="secondary" aria-label={`Refund ${p.session.title} (${p.learner.name})`} onClick={() => setRefunding(p)}>
            Refund
          </Button>
        ) : (
          <span className="text-ink-muted">—</span>
        ),
    },
  ]
  return (
    <section aria-labelledby="admin-payments-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <h2 id="admin-payments-heading" className="text-2xl font-bold text-ink">
          All payments
        </h2>
        <div className="w-full sm:w-64">
          <SelectField label="Status" value={status} options={STATUS_OPTIONS} onChange={(e) => setStatus(e.target.value)} />
        </div>
      </div>
      <QueryStatus query={payments} what="payments">
        {() =>
          rows.length ? (
            <>
              <MoneyTable rows={rows} columns={columns} rowKey={(p) => p.order_id} caption="All payments" />
              <InfiniteFooter hasNextPage={payments.hasNextPage} isFetchingNextPage={payments.isFetchingNextPage} fetchNextPage={payments.fetchNextPage} />
            </>
          ) : (
            <EmptyState title={status ? 'No payments with this status' : 'No payments yet'} icon={<RupeeIcon size={32} />}>
              {status ? 'Choose "All statuses" to see every payment.' : 'Payments appear here as soon as learners pay for bookings or send gifts.'}
            </EmptyState>
          )
        }
      </QueryStatus>
      {refunding ? <RefundDialog payment={refunding} onClose={() => setRefunding(null)} /> : null}
    </section>
  )
}

/** "Refund": everything not yet refunded, or a part of it, with a reason; 4xx answers shown inline. */
export function RefundDialog({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const refund = useRefund()
  const refundable = payment.amount_paise - payment.refunded_paise
  const [mode, setMode] = useState<'full' | 'partial'>('full')
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [idempotencyKey] = useState(() => crypto.randomUUID())
  const check = checkRupees(amount, { min: 100, max: refundable, maxMessage: (m) => `At most ${formatPaise(m)} can be refunded.` })
  const amountError = mode === 'partial' && (amount || submitted) ? check.error : null
  const reasonError = submitted && reason.trim().length < 3 ? 'Say why this payment is refunded (at least 3 characters).' : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setProblem(null)
    if (reason.trim().length < 3 || (mode === 'partial' && check.paise === null)) return
    try {
      const r = await refund.mutateAsync({
        orderId: payment.order_id,
        amountPaise: mode === 'partial' ? check.paise! : undefined,
        reason: reason.trim(),
        // Changing the amount makes it another refund; the same amount twice is the same one.
        idempotencyKey: `${idempotencyKey}-${mode === 'partial' ? check.paise : 'full'}`,
      })
      showToast('Refund started ✔', { tone: 'success', detail: `${formatPaise(r.amount_paise)} to ${payment.learner.name}` })
      onClose()
    } catch (err) {
      setProblem(err instanceof ApiError ? err.message : errorMessage(err))
    }
  }

  return (
    <Modal open onClose={onClose} title="Refund payment" description={`${payment.session.title} — ${payment.learner.name}`} className="max-w-lg">
      <form noValidate onSubmit={(e) => void submit(e)} className="space-y-4">
        <p className="text-base text-ink">
          Paid {formatPaise(payment.amount_paise)}
          {payment.refunded_paise ? `, ${formatPaise(payment.refunded_paise)} already refunded` : ''}. Refundable:{' '}
          <span className="font-semibold">{formatPaise(refundable)}</span>.
        </p>
        <fieldset className="space-y-2">
          <legend className="text-base font-semibold text-ink">Amount</legend>
          <label className="flex min-h-tap items-center gap-2 text-base text-ink">
            <input type="radio" name="refund-mode" checked={mode === 'full'} onChange={() => setMode('full')} className="size-5 accent-primary" />
            Full refund ({formatPaise(refundable)})
          </label>
          <label className="flex min-h-tap items-center gap-2 text-base text-ink">
            <input type="radio" name="refund-mode" checked={mode === 'partial'} onChange={() => setMode('partial')} className="size-5 accent-primary" />
            Partial refund
          </label>
        </fieldset>
        {mode === 'partial' ? <MoneyField label="Refund amount" value={amount} onChange={setAmount} error={amountError} required autoFocus /> : null}
        <TextAreaField label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={reasonError} maxLength={500} required className="min-h-24" />
        <FormAlert>{problem}</FormAlert>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" loading={refund.isPending}>
            Refund {mode === 'partial' && check.paise ? formatPaise(check.paise) : formatPaise(refundable)}
          </Button>
        </div>
      </form>
    </Modal>
  )
}

function DeadWebhooks() {
  const tz = useTimezone()
  const events = useDeadWebhooks()
  const replay = useReplayWebhook()
  const [problem, setProblem] = useState<{ id: string; text: string } | null>(null)
  return (
    <section aria-labelledby="dead-webhooks-heading" className="space-y-3">
      <h2 id="dead-webhooks-heading" className="text-2xl font-bold text-ink">
        Dead-lettered webhooks
      </h2>
      <QueryStatus query={events} what="webhook events">
        {(data) => {
          const items = data.items.filter((e) => e.status === 'dead')
          return items.length ? (
            <ul className="space-y-2" aria-label="Dead-lettered webhooks">
              {items.map((e) => (
                <li key={e.event_id} className="glass flex flex-wrap items-start justify-between gap-3 rounded-[var(--radius-card)] px-4 py-3">
                  <div className="min-w-0 space-y-0.5">
                    <p className="font-semibold text-ink">
                      {e.event} <span className="font-normal text-ink-muted">· {e.entity_id}</span>
                    </p>
                    <p className="break-words text-base text-danger">{e.error ?? 'Failed without a message.'}</p>
                    <p className="text-base text-ink-muted md:text-sm">
                      Received <time dateTime={e.received_at}>{formatDateTime(e.received_at, tz)}</time> · {e.attempts} attempt{e.attempts === 1 ? '' : 's'} · {e.event_id}
                    </p>
                    {problem?.id === e.event_id ? (
                      <p role="alert" className="text-base text-danger">
                        {problem.text}
                      </p>
                    ) : null}
                  </div>
                  <Button
                    variant="secondary"
                    aria-label={`Replay ${e.event} ${e.event_id}`}
                    loading={replay.isPending && replay.variables === e.event_id}
                    onClick={async () => {
                      setProblem(null)
                      try {
                        await replay.mutateAsync(e.event_id)
                        showToast('Replayed ✔', { tone: 'success', detail: `${e.event} ${e.event_id} is queued again.` })
                      } catch (err) {
                        setProblem({ id: e.event_id, text: errorMessage(err) })
                      }
                    }}
                  >
                    Replay
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="rounded-[var(--radius-card)] border border-dashed border-line px-4 py-6 text-center text-base text-ink-muted">
              No dead-lettered webhooks. Events that fail processing repeatedly land here for a replay.
            </p>
          )
        }}
      </QueryStatus>
    </section>
  )
}

function Reconciliation() {
  const tz = useTimezone()
  const reports = useReconciliation()
  const items = reports.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section aria-labelledby="reconciliation-heading" className="space-y-3">
      <h2 id="reconciliation-heading" className="text-2xl font-bold text-ink">
        Reconciliation
      </h2>
      <QueryStatus query={reports} what="reconciliation reports">
        {() =>
          items.length ? (
            <>
              <ul className="space-y-2" aria-label="Reconciliation reports">
                {items.map((r) => (
                  <ReportRow key={r.day} report={r} tz={tz} />
                ))}
              </ul>
              <InfiniteFooter label="Load more reports" hasNextPage={reports.hasNextPage} isFetchingNextPage={reports.isFetchingNextPage} fetchNextPage={reports.fetchNextPage} />
            </>
          ) : (
            <p className="rounded-[var(--radius-card)] border border-dashed border-line px-4 py-6 text-center text-base text-ink-muted">
              No reports yet. The daily job compares our ledger with Razorpay and lists each day here.
            </p>
          )
        }
      </QueryStatus>
    </section>
  )
}

function ReportRow({ report, tz }: { report: ReconciliationReport; tz: string }) {
  const mismatches = report.differences.length
  return (
    <li
      data-testid="reconciliation-report"
      data-ok={report.ok}
      className={`glass space-y-1 rounded-[var(--radius-card)] px-4 py-3 ${report.ok ? '' : 'border-2 border-danger bg-danger-soft/60'}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="font-semibold text-ink">{report.day}</p>
        {report.ok ? (
          <StatusChip tone="success">✔ Matches</StatusChip>
        ) : (
          <StatusChip tone="danger">
            ⚠ {mismatches} mismatch{mismatches === 1 ? '' : 'es'}
          </StatusChip>
        )}
      </div>
      <p className="text-base text-ink-muted">
        {report.checked_payments} payments · {report.checked_refunds} refunds checked · ran{' '}
        <time dateTime={report.ran_at}>{formatDateTime(report.ran_at, tz)}</time>
      </p>
      {!report.ok && mismatches ? (
        <ul className="list-disc space-y-0.5 pl-5 text-base text-danger" aria-label={`Mismatches on ${report.day}`}>
          {report.differences.map((d, i) => (
            <li key={i} className="break-words">
              {describeDifference(d)}
            </li>
          ))}
        </ul>
      ) : null}
    </li>
  )
}

function describeDifference(d: unknown): string {
  if (typeof d === 'string') return d
  if (d && typeof d === 'object') {
    const o = d as Record<string, unknown>
    if (typeof o.message === 'string') return o.message
    const kind = typeof o.kind === 'string' ? o.kind.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : null
    const rest = Object.entries(o)
      .filter(([k]) => k !== 'kind')
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' · ')
    if (kind) return rest ? `${kind} — ${rest}` : kind
    return Object.entries(o)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(' · ')
  }
  return String(d)
}
