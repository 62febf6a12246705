import { useId, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react'
import { cn } from '@/lib/cn'
import { FieldShell } from './field'
import { describedBy, inputClass } from './field-utils'

export interface SelectOption {
  value: string
  label: string
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'children'> & {
  label: string
  options: readonly SelectOption[]
  /** A first, empty choice ("Choose a category"). */
  placeholder?: string
  hint?: ReactNode
  error?: string | null
  labelAddon?: ReactNode
  ref?: Ref<HTMLSelectElement>
}

/** A labelled native select with hint and error, like TextField. */
export function SelectField({ label, options, placeholder, hint, error, required, labelAddon, className, ref, ...rest }: SelectProps) {
  const id = useId()
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={required} labelAddon={labelAddon}>
      <select
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint)}
        className={cn(inputClass, 'pr-8', className)}
        {...rest}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  )
}
