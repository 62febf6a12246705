import type { ReactNode } from 'react'
import { cn } from '@/lib/cn'

export type ChipTone = 'neutral' | 'pending' | 'info' | 'success' | 'danger' | 'live'

const TONES: Record<ChipTone, string> = {
  neutral: 'bg-canvas text-ink-muted border-line',
  pending: 'bg-warning-soft text-ink border-transparent',
  info: 'bg-primary-soft text-primary border-transparent',
  success: 'bg-success-soft text-success border-transparent',
  danger: 'bg-danger-soft text-danger border-transparent',
  live: 'bg-cta-strong text-white border-transparent',
}

/** A small status label ("⏳ Pending", "Confirmed", "● Live"). */
export function StatusChip({ tone = 'neutral', children, className }: { tone?: ChipTone; children: ReactNode; className?: string }) {
  return (
    <span
      className={cn(
        'inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-base font-semibold md:text-sm',
        TONES[tone],
        className,
      )}
    >
      {children}
    </span>
  )
}

/** The "Live" badge: a pulsing dot and the word. */
export function LiveBadge({ className }: { className?: string }) {
  return (
    <StatusChip tone="live" className={className}>
      <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-white" />
      Live
    </StatusChip>
  )
}
