import { useCallback, useMemo } from 'react'
import { useSearchParamsUpdate } from '@/hooks/use-search-params-update'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { useTimezone } from '@/lib/auth'
import { TextField } from '@/components/form/field'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { PlayIcon, SearchIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { useSessionSearch } from '../api/get-sessions'
import { useBooking } from '../hooks/use-booking'
import { FILTER_PARAMS, hasFilters, readFilters, toApiFilters, type FilterParam } from '../utils/filters'
import { SessionCard } from './session-card'
import { useDebouncedFilter } from '../hooks/use-debounced-filter'
import { SessionFilters } from './session-filters'

export function SessionGridSkeleton({ label = 'Loading sessions' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" data-testid="sessions-skeleton" className="grid gap-5 sm:grid-cols-2 xl:grid-cols-3">
      <span className="sr-only">{label}…</span>
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <Skeleton key={i} className="h-80" />
      ))}
    </div>
  )
}

/**
 * /sessions (spec 000 §10.5): filters (sidebar / accordion), a debounced
 * search over titles and topics, and an infinite grid over `next_cursor`.
 */
export function SessionsPage() {
  usePageTitle('Sessions')
  const [params, update] = useSearchParamsUpdate()
  const tz = useTimezone()
  const now = useNow(30_000)
  const filters = useMemo(() => readFilters(params), [params])
  const apiFilters = useMemo(() => toApiFilters(filters, tz), [filters, tz])
  const search = useSessionSearch(apiFilters)
  const { book, sheet } = useBooking()

  const setFilter = useCallback(
    (name: FilterParam, value: string) => {
      update((next) => {
        if (value) next.set(name, value)
        else next.delete(name)
        if (name === 'price' && value === 'free') {
          next.delete('min')
          next.delete('max')
        }
      })
    },
    [update],
  )
  const clear = useCallback(() => {
    update((next) => {
      for (const name of FILTER_PARAMS) next.delete(name)
    })
  }, [update])
  const [q, setQ] = useDebouncedFilter(filters.q, (v) => setFilter('q', v))
  const active = hasFilters(filters)

  return (
    <section aria-labelledby="sessions-heading" className="mx-auto max-w-7xl space-y-6 px-4 py-8 md:px-6 md:py-10">
      <h1 id="sessions-heading" className="text-3xl font-extrabold text-primary">
        Live &amp; upcoming sessions
      </h1>
      <div className="grid gap-6 md:grid-cols-[16rem_minmax(0,1fr)]">
        <SessionFilters filters={filters} setFilter={setFilter} clear={clear} active={active} />
        <div className="min-w-0 space-y-5">
          <div role="search" className="relative">
            <TextField
              label="Search sessions"
              type="search"
              value={q}
              placeholder="Search titles and topics, e.g. Algebra"
              className="pl-10"
              onChange={(e) => setQ(e.target.value)}
            />
            <SearchIcon aria-hidden="true" className="pointer-events-none absolute left-3 top-[2.6rem] text-ink-muted" size={20} />
          </div>
          {/* The cards are h3s: on a phone the filters' h2 is folded away, so the results carry their own. */}
          <h2 className="sr-only">Results</h2>
          <QueryStatus query={search} what="sessions" skeleton={<SessionGridSkeleton />} label="Loading sessions" defer>
            {(data) => {
              const items = data.pages.flatMap((p) => p.items)
              return items.length ? (
                <>
                  <ul
                    aria-label="Sessions"
                    aria-busy={search.isPlaceholderData || undefined}
                    className="grid gap-5 sm:grid-cols-2 xl:grid-cols-3"
                  >
                    {items.map((s) => (
                      <li key={s.session_id}>
                        <SessionCard session={s} now={now} timezone={tz} onBook={book} />
                      </li>
                    ))}
                  </ul>
                  <InfiniteFooter
                    hasNextPage={search.hasNextPage}
                    isFetchingNextPage={search.isFetchingNextPage}
                    fetchNextPage={search.fetchNextPage}
                    label="Load more sessions"
                    endText={items.length > 6 ? "That's every matching session." : undefined}
                  />
                </>
              ) : active ? (
                <EmptyState
                  title="No sessions match these filters"
                  icon={<SearchIcon size={32} />}
                  action={
                    <Button variant="secondary" onClick={clear}>
                      Clear filters
                    </Button>
                  }
                >
                  Try another search word, a wider price range or other dates.
                </EmptyState>
              ) : (
                <EmptyState title="No upcoming sessions yet" icon={<PlayIcon size={32} />}>
                  When mentors publish sessions they are listed here with their time, price and a Book button.
                </EmptyState>
              )
            }}
          </QueryStatus>
        </div>
      </div>
      {sheet}
    </section>
  )
}
