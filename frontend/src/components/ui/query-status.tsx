import { useDeferredValue, type ReactNode } from 'react'
import { errorMessage } from '@/lib/api-client'
import { Button } from './button'
import { LoadState } from './load-state'

interface QueryLike<T> {
  data: T | undefined
  isPending: boolean
  isError: boolean
  isFetching: boolean
  error: unknown
  refetch: () => unknown
}

/**
 * Renders a query: the delayed skeleton while it first loads, the data once
 * there — and the data stays on screen when a later refetch fails, with a
 * "Retry?" prompt above it. (The API client already retried 3 times with
 * backoff before this shows.)
 *
 * `defer`: for a long list. A query's result renders at once and in one piece
 * (TanStack Query reaches React through useSyncExternalStore), which on a phone
 * is one long task; deferred, React renders it in slices that yield to input,
 * with the skeleton (or the previous results) on screen meanwhile.
 */
export function QueryStatus<T>({
  query,
  skeleton,
  label = 'Loading',
  what = 'this',
  children,
  defer = false,
}: {
  query: QueryLike<T>
  skeleton?: ReactNode
  label?: string
  what?: string
  children: (data: T) => ReactNode
  defer?: boolean
}) {
  // (a constant when not deferring: a changing deferred value costs a second render even unread)
  const deferred = useDeferredValue(defer ? query.data : undefined)
  const data = defer ? deferred : query.data
  if (data !== undefined) {
    return (
      <>
        {query.isError ? <RetryPrompt query={query} what={what} stale /> : null}
        {children(data)}
      </>
    )
  }
  if (query.isError) return <RetryPrompt query={query} what={what} />
  // (deferred: the first result is here and rendering in the background)
  return <LoadState pending={query.isPending || query.data !== undefined} skeleton={skeleton} label={label} />
}

export function RetryPrompt({
  query,
  what,
  stale = false,
}: {
  query: Pick<QueryLike<unknown>, 'error' | 'refetch' | 'isFetching'>
  what: string
  stale?: boolean
}) {
  return (
    <div
      role="alert"
      className="flex flex-wrap items-center justify-between gap-3 rounded-[var(--radius-card)] border border-danger/30 bg-danger-soft px-4 py-3 text-base text-danger"
    >
      <p>
        {stale ? `Showing saved ${what}. ` : `Couldn't load ${what}. `}
        <span className="text-ink">{errorMessage(query.error)}</span>
      </p>
      <Button variant="secondary" loading={query.isFetching} onClick={() => void query.refetch()}>
        Retry?
      </Button>
    </div>
  )
}
