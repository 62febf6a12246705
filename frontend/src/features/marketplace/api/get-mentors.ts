import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { MentorCard, Page } from '@/lib/marketplace-types'
import { marketKeys, type SessionFilters } from '@/lib/query-keys'

export const MENTORS_PAGE_SIZE = 12

/** GET /mentors?q=&domain=: the mentor directory. */
export function getMentors(filters: SessionFilters, cursor: string | null, limit = MENTORS_PAGE_SIZE, signal?: AbortSignal) {
  return api.get<Page<MentorCard>>('/mentors', { query: { ...filters, cursor: cursor ?? undefined, limit }, signal })
}

export function useMentorSearch(filters: SessionFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({
    enabled,
    queryKey: marketKeys.mentorList(filters),
    queryFn: ({ pageParam, signal }) => getMentors(filters, pageParam, MENTORS_PAGE_SIZE, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}
