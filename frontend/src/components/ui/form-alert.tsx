import type { ReactNode } from 'react'

/** A form's or dialog's problem, announced to screen readers; renders nothing without one. */
export function FormAlert({ children }: { children?: ReactNode }) {
  if (children === null || children === undefined || children === false || children === '') return null
  return (
    <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
      {children}
    </p>
  )
}
