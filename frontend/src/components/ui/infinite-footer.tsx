import { useRef } from 'react'
import { useInView } from '@/hooks/use-in-view'
import { Button } from './button'

/**
 * The end of an infinite list: a sentinel that loads the next page as it
 * scrolls into view, and a "Load more" button for keyboard users (and for
 * browsers without IntersectionObserver).
 */
export function InfiniteFooter({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
  label = 'Load more',
  endText,
}: {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => unknown
  label?: string
  endText?: string
}) {
  const sentinel = useRef<HTMLDivElement>(null)
  useInView(
    sentinel,
    () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage()
    },
    { enabled: hasNextPage },
  )
  return (
    <div className="flex flex-col items-center gap-2 py-6">
      <div ref={sentinel} data-testid="infinite-sentinel" aria-hidden="true" className="h-px w-full" />
      {hasNextPage ? (
        <Button variant="secondary" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
          {label}
        </Button>
      ) : endText ? (
        <p className="text-base text-ink-muted">{endText}</p>
      ) : null}
    </div>
  )
}
