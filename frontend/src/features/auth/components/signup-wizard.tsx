import { useMutation } from '@tanstack/react-query'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { Link } from 'react-router'
import { ApiError, errorMessage } from '@/lib/api-client'
import { cn } from '@/lib/cn'
import type { Taxonomy, UploadKind } from '@/lib/api-types'
import { browserTimezone } from '@/lib/format'
import { peekIntent } from '@/lib/intent'
import { useTaxonomy } from '@/lib/meta'
import { Button } from '@/components/ui/button'
import { ProgressBar } from '@/components/ui/progress-bar'
import { signup, type SignupInput } from '../api/signup'
import { useCompleteSignIn } from '../hooks/use-complete-sign-in'
import { usePendingVerification } from '../hooks/use-pending-verification'
import { useWizardDraft } from '../hooks/use-wizard-draft'
import { fieldFromServer } from '../utils/server-fields'
import { VerifyEmailForm } from './verify-email-form'

export type Errors<V> = Partial<Record<keyof V & string, string | null>>

export interface FieldApi<V> {
  values: V
  set: <K extends keyof V>(field: K, value: V[K]) => void
  touch: (field: keyof V & string) => void
  error: (field: keyof V & string) => string | null
  taxonomy: Taxonomy
  files: Partial<Record<UploadKind, File | null>>
  setFile: (kind: UploadKind, file: File | null) => void
  fileErrors: Partial<Record<UploadKind, string | null>>
}

export interface WizardStep<V> {
  id: string
  title: string
  /** A one-word name for the step chips, which stay on one line at every width. */
  short: string
  fields: Array<keyof V & string>
  render: (api: FieldApi<V>) => ReactNode
}

