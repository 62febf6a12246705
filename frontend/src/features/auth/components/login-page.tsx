import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useCountdown } from '@/hooks/use-countdown'
import { ApiError, errorMessage } from '@/lib/api-client'
import type { Tokens } from '@/lib/api-types'
import { useTaxonomy } from '@/lib/meta'
import { EmailField } from '@/components/form/email-field'
import { TextField } from '@/components/form/field'
import { Button } from '@/components/ui/button'
import { FormAlert } from '@/components/ui/form-alert'
import { forgotPassword } from '../api/forgot-password'
import { isTotpChallenge, login } from '../api/login'
import { loginTotp } from '../api/login-totp'
import { resendCode } from '../api/resend-code'
import { resetPassword } from '../api/reset-password'
import { useCompleteSignIn } from '../hooks/use-complete-sign-in'
import { normalizeCode, validateCode, validateEmail, validatePassword } from '@/lib/validation'
import { DevMailboxLink, RESEND_COOLDOWN_S, VerifyEmailForm } from './verify-email-form'

type Step =
  | { kind: 'credentials'; notice?: string }
  | { kind: 'totp'; challenge: string }
  | { kind: 'verify' }
  | { kind: 'forgot' }
  | { kind: 'reset' }

function minutes(seconds: number | undefined): string {
  const m = Math.max(1, Math.ceil((seconds ?? 900) / 60))
  return `${m} minute${m === 1 ? '' : 's'}`
}

/**
 * /login — email + password; admins then give their authenticator code; an
 * unverified account is sent to the email-code screen; "Forgot password?"
 * resets through an emailed code.
 */
export function LoginPage() {
  const [params] = useSearchParams()
  const admin = params.get('admin') === '1'
  usePageTitle(admin ? 'Admin sign in' : 'Sign in')
  const [email, setEmail] = useState('')
  const [step, setStep] = useState<Step>({ kind: 'credentials' })
  const { complete } = useCompleteSignIn()

  const finish = (tokens: Tokens) => complete(tokens)

  return (
    <section aria-labelledby="login-heading" className="mx-auto max-w-md space-y-6 px-4 py-10 md:py-16">
      <div className="space-y-2">
        <h1 id="login-heading" className="text-3xl font-extrabold text-primary">
          {admin ? 'Admin sign in' : 'Welcome back'}
        </h1>
        <p className="text-lg text-ink-muted">
          {admin
            ? 'Admins confirm every sign-in with a code from their authenticator app.'
            : 'Sign in to reach your dashboard.'}
        </p>
      </div>
      <div className="glass rounded-[var(--radius-card)] p-5 md:p-8">
        {step.kind === 'credentials' ? (
          <CredentialsForm
            email={email}
            setEmail={setEmail}
            notice={step.notice}
            onTokens={finish}
            onTotp={(challenge) => setStep({ kind: 'totp', challenge })}
            onUnverified={() => setStep({ kind: 'verify' })}
            onForgot={() => setStep({ kind: 'forgot' })}
          />
        ) : null}
        {step.kind === 'totp' ? (
          <TotpForm
            challenge={step.challenge}
            onTokens={finish}
            onRestart={(notice) => setStep({ kind: 'credentials', notice })}
          />
        ) : null}
        {step.kind === 'verify' ? (
          <VerifyEmailForm email={email} onVerified={finish} onChangeEmail={() => setStep({ kind: 'credentials' })} />
        ) : null}
        {step.kind === 'forgot' ? (
          <ForgotForm
            email={email}
            setEmail={setEmail}
            onSent={() => setStep({ kind: 'reset' })}
            onCancel={() => setStep({ kind: 'credentials' })}
          />
        ) : null}
        {step.kind === 'reset' ? (
          <ResetForm
            email={email}
            onDone={() =>
              setStep({ kind: 'credentials', notice: 'Your password was changed. Sign in with the new one.' })
            }
            onCancel={() => setStep({ kind: 'credentials' })}
          />
        ) : null}
      </div>
      {!admin && step.kind === 'credentials' ? (
        <p className="text-base text-ink-muted">
          New to PeerLearn?{' '}
          <Link to="/signup/learner" className="font-semibold text-primary underline underline-offset-4">
            Join as a learner
          </Link>{' '}
          or{' '}
          <Link to="/signup/mentor" className="font-semibold text-primary underline underline-offset-4">
            apply as a mentor
          </Link>
          .
        </p>
      ) : null}
    </section>
  )
}

function CredentialsForm({
  email,
  setEmail,
  notice,
  onTokens,
  onTotp,
  onUnverified,
  onForgot,
}: {
  email: string
  setEmail: (v: string) => void
  notice?: string
  onTokens: (t: Tokens) => Promise<void>
  onTotp: (challenge: string) => void
  onUnverified: () => void
  onForgot: () => void
}) {
  const taxonomy = useTaxonomy()
  const [password, setPassword] = useState('')
  const [attempted, setAttempted] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const emailError = attempted ? validateEmail(email) : null
  const passwordError = attempted && !password ? 'Enter your password.' : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    if (validateEmail(email) || !password || pending) return
    setPending(true)
    setError(null)
    try {
      const res = await login({ email: email.trim(), password })
      if (isTotpChallenge(res)) onTotp(res.challenge)
      else await onTokens(res)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'email_not_verified') onUnverified()
      else if (err instanceof ApiError && err.code === 'invalid_credentials') setError('Email or password is incorrect.')
      else if (err instanceof ApiError && err.status === 423)
        setError(`Too many failed attempts. Your account is locked — try again in ${minutes(err.retryAfter)}.`)
      else setError(errorMessage(err))
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {notice ? (
        <p role="status" className="rounded-[var(--radius-control)] bg-success-soft px-3 py-2 text-base text-success">
          {notice}
        </p>
      ) : null}
      <EmailField value={email} onChange={setEmail} error={emailError} knownDomains={taxonomy.email_domains} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={passwordError}
      />
      <FormAlert>{error}</FormAlert>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Button type="submit" variant="cta" loading={pending}>
          Sign in
        </Button>
        <button
          type="button"
          onClick={onForgot}
          className="min-h-tap px-1 text-base font-semibold text-primary underline underline-offset-4"
        >
          Forgot password?
        </button>
      </div>
    </form>
  )
}

