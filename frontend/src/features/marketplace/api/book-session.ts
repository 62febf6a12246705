import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Booking } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/**
 * POST /sessions/{id}/book → 201 Booking: free → confirmed, paid →
 * pending_payment (15-minute hold), approval → pending_approval. 409 carries
 * a message to show as worded (already_booked, sold_out, slot_taken, not_bookable).
 */
export function bookSession(sessionId: string) {
  return api.post<Booking>(`/sessions/${encodeURIComponent(sessionId)}/book`, {})
}

export function useBookSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: bookSession,
    onSettled: () => {
      for (const queryKey of [marketKeys.activity, marketKeys.sessions, marketKeys.landing, marketKeys.mentors]) {
        void queryClient.invalidateQueries({ queryKey })
      }
    },
  })
}