export function SignupWizard<V extends { name: string; email: string; password: string }>({
  role,
  heading,
  intro,
  steps,
  initialValues,
  validate,
  toInput,
  checkFile,
}: {
  role: 'learner' | 'mentor'
  heading: string
  intro: string
  steps: WizardStep<V>[]
  initialValues: V
  validate: (values: V) => Errors<V>
  toInput: (values: V, timezone: string) => SignupInput
  checkFile: (kind: UploadKind, file: File) => string | null
}) {
  const taxonomy = useTaxonomy()
  const draft = useWizardDraft<V>(role, initialValues, steps.length)
  const { values, setValues, step, setStep } = draft
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const [attempted, setAttempted] = useState<Set<number>>(() => new Set())
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<ReactNode>(null)
  const [files, setFiles] = useState<Partial<Record<UploadKind, File | null>>>({})
  const [fileErrors, setFileErrors] = useState<Partial<Record<UploadKind, string | null>>>({})
  const [pendingEmail, setPendingEmail] = usePendingVerification(role)
  const { complete, uploading } = useCompleteSignIn()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const firstRender = useRef(true)

  const errors = validate(values)
  const current = steps[step]!
  const isLast = step === steps.length - 1

  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    headingRef.current?.focus()
  }, [step])

  const mutation = useMutation({ mutationFn: signup })

  const api: FieldApi<V> = {
    values,
    set: (field, value) => {
      setValues((v) => ({ ...v, [field]: value }))
      setServerErrors((e) => {
        if (!(String(field) in e)) return e
        const { [String(field)]: _drop, ...rest } = e
        void _drop
        return rest
      })
    },
    touch: (field) => setTouched((t) => (t.has(field) ? t : new Set(t).add(field))),
    error: (field) => {
      if (serverErrors[field]) return serverErrors[field]
      const show = touched.has(field) || attempted.has(step)
      return show ? (errors[field] ?? null) : null
    },
    taxonomy,
    files,
    setFile: (kind, file) => {
      setFiles((f) => ({ ...f, [kind]: file }))
      setFileErrors((e) => ({ ...e, [kind]: file ? checkFile(kind, file) : null }))
    },
    fileErrors,
  }

  const stepHasErrors = (index: number) =>
    steps[index]!.fields.some((f) => errors[f] || serverErrors[f]) ||
    (index === steps.length - 1 && Object.values(fileErrors).some(Boolean))

  const focusFirstInvalid = () => {
    requestAnimationFrame(() => {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
    })
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAttempted((a) => new Set(a).add(step))
    setFormError(null)
    if (stepHasErrors(step)) {
      focusFirstInvalid()
      return
    }
    if (!isLast) {
      setStep(step + 1)
      return
    }
    const firstBad = steps.findIndex((_, i) => stepHasErrors(i))
    if (firstBad !== -1) {
      setAttempted((a) => new Set(a).add(firstBad))
      setStep(firstBad)
      setFormError(
        firstBad === 0 && !values.password
          ? 'For your security the password is never saved in the draft — please type it again.'
          : 'Please complete the highlighted fields.',
      )
      return
    }
    try {
      await mutation.mutateAsync(toInput(values, browserTimezone()))
      setPendingEmail(values.email.trim())
      draft.discard()
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.code === 'email_taken')) {
        setServerErrors({ email: 'An account with this email already exists.' })
        setAttempted((a) => new Set(a).add(0))
        setStep(0)
        setFormError(
          <>
            That email already has an account.{' '}
            <Link to="/login" className="font-semibold text-primary underline underline-offset-4">
              Sign in instead
            </Link>
          </>,
        )
      } else if (err instanceof ApiError && err.code === 'validation_error' && Object.keys(err.fields).length) {
        const mapped: Record<string, string> = {}
        for (const [key, message] of Object.entries(err.fields)) mapped[fieldFromServer(key)] = message
        setServerErrors(mapped)
        const bad = steps.findIndex((s) => s.fields.some((f) => mapped[f]))
        if (bad !== -1) setStep(bad)
        setFormError(err.message || 'Please check the highlighted fields.')
      } else {
        setFormError(errorMessage(err, 'We could not create your account. Please try again.'))
      }
    }
  }

  if (pendingEmail) {
    return (
      <Shell role={role} heading={heading} intro={null}>
        <VerifyEmailForm
          email={pendingEmail}
          busy={uploading !== null}
          busyLabel={uploading ? `Uploading your ${uploading === 'avatar' ? 'profile picture' : 'intro video'}…` : undefined}
          onVerified={async (tokens) => {
            setPendingEmail(null)
            await complete(tokens, files)
          }}
          onChangeEmail={() => {
            setPendingEmail(null)
            setStep(0)
          }}
        />
      </Shell>
    )
  }

  return (
    <Shell role={role} heading={heading} intro={intro}>
      <div className="@container space-y-3">
        <ProgressBar value={step + 1} max={steps.length} label="Signup progress" />
        <p className="text-base font-medium text-ink-muted">
          Step {step + 1} of {steps.length}: {current.title}
        </p>
        {/* One line at every width: the current chip says "2. Domains", the
            others only their number until the card is wide enough for their
            names; the full title is always there for screen readers. */}
        <ol className="flex flex-nowrap gap-2" aria-label="Steps" data-testid="wizard-steps">
          {steps.map((s, i) => (
            <li
              key={s.id}
              aria-current={i === step ? 'step' : undefined}
              className={cn(
                'min-w-8 shrink-0 whitespace-nowrap rounded-full px-3 py-1 text-center text-sm',
                i === step ? 'bg-primary font-semibold text-white' : i < step ? 'bg-primary-soft font-semibold text-primary' : 'bg-surface text-ink-muted',
              )}
            >
              <span aria-hidden="true">
                {i + 1}
                <span className={i === step ? undefined : 'hidden @xl:inline'}>. {s.short}</span>
              </span>
              <span className="sr-only">
                {i + 1}. {s.title}
              </span>
            </li>
          ))}
        </ol>
      </div>
      {draft.restored && step > 0 && !values.password ? (
        <p className="rounded-[var(--radius-control)] bg-primary-soft px-3 py-2 text-base text-primary">
          We restored your draft. Passwords are never saved, so you'll re-enter yours before creating the account.
        </p>
      ) : null}
      <form ref={formRef} onSubmit={submit} noValidate className="glass space-y-5 rounded-[var(--radius-card)] p-5 md:p-8">
        <h2 ref={headingRef} tabIndex={-1} className="text-2xl font-bold text-primary outline-none">
          {current.title}
        </h2>
        {current.render(api)}
        {formError ? (
          <div role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
            {formError}
          </div>
        ) : null}
        <div className="flex flex-wrap items-center justify-between gap-3 pt-2">
          {step > 0 ? (
            <Button key={`back-${step}`} variant="secondary" onClick={() => setStep(step - 1)} debounceMs={0}>
              Back
            </Button>
          ) : (
            <span />
          )}
          {isLast ? (
            <Button key="create" type="submit" variant="cta" loading={mutation.isPending}>
              Create account
            </Button>
          ) : (
            <Button key={`next-${step}`} type="submit" variant="primary" debounceMs={0}>
              Next
            </Button>
          )}
        </div>
      </form>
      <p className="text-base text-ink-muted">
        Already have an account?{' '}
        <Link to="/login" className="font-semibold text-primary underline underline-offset-4">
          Sign in
        </Link>
      </p>
    </Shell>
  )
}

function Shell({ role, heading, intro, children }: { role: 'learner' | 'mentor'; heading: string; intro: string | null; children: ReactNode }) {
  // Sent here by "Book ➤" or "Request Live ➤" while signed out: say where we'll go back to.
  const [intent] = useState(() => (role === 'learner' ? peekIntent() : null))
  return (
    <section aria-labelledby="signup-heading" className="mx-auto max-w-2xl space-y-6 px-4 py-8 md:py-12">
      <div className="space-y-2">
        <h1 id="signup-heading" className="text-3xl font-extrabold text-primary md:text-4xl">
          {heading}
        </h1>
        {intro ? <p className="text-lg text-ink-muted">{intro}</p> : null}
        {intent ? (
          <p role="note" className="rounded-[var(--radius-control)] bg-cta-soft px-3 py-2 text-base text-ink">
            Once your account is ready we'll bring you straight back to {intent.label}.
          </p>
        ) : null}
      </div>
      {children}
    </section>
  )
}
