import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { components } from '@/lib/api-schema.gen'
import type { ActivityItem, ActivityType, Booking, LiveRequest, Page } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/** GET /learner/activity?type=all|requests|bookings — newest first. */
export function useActivity(type: ActivityType, limit = 20) {
  return useInfiniteQuery({
    queryKey: [...marketKeys.activityFor(type), limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ActivityItem>>('/learner/activity', { query: { type, cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

export type RequestAction = 'accept-offer' | 'decline-offer' | 'withdraw'

/** POST /requests/{id}/accept-offer | /decline-offer | /withdraw. */
export function useRequestAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: RequestAction }) =>
      api.post<LiveRequest>(`/requests/${encodeURIComponent(id)}/${action}`, {}),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: marketKeys.activity }),
  })
}

/** POST /bookings/{id}/cancel → cancelled, with refund_due_paise per the policy. */
export function useCancelBooking() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<Booking>(`/bookings/${encodeURIComponent(id)}/cancel`, {}),
    onSettled: () => {
      for (const queryKey of [marketKeys.activity, marketKeys.sessions, marketKeys.landing]) void queryClient.invalidateQueries({ queryKey })
    },
  })
}

export type ProblemReason = components['schemas']['ProblemIn']['reason']

/** POST /bookings/{id}/report-problem → the booking, its report open (the mentor's release waits). */
export function useReportProblem() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, reason, details }: { id: string; reason: ProblemReason; details: string }) =>
      api.post<Booking>(`/bookings/${encodeURIComponent(id)}/report-problem`, { reason, details }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: marketKeys.activity }),
  })
}
