import { useId } from 'react'
import { cn } from '@/lib/cn'

export function Switch({
  label,
  description,
  checked,
  onChange,
  disabled,
}: {
  label: string
  description?: string
  checked: boolean
  onChange: (checked: boolean) => void
  disabled?: boolean
}) {
  const id = useId()
  return (
    <div className="flex min-h-tap items-center justify-between gap-4 py-2">
      <div>
        <span id={`${id}-label`} className="text-base font-medium text-ink">
          {label}
        </span>
        {description ? (
          <p id={`${id}-desc`} className="text-base text-ink-muted md:text-sm">
            {description}
          </p>
        ) : null}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={description ? `${id}-desc` : undefined}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={cn(
          'relative inline-flex h-8 w-14 shrink-0 items-center rounded-full border-2 border-transparent transition-colors',
          'before:absolute before:-inset-2 before:content-[""]',
          checked ? 'bg-primary' : 'bg-ink-muted',
          disabled && 'opacity-60',
        )}
      >
        <span
          aria-hidden="true"
          className={cn(
            'inline-block size-6 rounded-full bg-white shadow transition-transform',
            checked ? 'translate-x-6' : 'translate-x-0',
          )}
        />
      </button>
    </div>
  )
}
