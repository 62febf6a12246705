import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Page, Session } from '@/lib/marketplace-types'
import { marketKeys, type SessionFilters } from '@/lib/query-keys'

export const SESSIONS_PAGE_SIZE = 12

/** GET /sessions: upcoming/live public sessions matching the filters, soonest first. */
export function getSessions(filters: SessionFilters, cursor: string | null, signal?: AbortSignal) {
  return api.get<Page<Session>>('/sessions', {
    query: { ...filters, cursor: cursor ?? undefined, limit: SESSIONS_PAGE_SIZE },
    signal,
  })
}

export function useSessionSearch(filters: SessionFilters) {
  return useInfiniteQuery({
    queryKey: marketKeys.sessionList(filters),
    queryFn: ({ pageParam, signal }) => getSessions(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}
