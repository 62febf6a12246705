import { useMemo, useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { useDebouncedValue } from '@/hooks/use-debounced-value'
import { usePageTitle } from '@/hooks/use-page-title'
import { ApiError, errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import type { Session } from '@/lib/marketplace-types'
import { useTaxonomy } from '@/lib/meta'
import { mySessionsPath } from '@/lib/session-window'
import { DURATIONS, formatDuration, nextQuarterHour, todayIn } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { TextAreaField, TextField } from '@/components/form/field'
import { FileField } from '@/components/form/file-field'
import { SelectField } from '@/components/form/select-field'
import { TagInput } from '@/components/form/tag-input'
import { ZonedDateTimeField } from '@/components/form/zoned-date-time-field'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { QueryStatus } from '@/components/ui/query-status'
import { Switch } from '@/components/ui/switch'
import { InfoTip } from '@/components/ui/tooltip'
import {
  checkThumbnail,
  uploadThumbnail,
  useCatalogSuggest,
  useCreateSession,
  useOwnSession,
  useUpdateSession,
} from '../api/mentor-sessions'
import {
  DESCRIPTION_MAX,
  TITLE_MAX,
  TOPICS_MAX,
  diffSession,
  emptySessionForm,
  sessionFieldFromServer,
  sessionToForm,
  toSessionInput,
  validateSession,
  type SessionFormErrors,
  type SessionFormValues,
} from '../utils/session-form'

const MY_SESSIONS = '/dashboard/mentor/sessions'

/** /dashboard/mentor/sessions/new */
export function CreateSessionPage() {
  usePageTitle('Create session')
  const tz = useTimezone()
  const [initial] = useState(() => emptySessionForm(nextQuarterHour(tz, 24 * 60)))
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">Create a session</h1>
      <SessionForm initial={initial} />
    </div>
  )
}

/** /dashboard/mentor/sessions/:sessionId/edit */
export function EditSessionPage() {
  usePageTitle('Edit session')
  const { sessionId } = useParams()
  const query = useOwnSession(sessionId)
  const tz = useTimezone()
  return (
    <div className="space-y-6">
      <h1 className="text-3xl font-extrabold text-primary">Edit session</h1>
      <QueryStatus query={query} what="the session">
        {(s) =>
          s.status === 'scheduled' ? (
            <SessionForm key={s.session_id} initial={sessionToForm(s, tz)} existing={s} />
          ) : (
            <EmptyState title="This session can no longer be edited" action={<Link to={MY_SESSIONS} className="font-semibold text-primary underline">Back to My Sessions</Link>}>
              Only scheduled sessions can be changed.
            </EmptyState>
          )
        }
      </QueryStatus>
    </div>
  )
}

/**
 * The session form (spec 001 "Session Creation Flow"): title with ideas from
 * POST /catalog/suggest, description, topics (autocomplete from the taxonomy,
 * "Did you mean Algebra?" corrections), category, start time in the mentor's
 * timezone on 15-minute steps, duration, price in ₹ (0 = free), seats,
 * approval, thumbnail (presigned upload).
 */
function SessionForm({ initial, existing }: { initial: SessionFormValues; existing?: Session }) {
  const tz = useTimezone()
  const taxonomy = useTaxonomy()
  const navigate = useNavigate()
  const create = useCreateSession()
  const update = useUpdateSession()
  const [values, setValues] = useState(initial)
  const [touched, setTouched] = useState<Set<string>>(() => new Set())
  const [attempted, setAttempted] = useState(false)
  const [serverErrors, setServerErrors] = useState<SessionFormErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [thumbnail, setThumbnail] = useState<File | null>(null)
  const [thumbError, setThumbError] = useState<string | null>(null)
  const [uploading, setUploading] = useState(false)
  // Time, duration, price and seats freeze once somebody booked (or holds a seat).
  const locked = existing ? existing.seats_left < existing.seats : false
  const errors = validateSession(values, tz, { checkStart: !locked })

  const topicOptions = useMemo(() => [...new Set([...taxonomy.skills, ...taxonomy.categories])], [taxonomy])
  const suggestKey = useDebouncedValue(JSON.stringify([values.topics, values.category]), 500)
  const [suggestTopics, suggestCategory] = useMemo(() => JSON.parse(suggestKey) as [string[], string], [suggestKey])
  const suggest = useCatalogSuggest(suggestTopics, suggestCategory)
  const corrections = Object.entries(suggest.data?.corrections ?? {}).filter(
    ([typed, fixed]) => values.topics.includes(typed) && !values.topics.includes(fixed),
  )
  const titleIdeas = (suggest.data?.titles ?? []).filter((t) => t !== values.title).slice(0, 4)

  const set = <K extends keyof SessionFormValues>(key: K, value: SessionFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }))
    const cleared: SessionFormErrors = { [key]: undefined }
    if (key === 'date' || key === 'time') cleared.start = undefined
    setServerErrors((e) => ({ ...e, ...cleared }))
  }
  const touch = (key: string) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)))
  const error = (key: keyof SessionFormErrors) =>
    serverErrors[key] ?? (attempted || touched.has(key) ? (errors[key] ?? null) : null)

  const busy = create.isPending || update.isPending || uploading

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    setAttempted(true)
    setFormError(null)
    const form = e.currentTarget
    if (Object.keys(errors).length || thumbError) {
      // The spec's wording: a missing-topics form says exactly that.
      setFormError(Object.keys(errors).length === 1 && errors.topics ? errors.topics : 'Complete all fields: the highlighted ones need attention.')
      requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
      return
    }
    try {
      let key: string | undefined
      if (thumbnail) {
        setUploading(true)
        try {
          key = await uploadThumbnail(thumbnail)
        } finally {
          setUploading(false)
        }
      }
      const input = toSessionInput(values, tz, key)
      let saved: Session
      if (existing) {
        const patch = diffSession(existing, input, locked)
        saved = Object.keys(patch).length ? await update.mutateAsync({ id: existing.session_id, patch }) : existing
        showToast('Session updated ✔', { tone: 'success' })
      } else {
        saved = await create.mutateAsync(input)
        showToast('Session published ✔', { tone: 'success', detail: 'Learners can book it now — share it to fill your seats.' })
      }
      // Land on the tab that holds it (a same-day session is under Today), its row highlighted.
      navigate(mySessionsPath(saved, tz))
    } catch (err) {
      if (err instanceof ApiError && err.code === 'validation_error' && Object.keys(err.fields).length) {
        const mapped: SessionFormErrors = {}
        for (const [k, message] of Object.entries(err.fields)) mapped[sessionFieldFromServer(k)] = message
        setServerErrors(mapped)
        if (mapped.thumbnail) setThumbError(mapped.thumbnail)
      }
      setFormError(errorMessage(err, 'The session could not be saved. Please try again.'))
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Session details" className="glass space-y-5 rounded-[var(--radius-card)] p-5 md:p-8">
      <div className="space-y-2">
        <TextField
          label="Title"
          required
          value={values.title}
          maxLength={TITLE_MAX}
          placeholder="e.g. Master Algebra in 1 Hour"
          error={error('title')}
          onChange={(e) => set('title', e.target.value)}
          onBlur={() => touch('title')}
        />
        {titleIdeas.length ? (
          <div className="flex flex-wrap items-center gap-2" aria-label="Title ideas" role="group">
            <span className="text-base text-ink-muted">Ideas:</span>
            {titleIdeas.map((t) => (
              <button
                key={t}
                type="button"
                onClick={() => set('title', t)}
                className="min-h-tap rounded-full border border-accent bg-accent-soft px-3 text-base font-medium text-primary hover:bg-primary-soft"
              >
                {t}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      <TextAreaField
        label="Description"
        value={values.description}
        maxLength={DESCRIPTION_MAX}
        placeholder="What will learners be able to do afterwards?"
        labelAddon={<InfoTip label="Tips for the description" text="Include the key benefits: what learners will understand or be able to do after the session." />}
        error={error('description')}
        onChange={(e) => set('description', e.target.value)}
      />
      <div className="space-y-2">
        <TagInput
          label="Topics"
          required
          values={values.topics}
          options={topicOptions}
          max={TOPICS_MAX}
          placeholder="Type a topic and press Enter"
          labelAddon={<InfoTip label="Which topics to add" text="List specific topics like ‘Quadratic Equations’ — learners search by them." />}
          error={error('topics')}
          onChange={(topics) => set('topics', topics)}
          onBlur={() => touch('topics')}
        />
        {corrections.map(([typed, fixed]) => (
          <button
            key={typed}
            type="button"
            onClick={() => set('topics', values.topics.map((t) => (t === typed ? fixed : t)))}
            className="mr-2 min-h-tap rounded-[var(--radius-control)] px-2 text-base font-semibold text-primary underline underline-offset-4 hover:bg-accent-soft"
          >
            Did you mean {fixed}?
          </button>
        ))}
        {values.topics.length >= 2 && corrections.length === 0 ? (
          <p className="text-base text-success">Awesome topics! Learners will love this!</p>
        ) : null}
      </div>
      <SelectField
        label="Category"
        required
        value={values.category}
        placeholder="Choose a category"
        options={(values.category && !taxonomy.categories.includes(values.category) ? [values.category, ...taxonomy.categories] : taxonomy.categories).map((c) => ({ value: c, label: c }))}
        error={error('category')}
        onChange={(e) => {
          set('category', e.target.value)
          touch('category')
        }}
      />
      {locked ? (
        <p className="rounded-[var(--radius-control)] bg-warning-soft px-3 py-2 text-base text-ink">
          Someone has booked this session, so its time, duration, price and seats can no longer change. Cancel it instead if
          it can't go ahead.
        </p>
      ) : null}
      <fieldset disabled={locked} className="space-y-5 disabled:opacity-70">
        <ZonedDateTimeField
          label="Start time"
          required
          timezone={tz}
          min={todayIn(tz)}
          value={{ date: values.date, time: values.time }}
          error={error('start')}
          onChange={(v) => {
            set('date', v.date)
            set('time', v.time)
            touch('start')
          }}
        />
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Duration"
            required
            value={values.duration}
            options={DURATIONS.map((m) => ({ value: String(m), label: formatDuration(m) }))}
            error={error('duration')}
            onChange={(e) => set('duration', e.target.value)}
          />
          <TextField
            label="Price (₹)"
            required
            inputMode="decimal"
            value={values.price}
            hint="0 makes it free."
            error={error('price')}
            onChange={(e) => set('price', e.target.value)}
            onBlur={() => touch('price')}
          />
          <TextField
            label="Seats"
            required
            type="number"
            min={1}
            inputMode="numeric"
            value={values.seats}
            hint="1 = one-to-one."
            error={error('seats')}
            onChange={(e) => set('seats', e.target.value)}
            onBlur={() => touch('seats')}
          />
        </div>
      </fieldset>
      <Switch
        label="Requires my approval"
        description="Each booking waits until you accept it."
        checked={values.requiresApproval}
        onChange={(v) => set('requiresApproval', v)}
      />
      <FileField
        label="Thumbnail"
        kind="image"
        accept="image/jpeg,image/png,image/webp"
        file={thumbnail}
        currentUrl={existing?.thumbnail_url}
        hint="JPEG, PNG or WebP, up to 5 MB. Optional."
        error={thumbError}
        onChange={(file) => {
          setThumbnail(file)
          setThumbError(file ? checkThumbnail(file) : null)
        }}
      />
      {formError ? (
        <div role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base font-semibold text-danger">
          {formError}
        </div>
      ) : null}
      <div className="flex flex-wrap items-center justify-end gap-3">
        <Link to={MY_SESSIONS} className="inline-flex min-h-tap items-center rounded-[var(--radius-control)] px-4 font-semibold text-primary hover:bg-accent-soft">
          Back
        </Link>
        <Button type="submit" variant="cta" size="lg" loading={busy}>
          {existing ? 'Save changes' : 'Publish session ➤'}
        </Button>
      </div>
    </form>
  )
}
