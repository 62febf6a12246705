import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react'
import { cn } from '@/lib/cn'
import { autocomplete, autocorrect } from '@/lib/suggest'
import { CloseIcon } from '@/components/ui/icons'
import { FieldShell } from './field'
import { describedBy, inputClass } from './field-utils'

/**
 * A list of values (skills, interests, domains) typed with autocomplete
 * ("Pyth" → "Python") and autocorrect ("Pyhton" → "Python"). ARIA combobox
 * pattern: ↓/↑ move through suggestions, Enter or comma adds, Escape closes,
 * Backspace on an empty box removes the last value.
 *
 * `strict` (domains, categories): only values from `options` — the first
 * suggestion is highlighted as you type and Enter commits it ("Data" → "Data
 * Science"); text that names no option is refused with a message.
 */
export function TagInput({
  label,
  values,
  onChange,
  options,
  max,
  error,
  hint,
  required,
  placeholder,
  labelAddon,
  onBlur,
  strict = false,
}: {
  label: string
  values: string[]
  onChange: (values: string[]) => void
  options: readonly string[]
  max?: number
  error?: string | null
  hint?: ReactNode
  required?: boolean
  placeholder?: string
  labelAddon?: ReactNode
  onBlur?: () => void
  strict?: boolean
}) {
  const id = useId()
  const listId = `${id}-list`
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const [note, setNote] = useState('')
  const [refused, setRefused] = useState<string | null>(null)
  const suggestions = useMemo(
    () => autocomplete(text, options, { exclude: values, limit: 6 }),
    [text, options, values],
  )
  const full = max !== undefined && values.length >= max
  const showList = open && suggestions.length > 0 && !full
  // Strict lists always have a highlighted suggestion while you type, so Enter commits a real value.
  const highlighted = active >= 0 ? active : strict && text.trim() && suggestions.length ? 0 : -1

  const add = (raw: string, fromSuggestion = false) => {
    let value = fromSuggestion ? raw : autocorrect(raw, options)
    if (strict && !fromSuggestion) {
      const folded = value.trim().toLowerCase()
      value = options.find((o) => o.toLowerCase() === folded) ?? ''
      if (!value && raw.trim()) {
        const message = `“${raw.trim()}” isn't in the list. Choose one of the suggestions.`
        setRefused(message)
        setNote(message)
        return
      }
    }
    setRefused(null)
    setText('')
    setActive(-1)
    if (!value) return
    if (values.some((v) => v.toLowerCase() === value.toLowerCase())) {
      setNote(`${value} is already added.`)
      return
    }
    if (full) {
      setNote(`You can add up to ${max}.`)
      return
    }
    if (!fromSuggestion && value.toLowerCase() !== raw.trim().toLowerCase()) {
      setNote(`Corrected “${raw.trim()}” to “${value}”.`)
    } else {
      setNote(`Added ${value}.`)
    }
    onChange([...values, value])
  }

  const remove = (value: string) => {
    onChange(values.filter((v) => v !== value))
    setNote(`Removed ${value}.`)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setOpen(true)
      setActive((a) => (suggestions.length ? (a + 1) % suggestions.length : -1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => (suggestions.length ? (a - 1 + suggestions.length) % suggestions.length : -1))
    } else if (e.key === 'Enter' || e.key === ',') {
      if (showList && highlighted >= 0 && suggestions[highlighted]) {
        e.preventDefault()
        add(suggestions[highlighted], true)
      } else if (text.trim()) {
        e.preventDefault()
        add(text)
      }
    } else if (e.key === 'Escape') {
      if (showList) {
        e.preventDefault()
        e.stopPropagation()
      }
      setOpen(false)
      setActive(-1)
    } else if (e.key === 'Backspace' && !text && values.length) {
      remove(values[values.length - 1]!)
    } else if (e.key === 'Tab' && showList && highlighted >= 0 && suggestions[highlighted]) {
      add(suggestions[highlighted], true)
    }
  }

  return (
    <FieldShell
      id={id}
      label={label}
      hint={hint}
      error={error ?? refused}
      required={required}
      labelAddon={labelAddon}
      extra={
        <p className="sr-only" aria-live="polite">
          {note}
        </p>
      }
    >
      {values.length > 0 ? (
        <ul className="flex flex-wrap gap-2">
          {values.map((v) => (
            <li
              key={v}
              className="inline-flex items-center gap-1 rounded-full bg-primary-soft py-1 pl-3 pr-1 text-base font-medium text-primary"
            >
              {v}
              <button
                type="button"
                aria-label={`Remove ${v}`}
                onClick={() => remove(v)}
                className="relative inline-flex size-9 items-center justify-center rounded-full before:absolute before:-inset-1 before:content-[''] hover:bg-accent-soft"
              >
                <CloseIcon size={16} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="relative">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList && highlighted >= 0 ? `${id}-opt-${highlighted}` : undefined}
          aria-invalid={error || refused ? true : undefined}
          aria-required={required || undefined}
          aria-describedby={describedBy(id, hint)}
          value={text}
          disabled={full}
          placeholder={full ? `Up to ${max} — remove one to add another` : placeholder}
          onChange={(e) => {
            setText(e.target.value)
            setOpen(true)
            setActive(-1)
            setRefused(null)
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            setOpen(false)
            if (text.trim()) add(text)
            onBlur?.()
          }}
          onKeyDown={onKeyDown}
          className={cn(inputClass)}
        />
        <ul
          id={listId}
          role="listbox"
          aria-label="Suggestions"
          hidden={!showList}
          className="absolute inset-x-0 top-full z-30 mt-1 max-h-64 overflow-auto rounded-[var(--radius-control)] border border-line bg-surface py-1 shadow-lg"
        >
          {suggestions.map((s, i) => (
            <li
              key={s}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === highlighted}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => add(s, true)}
              className={cn(
                'flex min-h-tap items-center px-3 text-base',
                i === highlighted ? 'bg-accent-soft text-primary' : 'hover:bg-accent-soft',
              )}
            >
              {s}
            </li>
          ))}
        </ul>
      </div>
    </FieldShell>
  )
}
