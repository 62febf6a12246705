import { useState, type FormEvent } from 'react'
import { errorMessage } from '@/lib/api-client'
import { formatDateTime, formatINR } from '@/lib/format'
import type { LiveRequest } from '@/lib/marketplace-types'
import { paiseToRupeesInput, rupeesToPaise } from '@/lib/money'
import { formatDuration, onQuarterHour, toApiTime, todayIn, utcToZoned, zonedToUtc } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { TextAreaField, TextField } from '@/components/form/field'
import { ZonedDateTimeField } from '@/components/form/zoned-date-time-field'
import { Button } from '@/components/ui/button'
import { MessageLink } from '@/components/ui/message-link'
import { StatusChip } from '@/components/ui/status-chip'
import { FormAlert } from '@/components/ui/form-alert'
import { useAcceptRequest, useDeclineRequest, useOfferRequest } from '../api/mentor-requests'
import { validateOffer, type OfferValues } from '../utils/offer'
import { REQUEST_CHIPS } from '../utils/status'

function budgetText(paise: number) {
  return paise === 0 ? 'Free' : formatINR(paise)
}

/**
 * One learner request in the mentor's Requests panel (spec 000 §9.3):
 * "Accept ➤" (one click), "Modify & Reply ➤" (time + budget → "Send Reply ➤"
 * → toast "Replied ✔") or "Decline" with a reason.
 */
export function RequestCard({ request, timezone }: { request: LiveRequest; timezone: string }) {
  const [mode, setMode] = useState<'idle' | 'modify' | 'decline'>('idle')
  const [problem, setProblem] = useState<string | null>(null)
  const accept = useAcceptRequest()
  const chip = REQUEST_CHIPS[request.status]
  const titleId = `request-${request.request_id}`

  const onAccept = async () => {
    setProblem(null)
    try {
      await accept.mutateAsync(request.request_id)
      showToast('Accepted ✔', {
        tone: 'success',
        detail: `${request.title} is in My Sessions. “Go Live ➤” opens 15 minutes before the start.`,
        outcome: 'request_accepted',
      })
    } catch (err) {
      setProblem(errorMessage(err))
    }
  }

  return (
    <article aria-labelledby={titleId} className="glass space-y-3 rounded-[var(--radius-card)] p-5">
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={titleId} className="text-lg font-bold text-ink">
            {request.title}
          </h3>
          <p className="text-base text-ink-muted">
            from <span className="font-medium text-ink">{request.learner.name}</span> · {request.domain}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <MessageLink role="mentor" peerId={request.learner.user_id} name={request.learner.name} />
          <StatusChip tone={chip.tone}>{chip.label}</StatusChip>
        </div>
      </div>
      <dl className="grid gap-2 text-base sm:grid-cols-3">
        <div>
          <dt className="font-semibold text-ink-muted md:text-sm">Proposed time</dt>
          <dd className="text-ink">
            <time dateTime={request.proposed_at}>{formatDateTime(request.proposed_at, timezone)}</time>
          </dd>
        </div>
        <div>
          <dt className="font-semibold text-ink-muted md:text-sm">Duration</dt>
          <dd className="text-ink">{formatDuration(request.duration_min)}</dd>
        </div>
        <div>
          <dt className="font-semibold text-ink-muted md:text-sm">Budget</dt>
          <dd className="text-ink">{budgetText(request.budget_paise)}</dd>
        </div>
      </dl>
      {request.message ? <p className="whitespace-pre-line rounded-[var(--radius-control)] bg-canvas px-3 py-2 text-base text-ink">“{request.message}”</p> : null}
      {request.status === 'offered' && request.offer ? (
        <p className="rounded-[var(--radius-control)] bg-primary-soft px-3 py-2 text-base text-primary">
          You offered {formatDateTime(request.offer.proposed_at, timezone)} for {budgetText(request.offer.budget_paise)}. Waiting for{' '}
          {request.learner.name} to answer.
        </p>
      ) : null}
      {request.status === 'declined' && request.decline_reason ? (
        <p className="text-base text-ink">
          <span className="font-semibold">Your reason:</span> {request.decline_reason}
        </p>
      ) : null}
      <FormAlert>{problem}</FormAlert>
      {request.status === 'pending' && mode === 'idle' ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="cta" aria-describedby={titleId} loading={accept.isPending} onClick={() => void onAccept()}>
            Accept ➤
          </Button>
          <Button variant="secondary" aria-describedby={titleId} onClick={() => setMode('modify')}>
            Modify &amp; Reply ➤
          </Button>
          <Button variant="ghost" aria-describedby={titleId} onClick={() => setMode('decline')}>
            Decline
          </Button>
        </div>
      ) : null}
      {request.status === 'pending' && mode === 'modify' ? (
        <OfferForm request={request} timezone={timezone} onDone={() => setMode('idle')} />
      ) : null}
      {request.status === 'pending' && mode === 'decline' ? <DeclineForm request={request} onDone={() => setMode('idle')} /> : null}
    </article>
  )
}

