import { useId, type ReactNode } from 'react'
import { cn } from '@/lib/cn'
import { describedBy, inputClass } from './field-utils'
import { FieldShell } from './field'

/**
 * A rupee amount: "₹" before the input, decimal keypad on phones. The caller
 * validates with lib/money `checkRupees` as the person types and sends the
 * exact integer paise it returns.
 */
export function MoneyField({
  label,
  value,
  onChange,
  error,
  hint,
  required,
  autoFocus,
  name,
}: {
  label: string
  value: string
  onChange: (value: string) => void
  error?: string | null
  hint?: ReactNode
  required?: boolean
  autoFocus?: boolean
  name?: string
}) {
  const id = useId()
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={required}>
      <div className="relative">
        <span aria-hidden="true" className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-base font-semibold text-ink-muted">
          ₹
        </span>
        <input
          id={id}
          name={name}
          inputMode="decimal"
          autoComplete="off"
          autoFocus={autoFocus}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-required={required || undefined}
          aria-describedby={describedBy(id, hint)}
          className={cn(inputClass, 'pl-8')}
        />
      </div>
    </FieldShell>
  )
}