function TotpForm({
  challenge,
  onTokens,
  onRestart,
}: {
  challenge: string
  onTokens: (t: Tokens) => Promise<void>
  onRestart: (notice?: string) => void
}) {
  const [code, setCode] = useState('')
  const [attempted, setAttempted] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    if (validateCode(code) || pending) return
    setPending(true)
    setError(null)
    try {
      await onTokens(await loginTotp({ challenge, code }))
    } catch (err) {
      if (err instanceof ApiError && err.code === 'invalid_token') {
        onRestart('That sign-in attempt expired. Please enter your password again.')
      } else if (err instanceof ApiError && (err.code === 'invalid_code' || err.status === 401)) {
        setError('That code did not work. Codes can be used once — wait for the next one and try again.')
        setCode('')
      } else setError(errorMessage(err))
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h2 id="totp-heading" className="text-2xl font-bold text-primary">
        Two-step verification
      </h2>
      <p className="text-base text-ink-muted">Enter the 6-digit code from your authenticator.</p>
      <TextField
        label="Authenticator code"
        value={code}
        onChange={(e) => setCode(normalizeCode(e.target.value))}
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]{6}"
        maxLength={6}
        required
        autoFocus
        className="max-w-48 text-center text-2xl tracking-[0.4em]"
        error={attempted ? validateCode(code) : null}
      />
      {error ? (
        <p role="alert" className="text-base font-medium text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="cta" loading={pending}>
          Verify
        </Button>
        <Button variant="ghost" onClick={() => onRestart()}>
          Cancel
        </Button>
      </div>
    </form>
  )
}

function ForgotForm({
  email,
  setEmail,
  onSent,
  onCancel,
}: {
  email: string
  setEmail: (v: string) => void
  onSent: () => void
  onCancel: () => void
}) {
  const taxonomy = useTaxonomy()
  const [attempted, setAttempted] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    if (validateEmail(email) || pending) return
    setPending(true)
    setError(null)
    try {
      await forgotPassword({ email: email.trim() })
      onSent()
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h2 id="forgot-heading" className="text-2xl font-bold text-primary">
        Reset your password
      </h2>
      <p className="text-base text-ink-muted">We'll email you a 6-digit code to choose a new password.</p>
      <EmailField
        value={email}
        onChange={setEmail}
        error={attempted ? validateEmail(email) : null}
        knownDomains={taxonomy.email_domains}
      />
      {error ? (
        <p role="alert" className="text-base font-medium text-danger">
          {error}
        </p>
      ) : null}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="cta" loading={pending}>
          Send code
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Back to sign in
        </Button>
      </div>
    </form>
  )
}

function ResetForm({ email, onDone, onCancel }: { email: string; onDone: () => void; onCancel: () => void }) {
  const [code, setCode] = useState('')
  const [password, setPassword] = useState('')
  const [attempted, setAttempted] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [info, setInfo] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const { remaining, start } = useCountdown(RESEND_COOLDOWN_S)
  const codeError = attempted ? validateCode(code) : null
  const passwordError = attempted || password.length > 0 ? validatePassword(password) : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted(true)
    if (validateCode(code) || validatePassword(password) || pending) return
    setPending(true)
    setError(null)
    try {
      await resetPassword({ email: email.trim(), code, new_password: password })
      onDone()
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'invalid_code' || err.status === 401))
        setError('That code is not right or has expired. Check the latest email, or resend a code.')
      else if (err instanceof ApiError && err.fields.new_password) setError(err.fields.new_password)
      else setError(errorMessage(err))
    } finally {
      setPending(false)
    }
  }

  const resend = async () => {
    if (remaining > 0) return
    try {
      const res = await resendCode({ email: email.trim(), purpose: 'reset' })
      start(res.retry_after || RESEND_COOLDOWN_S)
      setInfo('A new code is on its way.')
    } catch (err) {
      if (err instanceof ApiError && err.retryAfter) start(err.retryAfter)
      setError(errorMessage(err))
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h2 id="reset-heading" className="text-2xl font-bold text-primary">
        Choose a new password
      </h2>
      <p className="text-base text-ink-muted">
        If an account exists for <strong className="text-ink">{email}</strong>, a 6-digit code is on its way.
      </p>
      <DevMailboxLink />
      <TextField
        label="Verification code"
        value={code}
        onChange={(e) => setCode(normalizeCode(e.target.value))}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        required
        className="max-w-48 text-center text-2xl tracking-[0.4em]"
        error={codeError}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={passwordError}
        hint="At least 10 characters."
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
        <Button type="submit" variant="cta" loading={pending}>
          Reset password
        </Button>
        <Button variant="secondary" disabled={remaining > 0} onClick={resend}>
          Resend code
        </Button>
        <span className="text-base text-ink-muted">{remaining > 0 ? `You can resend in ${remaining} s` : ''}</span>
      </div>
      <button type="button" onClick={onCancel} className="min-h-tap text-base font-semibold text-primary underline underline-offset-4">
        Back to sign in
      </button>
    </form>
  )
}
