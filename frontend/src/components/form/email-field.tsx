import { useId, type Ref } from 'react'
import { cn } from '@/lib/cn'
import { suggestEmail } from '@/lib/suggest'
import { FieldShell } from './field'
import { describedBy, inputClass } from './field-utils'

/**
 * Email input with the domain typo hint: "asha@gmial.com" shows a button
 * "Did you mean gmail.com?" that fixes the address in one click.
 */
export function EmailField({
  value,
  onChange,
  onBlur,
  error,
  knownDomains,
  label = 'Email',
  autoComplete = 'email',
  ref,
}: {
  value: string
  onChange: (value: string) => void
  onBlur?: () => void
  error?: string | null
  knownDomains: readonly string[]
  label?: string
  autoComplete?: string
  ref?: Ref<HTMLInputElement>
}) {
  const id = useId()
  const suggestion = suggestEmail(value, knownDomains)
  const suggestedDomain = suggestion?.slice(suggestion.lastIndexOf('@') + 1)
  return (
    <FieldShell
      id={id}
      label={label}
      error={error}
      required
      extra={
        suggestion ? (
          <p id={`${id}-suggestion`} className="text-base">
            <button
              type="button"
              onClick={() => onChange(suggestion)}
              className="min-h-tap rounded-md px-1 font-semibold text-primary underline underline-offset-4 hover:bg-accent-soft"
            >
              Did you mean {suggestedDomain}?
            </button>
          </p>
        ) : null
      }
    >
      <input
        ref={ref}
        id={id}
        type="email"
        inputMode="email"
        autoComplete={autoComplete}
        autoCapitalize="none"
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        aria-invalid={error ? true : undefined}
        aria-required
        aria-describedby={describedBy(id, null, suggestion ? `${id}-suggestion` : undefined)}
        className={cn(inputClass)}
      />
    </FieldShell>
  )
}
