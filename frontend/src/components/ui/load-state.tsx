import type { ReactNode } from 'react'
import { useDelayedFlag } from '@/hooks/use-delayed-flag'
import { useSlowNetwork } from '@/hooks/use-slow-network'
import { PageSkeleton } from './skeleton'
import { FullScreenSpinner } from './spinner'

export const SKELETON_DELAY_MS = 1000
export const SPINNER_DELAY_MS = 3000

/**
 * What to show while something loads: nothing for the first second (fast
 * loads never flash), then the skeleton, then past 3 s — or straight away on
 * a slow network (< 2 Mbit/s) — a full-screen spinner.
 */
export function LoadState({
  pending,
  skeleton,
  label = 'Loading',
  children,
}: {
  pending: boolean
  skeleton?: ReactNode
  label?: string
  children?: ReactNode
}) {
  const slow = useSlowNetwork()
  const showSkeleton = useDelayedFlag(pending, SKELETON_DELAY_MS)
  const showSpinner = useDelayedFlag(pending, SPINNER_DELAY_MS)
  if (!pending) return <>{children}</>
  if (slow || showSpinner) return <FullScreenSpinner label={label} />
  if (showSkeleton) return <>{skeleton ?? <PageSkeleton label={label} />}</>
  return <span className="sr-only" role="status">{label}…</span>
}

/** Suspense fallback for lazily loaded routes, with the same timing. */
export function RouteFallback() {
  return <LoadState pending label="Loading page" />
}
