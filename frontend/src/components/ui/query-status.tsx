import type { ReactNode } from 'react'
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
 */
export function QueryStatus<T>({
  query,
  skeleton,
  label = 'Loading',
  what = 'this',
  children,
}: {
  query: QueryLike<T>
  skeleton?: ReactNode
  label?: string
  what?: string
  children: (data: T) => ReactNode
}) {
  if (query.data !== undefined) {
    return (
      <>
        {query.isError ? <RetryPrompt query={query} what={what} stale /> : null}
        {children(query.data)}
      </>
    )
  }
  if (query.isError) return <RetryPrompt query={query} what={what} />
  return <LoadState pending={query.isPending} skeleton={skeleton} label={label} />
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
