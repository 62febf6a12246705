import { cn } from '@/lib/cn'

/** A spinner. With a non-empty label it is announced (role=status). */
export function Spinner({
  size = 24,
  label = 'Loading',
  className,
}: {
  size?: number
  label?: string
  className?: string
}) {
  const svg = (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      className={cn('animate-spin', className)}
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="9.5" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
      <path d="M21.5 12A9.5 9.5 0 0 0 12 2.5" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  )
  if (!label) return svg
  return (
    <span role="status" className="inline-flex items-center">
      {svg}
      <span className="sr-only">{label}</span>
    </span>
  )
}

export function FullScreenSpinner({ label = 'Loading' }: { label?: string }) {
  return (
    <div
      className="fixed inset-0 z-[70] flex flex-col items-center justify-center gap-4 bg-canvas/90 text-primary backdrop-blur-sm"
      data-testid="fullscreen-spinner"
    >
      <Spinner size={48} label={label} />
      <p className="text-base text-ink-muted" aria-hidden="true">
        {label}…
      </p>
    </div>
  )
}