function OfferForm({ request, timezone, onDone }: { request: LiveRequest; timezone: string; onDone: () => void }) {
  const start = utcToZoned(request.proposed_at, timezone)
  const [values, setValues] = useState<OfferValues>({
    date: start.date,
    time: onQuarterHour(start.time) ? start.time : '',
    budget: paiseToRupeesInput(request.budget_paise),
    message: '',
  })
  const [attempted, setAttempted] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const offer = useOfferRequest()
  const errors = validateOffer(values, timezone)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    setProblem(null)
    if (Object.keys(errors).length) return
    try {
      await offer.mutateAsync({
        id: request.request_id,
        proposed_at: toApiTime(zonedToUtc(values.date, values.time, timezone)!),
        budget_paise: rupeesToPaise(values.budget) ?? 0,
        message: values.message.trim() || undefined,
      })
      showToast('Replied ✔', { tone: 'success', detail: `${request.learner.name} can now confirm or decline your offer.` })
      onDone()
    } catch (err) {
      setProblem(errorMessage(err))
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Reply to ${request.learner.name}`} className="space-y-4 border-t border-line pt-4">
      <ZonedDateTimeField
        label="New time"
        required
        timezone={timezone}
        min={todayIn(timezone)}
        value={{ date: values.date, time: values.time }}
        error={attempted ? errors.start : null}
        onChange={(v) => setValues((s) => ({ ...s, ...v }))}
      />
      <TextField
        label="Budget (₹)"
        required
        inputMode="decimal"
        value={values.budget}
        error={attempted ? errors.budget : null}
        onChange={(e) => setValues((s) => ({ ...s, budget: e.target.value }))}
      />
      <TextAreaField
        label="Message to the learner"
        value={values.message}
        maxLength={1000}
        className="min-h-20"
        onChange={(e) => setValues((s) => ({ ...s, message: e.target.value }))}
      />
      <FormAlert>{problem}</FormAlert>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" variant="cta" loading={offer.isPending}>
          Send Reply ➤
        </Button>
      </div>
    </form>
  )
}

function DeclineForm({ request, onDone }: { request: LiveRequest; onDone: () => void }) {
  const [reason, setReason] = useState('')
  const [attempted, setAttempted] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const decline = useDeclineRequest()
  const error = !reason.trim() ? 'Please give the learner a reason' : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    setProblem(null)
    if (error) return
    try {
      await decline.mutateAsync({ id: request.request_id, reason: reason.trim() })
      showToast('Request declined', { tone: 'info', detail: `${request.learner.name} has been told why.` })
      onDone()
    } catch (err) {
      setProblem(errorMessage(err))
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Decline ${request.learner.name}'s request`} className="space-y-3 border-t border-line pt-4">
      <TextAreaField
        label="Reason"
        required
        value={reason}
        maxLength={500}
        className="min-h-20"
        placeholder="e.g. I'm travelling that week — please ask again after the 20th."
        error={attempted ? error : null}
        onChange={(e) => setReason(e.target.value)}
      />
      <FormAlert>{problem}</FormAlert>
      <div className="flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={onDone}>
          Keep it
        </Button>
        <Button type="submit" variant="danger" loading={decline.isPending}>
          Decline request
        </Button>
      </div>
    </form>
  )
}
