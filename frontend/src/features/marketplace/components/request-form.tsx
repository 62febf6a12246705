import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { ApiError, errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import type { MentorProfileData } from '@/lib/marketplace-types'
import { DURATIONS, formatDuration, nextQuarterHour, todayIn } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { TextAreaField, TextField } from '@/components/form/field'
import { SelectField } from '@/components/form/select-field'
import { ZonedDateTimeField } from '@/components/form/zoned-date-time-field'
import { Button } from '@/components/ui/button'
import { useCreateRequest } from '../api/create-request'
import { MESSAGE_MAX, requestFieldFromServer, toRequestInput, validateRequest, type RequestErrors, type RequestValues } from '../utils/request-form'

/**
 * The inline "Request Live ➤" form (spec 000 §9.2): title, domain, a proposed
 * time in the learner's timezone (15-minute steps), duration, budget in ₹ and
 * a message → POST /requests → toast "Request Sent ✔".
 */
export function RequestForm({
  mentor,
  domains,
  onCancel,
}: {
  mentor: Pick<MentorProfileData, 'user_id' | 'name'>
  domains: readonly string[]
  onCancel: () => void
}) {
  const tz = useTimezone()
  const [values, setValues] = useState<RequestValues>(() => {
    const start = nextQuarterHour(tz, 24 * 60)
    return { title: '', domain: domains.length === 1 ? domains[0]! : '', date: start.date, time: start.time, duration: '60', budget: '', message: '' }
  })
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const [attempted, setAttempted] = useState(false)
  const [serverErrors, setServerErrors] = useState<RequestErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [sent, setSent] = useState(false)
  const create = useCreateRequest()
  const errors = validateRequest(values, tz)

  const set = <K extends keyof RequestValues>(key: K, value: RequestValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }))
    setServerErrors((e) => ({ ...e, [key]: undefined, ...(key === 'date' || key === 'time' ? { proposed: undefined } : {}) }))
  }
  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)))
  const error = (key: keyof RequestErrors) => serverErrors[key] ?? (attempted || touched.has(key) ? (errors[key] ?? null) : null)

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    setAttempted(true)
    setFormError(null)
    const form = e.currentTarget
    if (Object.keys(errors).length) {
      setFormError('Please complete the highlighted fields.')
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    try {
      await create.mutateAsync(toRequestInput(mentor.user_id, values, tz))
      showToast('Request Sent ✔', { tone: 'success', detail: `${mentor.name} will answer in My Activity.` })
      setSent(true)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation_error' && Object.keys(err.fields).length) {
        const mapped: RequestErrors = {}
        for (const [key, message] of Object.entries(err.fields)) mapped[requestFieldFromServer(key)] = message
        setServerErrors(mapped)
      }
      setFormError(errorMessage(err, 'The request could not be sent. Please try again.'))
    }
  }

  if (sent) return <RequestSent mentorName={mentor.name} onClose={onCancel} />

  const domainOptions = (domains.length ? domains : []).map((d) => ({ value: d, label: d }))
  return (
    <form onSubmit={submit} noValidate aria-labelledby="request-form-heading" className="glass space-y-4 rounded-[var(--radius-card)] p-5">
      <h2 id="request-form-heading" className="text-xl font-bold text-primary">
        Request a live session with {mentor.name}
      </h2>
      <TextField
        label="Title"
        required
        value={values.title}
        maxLength={120}
        placeholder="e.g. Quadratic equations before my exam"
        error={error('title')}
        onChange={(e) => set('title', e.target.value)}
        onBlur={() => touch('title')}
      />
      {domainOptions.length ? (
        <SelectField
          label="Domain"
          required
          value={values.domain}
          placeholder="Choose a domain"
          options={domainOptions}
          error={error('domain')}
          onChange={(e) => {
            set('domain', e.target.value)
            touch('domain')
          }}
        />
      ) : (
        <TextField
          label="Domain"
          required
          value={values.domain}
          error={error('domain')}
          onChange={(e) => set('domain', e.target.value)}
          onBlur={() => touch('domain')}
        />
      )}
      <ZonedDateTimeField
        label="Proposed time"
        required
        timezone={tz}
        min={todayIn(tz)}
        value={{ date: values.date, time: values.time }}
        error={error('proposed')}
        onChange={(v) => {
          set('date', v.date)
          set('time', v.time)
        }}
        onBlur={() => touch('proposed')}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Duration"
          required
          value={values.duration}
          options={DURATIONS.map((m) => ({ value: String(m), label: formatDuration(m) }))}
          error={error('duration')}
          onChange={(e) => set('duration', e.target.value)}
        />
        <TextField
          label="Budget (₹)"
          required
          inputMode="decimal"
          value={values.budget}
          placeholder="500"
          hint="What you'd like to pay in total. The mentor may suggest another amount."
          error={error('budget')}
          onChange={(e) => set('budget', e.target.value)}
          onBlur={() => touch('budget')}
        />
      </div>
      <TextAreaField
        label="Message"
        value={values.message}
        maxLength={MESSAGE_MAX}
        placeholder="What would you like to learn? Anything the mentor should know?"
        error={error('message')}
        onChange={(e) => set('message', e.target.value)}
      />
      {formError ? (
        <div role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
          {formError}
        </div>
      ) : null}
      <div className="flex flex-wrap justify-end gap-3">
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" variant="cta" loading={create.isPending}>
          Send Request ➤
        </Button>
      </div>
    </form>
  )
}

/**
 * The confirmation, brought into view below the sticky header (scroll-mt-24)
 * with focus on its heading, so it is seen and announced wherever the form
 * was scrolled to.
 */
function RequestSent({ mentorName, onClose }: { mentorName: string; onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches
    box.current?.scrollIntoView?.({ block: 'start', behavior: reduce ? 'auto' : 'smooth' })
    heading.current?.focus({ preventScroll: true })
  }, [])
  return (
    <div role="status" className="glass scroll-mt-24 space-y-3 rounded-[var(--radius-card)] p-5" ref={box}>
      <h2 ref={heading} tabIndex={-1} className="text-xl font-bold text-primary">
        Request Sent ✔
      </h2>
      <p className="text-base text-ink">
        {mentorName} can accept, suggest another time or budget, or decline. You'll be notified, and the request shows
        “⏳ Pending” in My Activity until then.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link
          to="/dashboard/learner/activity"
          className="lift inline-flex min-h-tap items-center rounded-[var(--radius-control)] bg-primary px-4 font-semibold text-white hover:bg-primary-hover"
        >
          Go to My Activity ➤
        </Link>
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </div>
  )
}
