import { useCallback, useMemo } from 'react'
import { useSearchParamsUpdate } from '@/hooks/use-search-params-update'
import { usePageTitle } from '@/hooks/use-page-title'
import { useTaxonomy } from '@/lib/meta'
import { TextField } from '@/components/form/field'
import { SelectField } from '@/components/form/select-field'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { StarIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { Skeleton } from '@/components/ui/skeleton'
import { useMentorSearch } from '../api/get-mentors'
import { MentorCard } from './mentor-card'
import { useDebouncedFilter } from '../hooks/use-debounced-filter'

function MentorGridSkeleton() {
  return (
    <div role="status" aria-live="polite" className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3">
      <span className="sr-only">Loading mentors…</span>
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <Skeleton key={i} className="h-44" />
      ))}
    </div>
  )
}

/** /mentors (spec 000 §10.6): search + domain filter over GET /mentors. */
export function MentorsPage() {
  usePageTitle('Mentors')
  const [params, update] = useSearchParamsUpdate()
  const taxonomy = useTaxonomy()
  const q = params.get('q')?.trim() ?? ''
  const domain = params.get('domain') ?? ''
  const set = useCallback(
    (name: string, value: string) =>
      update((next) => {
        if (value.trim()) next.set(name, value)
        else next.delete(name)
      }),
    [update],
  )
  const [text, setText] = useDebouncedFilter(q, (v) => set('q', v))
  const filters = useMemo(() => Object.fromEntries(Object.entries({ q, domain }).filter(([, v]) => v)), [q, domain])
  const search = useMentorSearch(filters)
  const domains = domain && !taxonomy.categories.includes(domain) ? [domain, ...taxonomy.categories] : taxonomy.categories

  return (
    <section aria-labelledby="mentors-heading" className="mx-auto max-w-6xl space-y-6 px-4 py-8 md:py-10">
      <h1 id="mentors-heading" className="text-3xl font-extrabold text-primary">
        Mentors
      </h1>
      <div role="search" className="grid gap-3 md:grid-cols-[minmax(0,1fr)_16rem]">
        <TextField
          label="Search mentors"
          type="search"
          value={text}
          placeholder="Name, skill or topic"
          onChange={(e) => setText(e.target.value)}
        />
        <SelectField
          label="Domain"
          value={domain}
          placeholder="All domains"
          options={domains.map((d) => ({ value: d, label: d }))}
          onChange={(e) => set('domain', e.target.value)}
        />
      </div>
      <QueryStatus query={search} what="mentors" skeleton={<MentorGridSkeleton />} label="Loading mentors" defer>
        {(data) => {
          const items = data.pages.flatMap((p) => p.items)
          return items.length ? (
            <>
              <ul aria-label="Mentors" className="grid items-start gap-5 sm:grid-cols-2 lg:grid-cols-3">
                {items.map((m) => (
                  <li key={m.user_id}>
                    <MentorCard mentor={m} />
                  </li>
                ))}
              </ul>
              <InfiniteFooter
                hasNextPage={search.hasNextPage}
                isFetchingNextPage={search.isFetchingNextPage}
                fetchNextPage={search.fetchNextPage}
                label="Load more mentors"
              />
            </>
          ) : q || domain ? (
            <EmptyState
              title="No mentors match"
              icon={<StarIcon size={32} />}
              action={
                <Button variant="secondary" onClick={() => update((next) => [...next.keys()].forEach((k) => next.delete(k)))}>
                  Clear search
                </Button>
              }
            >
              Try another name or domain.
            </EmptyState>
          ) : (
            <EmptyState title="No mentors to show yet" icon={<StarIcon size={32} />}>
              Mentors who join PeerLearn will be listed here.
            </EmptyState>
          )
        }}
      </QueryStatus>
    </section>
  )
}
