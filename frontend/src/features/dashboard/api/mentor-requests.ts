import { useInfiniteQuery, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Booking, LiveRequest, Page } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/** The Requests page's filters: open (pending + offered), the history (answered = accepted, declined, expired), or all. */
export type RequestFilter = 'open' | 'answered' | 'declined' | 'expired' | 'all'

/** GET /mentor/requests?status=… */
export function useDeskRequests(status: RequestFilter = 'open', limit = 20) {
  return useInfiniteQuery({
    queryKey: [...marketKeys.deskRequests(status), limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<LiveRequest>>('/mentor/requests', { query: { status, cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** GET /mentor/approvals: bookings waiting for the mentor's approval. */
export function useDeskApprovals() {
  return useInfiniteQuery({
    queryKey: marketKeys.deskApprovals,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Booking>>('/mentor/approvals', { query: { cursor: pageParam ?? undefined, limit: 20 }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

function refreshDesk(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: marketKeys.desk })
}

const req = (id: string, action: string) => `/requests/${encodeURIComponent(id)}/${action}`

/** POST /requests/{id}/accept → accepted, with the created session and booking. */
export function useAcceptRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<LiveRequest>(req(id, 'accept'), {}),
    onSettled: () => refreshDesk(queryClient),
  })
}

/** POST /requests/{id}/offer — "Modify & Reply ➤": a counter-offer of time and budget. */
export function useOfferRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, proposed_at, budget_paise, message }: { id: string; proposed_at: string; budget_paise: number; message?: string }) =>
      api.post<LiveRequest>(req(id, 'offer'), message ? { proposed_at, budget_paise, message } : { proposed_at, budget_paise }),
    onSettled: () => refreshDesk(queryClient),
  })
}

/** POST /requests/{id}/decline {reason}. */
export function useDeclineRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => api.post<LiveRequest>(req(id, 'decline'), { reason }),
    onSettled: () => refreshDesk(queryClient),
  })
}

/** POST /bookings/{id}/approve | /reject (the session's mentor). */
export function useDecideBooking() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: 'approve' | 'reject' }) =>
      api.post<Booking>(`/bookings/${encodeURIComponent(id)}/${decision}`, {}),
    onSettled: () => refreshDesk(queryClient),
  })
}
