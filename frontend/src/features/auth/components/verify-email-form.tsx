import { useState, type FormEvent } from 'react'
import { ApiError, errorMessage } from '@/lib/api-client'
import type { Tokens } from '@/lib/api-types'
import { useMetaConfig } from '@/lib/meta'
import { useCountdown } from '@/hooks/use-countdown'
import { TextField } from '@/components/form/field'
import { Button } from '@/components/ui/button'
import { resendCode } from '../api/resend-code'
import { verifyEmail } from '../api/verify-email'
import { normalizeCode, validateCode } from '@/lib/validation'

/** The server allows one send per 60 s; a code was just sent when this shows. */
export const RESEND_COOLDOWN_S = 60

export function DevMailboxLink() {
  const { data: config } = useMetaConfig()
  if (!config?.local || !config.mailbox_url) return null
  return (
    <p className="rounded-[var(--radius-control)] bg-warning-soft px-3 py-2 text-base text-ink">
      Running locally: emails are not sent.{' '}
      <a
        href={config.mailbox_url}
        target="_blank"
        rel="noreferrer"
        className="font-semibold text-primary underline underline-offset-4"
      >
        Open the dev mailbox
      </a>
    </p>
  )
}

/**
 * The 6-digit email code screen (after signup, or a login before verifying).
 * "Resend code" counts down from the server's `retry_after`.
 */
export function VerifyEmailForm({
  email,
  onVerified,
  busy = false,
  busyLabel,
  onChangeEmail,
}: {
  email: string
  onVerified: (tokens: Tokens) => void | Promise<void>
  busy?: boolean
  busyLabel?: string
  onChangeEmail?: () => void
}) {
  const [code, setCode] = useState('')
  const [touched, setTouched] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [info, setInfo] = useState<string | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const [resending, setResending] = useState(false)
  const { remaining, start } = useCountdown(RESEND_COOLDOWN_S)

  const fieldError = touched ? validateCode(code) : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (validateCode(code) || submitting) return
    setSubmitting(true)
    setError(null)
    try {
      const tokens = await verifyEmail({ email, code })
      await onVerified(tokens)
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'invalid_code' || err.status === 401)) {
        setError('That code is not right or has expired. Check the latest email, or resend a code.')
      } else if (err instanceof ApiError && err.status === 429) {
        setError('Too many attempts. Ask for a new code.')
      } else {
        setError(errorMessage(err))
      }
    } finally {
      setSubmitting(false)
    }
  }

  const resend = async () => {
    if (remaining > 0 || resending) return
    setResending(true)
    setError(null)
    try {
      const res = await resendCode({ email, purpose: 'verify' })
      start(res.retry_after || RESEND_COOLDOWN_S)
      setInfo(`A new code is on its way to ${email}.`)
    } catch (err) {
      if (err instanceof ApiError && err.retryAfter) start(err.retryAfter)
      setError(err instanceof ApiError && err.status === 429 ? 'Please wait before asking for another code.' : errorMessage(err))
    } finally {
      setResending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <div className="space-y-2">
        <h2 id="verify-heading" className="text-2xl font-bold text-primary">
          Check your email
        </h2>
        <p className="text-base text-ink-muted">
          We sent a 6-digit code to <strong className="text-ink">{email}</strong>. It is valid for 10 minutes.
        </p>
      </div>
      <DevMailboxLink />
      <TextField
        label="Verification code"
        value={code}
        onChange={(e) => setCode(normalizeCode(e.target.value))}
        onBlur={() => setTouched(true)}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        className="max-w-48 text-center text-2xl tracking-[0.4em]"
        error={fieldError}
      />
      {error ? (
        <p role="alert" className="text-base font-medium text-danger">
          {error}
        </p>
      ) : null}
      {info ? (
        <p role="status" className="text-base text-success">
          {info}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="cta" loading={submitting || busy}>
          Verify
        </Button>
        <Button type="button" variant="secondary" disabled={remaining > 0} loading={resending} onClick={resend}>
          Resend code
        </Button>
        <span className="text-base text-ink-muted" data-testid="resend-countdown">
          {remaining > 0 ? `You can resend in ${remaining} s` : ''}
        </span>
      </div>
      {busy && busyLabel ? (
        <p role="status" className="text-base text-ink-muted">
          {busyLabel}
        </p>
      ) : null}
      {onChangeEmail ? (
        <button
          type="button"
          onClick={onChangeEmail}
          className="min-h-tap text-base font-semibold text-primary underline underline-offset-4"
        >
          Use a different email
        </button>
      ) : null}
    </form>
  )
}
