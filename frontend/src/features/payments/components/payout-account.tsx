import { useState, type FormEvent } from 'react'
import { ApiError, errorMessage } from '@/lib/api-client'
import type { PayoutAccount } from '@/lib/payment-types'
import { TextField } from '@/components/form/field'
import { Button } from '@/components/ui/button'
import { Skeleton } from '@/components/ui/skeleton'
import { RetryPrompt } from '@/components/ui/query-status'
import { FormAlert } from '@/components/ui/form-alert'
import { usePayoutAccount, useSavePayoutAccount } from '../api/payouts'
import { validateAccountNumber, validateHolder, validateIfsc, validateVpa } from '../utils/status'

type Kind = 'bank' | 'vpa'

/** A valid start of an IFSC: its message waits until the code is complete or goes wrong. */
const IFSC_PREFIX = /^(?:[A-Z]{0,4}|[A-Z]{4}0[A-Z0-9]{0,6})$/

/**
 * Where withdrawals go: a bank account (holder, IFSC, number typed twice) or
 * a UPI ID, validated as it is typed. Once saved only the masked account is
 * shown — the full number is never sent back.
 */
export function PayoutAccountCard({ owner = 'your' }: { owner?: string }) {
  const account = usePayoutAccount()
  const [editing, setEditing] = useState(false)
  return (
    <section aria-labelledby="payout-account-heading" className="glass space-y-4 rounded-[var(--radius-card)] p-4 md:p-6">
      <h3 id="payout-account-heading" className="text-xl font-bold text-ink">
        Payout account
      </h3>
      {account.isError && !account.data ? (
        <RetryPrompt query={account} what="the payout account" />
      ) : account.isPending ? (
        <div aria-busy="true" className="space-y-2">
          <span className="sr-only">Loading the payout account…</span>
          <Skeleton className="h-5 w-1/2" />
          <Skeleton className="h-5 w-1/3" />
        </div>
      ) : account.data?.account && !editing ? (
        <SavedAccount account={account.data.account} onChange={() => setEditing(true)} />
      ) : (
        <PayoutAccountForm
          owner={owner}
          onSaved={() => setEditing(false)}
          onCancel={account.data?.account ? () => setEditing(false) : undefined}
        />
      )}
    </section>
  )
}

function SavedAccount({ account, onChange }: { account: PayoutAccount; onChange: () => void }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <div data-testid="payout-account">
        <p className="text-base text-ink-muted">{account.kind === 'bank' ? 'Bank account' : 'UPI ID'}</p>
        <p className="text-lg font-semibold tabular-nums text-ink">{account.masked}</p>
        {account.kind === 'bank' ? (
          <p className="text-base text-ink-muted">
            {account.holder_name} · {account.ifsc}
          </p>
        ) : null}
      </div>
      <Button variant="secondary" onClick={onChange}>
        Change account
      </Button>
    </div>
  )
}

export function PayoutAccountForm({ owner, onSaved, onCancel }: { owner: string; onSaved: () => void; onCancel?: () => void }) {
  const save = useSavePayoutAccount()
  const [kind, setKind] = useState<Kind>('bank')
  const [holder, setHolder] = useState('')
  const [ifsc, setIfsc] = useState('')
  const [number, setNumber] = useState('')
  const [confirmNumber, setConfirmNumber] = useState('')
  const [vpa, setVpa] = useState('')
  const [touched, setTouched] = useState<Record<string, boolean>>({})
  const [server, setServer] = useState<Record<string, string>>({})
  const [problem, setProblem] = useState<string | null>(null)

  const errors: Record<string, string | null> =
    kind === 'bank'
      ? {
          holder_name: validateHolder(holder),
          ifsc: validateIfsc(ifsc),
          account_number: validateAccountNumber(number),
          confirm: confirmNumber !== number ? "The account numbers don't match." : !confirmNumber ? 'Type the account number again.' : null,
        }
      : { vpa: validateVpa(vpa) }
  // Real-time: a field's message shows once something is typed in it (or on submit).
  const shown = (field: string, value: string) => ((touched[field] || value) ? errors[field] : null) ?? server[field] ?? null
  const touch = (field: string) => setTouched((t) => ({ ...t, [field]: true }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setProblem(null)
    setServer({})
    if (Object.values(errors).some(Boolean)) {
      setTouched({ holder_name: true, ifsc: true, account_number: true, confirm: true, vpa: true })
      return
    }
    try {
      await save.mutateAsync(
        kind === 'bank'
          ? { kind: 'bank', holder_name: holder.trim(), ifsc, account_number: number }
          : { kind: 'vpa', vpa: vpa.trim() },
      )
      onSaved()
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setServer(err.fields)
      setProblem(errorMessage(err, "Couldn't save the account. Please try again."))
    }
  }

  return (
    <form noValidate onSubmit={(e) => void submit(e)} className="space-y-4" aria-label="Payout account">
      <p className="text-base text-ink-muted">Withdrawals are paid to {owner} account through RazorpayX. Only the last digits are kept on screen.</p>
      <fieldset className="space-y-2">
        <legend className="text-base font-semibold text-ink">Pay out to</legend>
        <div className="flex flex-wrap gap-4">
          {(
            [
              ['bank', 'Bank account'],
              ['vpa', 'UPI ID'],
            ] as const
          ).map(([id, label]) => (
            <label key={id} className="inline-flex min-h-tap cursor-pointer items-center gap-2 text-base text-ink">
              <input type="radio" name="payout-kind" value={id} checked={kind === id} onChange={() => setKind(id)} className="size-5 accent-primary" />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
      {kind === 'bank' ? (
        <>
          <TextField
            label="Account holder name"
            autoComplete="name"
            value={holder}
            onChange={(e) => setHolder(e.target.value)}
            onBlur={() => touch('holder_name')}
            error={shown('holder_name', holder)}
            required
          />
          <TextField
            label="IFSC"
            autoComplete="off"
            spellCheck={false}
            maxLength={11}
            value={ifsc}
            onChange={(e) => setIfsc(e.target.value.toUpperCase().replace(/\s/g, ''))}
            onBlur={() => touch('ifsc')}
            error={shown('ifsc', IFSC_PREFIX.test(ifsc) && ifsc.length < 11 ? '' : ifsc)}
            hint="11 characters, e.g. HDFC0001234"
            required
          />
          <TextField
            label="Account number"
            inputMode="numeric"
            autoComplete="off"
            value={number}
            onChange={(e) => setNumber(e.target.value.replace(/\s/g, ''))}
            onBlur={() => touch('account_number')}
            error={shown('account_number', number)}
            required
          />
          <TextField
            label="Confirm account number"
            inputMode="numeric"
            autoComplete="off"
            value={confirmNumber}
            onChange={(e) => setConfirmNumber(e.target.value.replace(/\s/g, ''))}
            onBlur={() => touch('confirm')}
            onPaste={(e) => e.preventDefault()}
            error={shown('confirm', confirmNumber.length >= number.length ? confirmNumber : '')}
            required
          />
        </>
      ) : (
        <TextField
          label="UPI ID"
          autoComplete="off"
          spellCheck={false}
          placeholder="name@okicici"
          value={vpa}
          onChange={(e) => setVpa(e.target.value)}
          onBlur={() => touch('vpa')}
          error={shown('vpa', vpa)}
          required
        />
      )}
      <FormAlert>{problem}</FormAlert>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" loading={save.isPending}>
          Save payout account
        </Button>
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </div>
    </form>
  )
}
