import { useState, type FormEvent } from 'react'
import { ApiError, errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import { formatDateTime } from '@/lib/format'
import { usePaymentsConfig } from '@/lib/meta'
import { checkRupees, formatPaise, paiseToRupeesInput } from '@/lib/money'
import { showToast } from '@/lib/toast'
import { MoneyField } from '@/components/form/money-field'
import { Button } from '@/components/ui/button'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { StatusChip } from '@/components/ui/status-chip'
import { FormAlert } from '@/components/ui/form-alert'
import { usePayoutAccount, useWithdrawals, useWithdraw } from '../api/payouts'
import { chipFor, WITHDRAWAL_CHIPS } from '../utils/status'
import { PayoutAccountCard } from './payout-account'

/**
 * Withdrawals for a mentor (their balance) or an admin (the platform's fees):
 * the payout account, "Withdraw" with an amount from the minimum up to what is
 * available, and the history with each payout's status text.
 */
export function WithdrawalsSection({ availablePaise, owner = 'your' }: { availablePaise: number | undefined; owner?: string }) {
  return (
    <section aria-labelledby="withdrawals-heading" className="space-y-4">
      <h2 id="withdrawals-heading" className="text-2xl font-bold text-ink">
        Withdrawals
      </h2>
      <div className="grid gap-4 lg:grid-cols-2">
        <PayoutAccountCard owner={owner} />
        <WithdrawForm availablePaise={availablePaise} />
      </div>
      <WithdrawalHistory />
    </section>
  )
}

function WithdrawForm({ availablePaise }: { availablePaise: number | undefined }) {
  const config = usePaymentsConfig()
  const account = usePayoutAccount()
  const withdraw = useWithdraw()
  const [amount, setAmount] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [last, setLast] = useState<string | null>(null)
  const min = config.withdrawal_min_paise
  const available = availablePaise ?? 0
  const check = checkRupees(amount, {
    min,
    max: available,
    maxMessage: (max) => `You can withdraw up to ${formatPaise(max)}.`,
  })
  const error = amount || submitted ? check.error : null
  const hasAccount = Boolean(account.data?.account)
  const tooLittle = availablePaise !== undefined && available < min

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    setProblem(null)
    if (check.paise === null) return
    try {
      const w = await withdraw.mutateAsync(check.paise)
      setAmount('')
      setSubmitted(false)
      setLast(w.status_text)
      showToast('Withdrawal requested ✔', { tone: 'success', detail: `${formatPaise(w.amount_paise)} — ${w.status_text}` })
    } catch (err) {
      setProblem(err instanceof ApiError && err.code === 'no_payout_account' ? 'Save a payout account first.' : errorMessage(err))
    }
  }

  return (
    <section aria-labelledby="withdraw-heading" className="glass space-y-4 rounded-[var(--radius-card)] p-4 md:p-6">
      <h3 id="withdraw-heading" className="text-xl font-bold text-ink">
        Withdraw
      </h3>
      <p className="text-base text-ink">
        Available to withdraw: <span className="font-bold text-success tabular-nums">{availablePaise === undefined ? '…' : formatPaise(available)}</span>
      </p>
      <form noValidate onSubmit={(e) => void submit(e)} className="space-y-3" aria-label="Withdraw">
        <MoneyField
          label="Amount to withdraw"
          value={amount}
          onChange={(v) => {
            setAmount(v)
            setLast(null)
          }}
          error={error}
          hint={`From ${formatPaise(min)} up to your available balance.`}
          required
        />
        <FormAlert>{problem}</FormAlert>
        {last ? (
          <p role="status" className="rounded-[var(--radius-control)] bg-success-soft px-3 py-2 text-base text-success">
            {last}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          {availablePaise !== undefined && available >= min ? (
            <Button variant="secondary" onClick={() => setAmount(paiseToRupeesInput(available))}>
              Withdraw all
            </Button>
          ) : null}
          <Button type="submit" variant="cta" loading={withdraw.isPending} disabled={!hasAccount || tooLittle}>
            Withdraw
          </Button>
        </div>
        {!hasAccount && !account.isPending ? <p className="text-base text-ink-muted">Save a payout account to withdraw.</p> : null}
        {tooLittle ? <p className="text-base text-ink-muted">Withdrawals start at {formatPaise(min)}.</p> : null}
      </form>
    </section>
  )
}

function WithdrawalHistory() {
  const tz = useTimezone()
  const history = useWithdrawals()
  const items = history.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <section aria-labelledby="withdrawal-history-heading" className="space-y-3">
      <h3 id="withdrawal-history-heading" className="text-xl font-bold text-ink">
        Withdrawal history
      </h3>
      <QueryStatus query={history} what="withdrawals">
        {() =>
          items.length ? (
            <>
              <ul className="space-y-2" aria-label="Withdrawals">
                {items.map((w) => {
                  const chip = chipFor(WITHDRAWAL_CHIPS, w.status)
                  return (
                    <li key={w.withdrawal_id} className="glass flex flex-wrap items-center justify-between gap-3 rounded-[var(--radius-card)] px-4 py-3">
                      <div>
                        <p className="text-lg font-bold tabular-nums text-ink">{formatPaise(w.amount_paise)}</p>
                        <p className="text-base text-ink-muted">
                          to {w.destination} · <time dateTime={w.created_at}>{formatDateTime(w.created_at, tz)}</time>
                          {w.utr ? <> · UTR {w.utr}</> : null}
                        </p>
                      </div>
                      <div className="text-right">
                        <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
                        <p className="mt-1 text-base text-ink">{w.status_text}</p>
                      </div>
                    </li>
                  )
                })}
              </ul>
              <InfiniteFooter label="Load more withdrawals" hasNextPage={history.hasNextPage} isFetchingNextPage={history.isFetchingNextPage} fetchNextPage={history.fetchNextPage} />
            </>
          ) : (
            <p className="rounded-[var(--radius-card)] border border-dashed border-line px-4 py-6 text-center text-base text-ink-muted">
              No withdrawals yet. Once your balance is available, withdraw it to your saved account.
            </p>
          )
        }
      </QueryStatus>
    </section>
  )
}
