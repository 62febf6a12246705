import { useId } from 'react'
import { cn } from '@/lib/cn'
import { QUARTER_HOURS } from '@/lib/timezone'
import { describedBy, inputClass } from './field-utils'

export interface ZonedValue {
  /** "YYYY-MM-DD" */
  date: string
  /** "HH:mm", on a 15-minute step */
  time: string
}

function timeLabel(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number]
  const suffix = h < 12 ? 'am' : 'pm'
  const h12 = h % 12 === 0 ? 12 : h % 12
  return `${h12}:${String(m).padStart(2, '0')} ${suffix}`
}

/**
 * A date and a time (15-minute steps) in a named timezone — the signed-in
 * user's own. The caller converts with `zonedToUtc` from lib/timezone.
 */
export function ZonedDateTimeField({
  label,
  value,
  onChange,
  timezone,
  min,
  error,
  required,
  onBlur,
}: {
  label: string
  value: ZonedValue
  onChange: (value: ZonedValue) => void
  timezone: string
  /** Earliest date, "YYYY-MM-DD". */
  min?: string
  error?: string | null
  required?: boolean
  onBlur?: () => void
}) {
  const id = useId()
  const hint = `In your timezone (${timezone}).`
  return (
    <fieldset className="space-y-1.5" aria-describedby={`${id}-error`}>
      <legend className="text-base font-semibold text-ink">
        {label}
        {required ? (
          <span aria-hidden="true" className="ml-1 text-danger">
            *
          </span>
        ) : null}
      </legend>
      <div className="grid gap-2 sm:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor={`${id}-date`} className="text-base text-ink-muted md:text-sm">
            {label}: date
          </label>
          <input
            id={`${id}-date`}
            type="date"
            value={value.date}
            min={min}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, hint)}
            onChange={(e) => onChange({ ...value, date: e.target.value })}
            onBlur={onBlur}
            className={cn(inputClass)}
          />
        </div>
        <div className="space-y-1">
          <label htmlFor={`${id}-time`} className="text-base text-ink-muted md:text-sm">
            {label}: time
          </label>
          <select
            id={`${id}-time`}
            value={value.time}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy(id, hint)}
            onChange={(e) => onChange({ ...value, time: e.target.value })}
            onBlur={onBlur}
            className={cn(inputClass)}
          >
            <option value="">Choose a time</option>
            {QUARTER_HOURS.map((t) => (
              <option key={t} value={t}>
                {timeLabel(t)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={`${id}-hint`} className="text-base text-ink-muted md:text-sm">
        {hint}
      </p>
      <p id={`${id}-error`} className="text-base font-medium text-danger md:text-sm" aria-live="polite">
        {error || ''}
      </p>
    </fieldset>
  )
}
