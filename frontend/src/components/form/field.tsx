import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type TextareaHTMLAttributes } from 'react'
import { cn } from '@/lib/cn'
import { describedBy, inputClass } from './field-utils'

/** Label + control + hint + error, wired with aria-describedby/aria-invalid. */
export function FieldShell({
  id,
  label,
  hint,
  error,
  extra,
  required,
  labelAddon,
  children,
}: {
  id: string
  label: string
  hint?: ReactNode
  error?: string | null
  extra?: ReactNode
  required?: boolean
  labelAddon?: ReactNode
  children: ReactNode
}) {
  return (
    <div className="space-y-1.5">
      <div className="flex items-center gap-1">
        <label htmlFor={id} className="text-base font-semibold text-ink">
          {label}
        </label>
        {required ? (
          <span aria-hidden="true" className="text-danger">
            *
          </span>
        ) : null}
        {labelAddon}
      </div>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-base text-ink-muted md:text-sm">
          {hint}
        </p>
      ) : null}
      {extra}
      <p id={`${id}-error`} className="text-base font-medium text-danger md:text-sm" aria-live="polite">
        {error || ''}
      </p>
    </div>
  )
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string
  hint?: ReactNode
  error?: string | null
  labelAddon?: ReactNode
  ref?: Ref<HTMLInputElement>
}

export function TextField({ label, hint, error, required, labelAddon, className, ref, ...rest }: InputProps) {
  const id = useId()
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} required={required} labelAddon={labelAddon}>
      <input
        ref={ref}
        id={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint)}
        className={cn(inputClass, className)}
        {...rest}
      />
    </FieldShell>
  )
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> & {
  label: string
  hint?: ReactNode
  error?: string | null
  labelAddon?: ReactNode
}

export function TextAreaField({ label, hint, error, required, labelAddon, className, value, maxLength, ...rest }: TextAreaProps) {
  const id = useId()
  const length = typeof value === 'string' ? value.length : 0
  return (
    <FieldShell
      id={id}
      label={label}
      hint={hint}
      error={error}
      required={required}
      labelAddon={labelAddon}
      extra={
        maxLength ? (
          <p className="text-right text-base text-ink-muted md:text-sm" aria-hidden="true">
            {length}/{maxLength}
          </p>
        ) : null
      }
    >
      <textarea
        id={id}
        value={value}
        maxLength={maxLength}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint)}
        className={cn(inputClass, 'min-h-32 resize-y', className)}
        {...rest}
      />
    </FieldShell>
  )
}
