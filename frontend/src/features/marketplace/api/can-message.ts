import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Conversation } from '@/lib/api-types'

/**
 * Whether the signed-in learner may message this mentor (they share a booking
 * or a request): GET /conversations/{id} answers 200, or 403 `not_eligible`.
 */
export function useCanMessage(mentorId: string, enabled: boolean) {
  const q = useQuery({
    queryKey: ['dm', 'conversation', mentorId],
    queryFn: ({ signal }) => api.get<Conversation>(`/conversations/${encodeURIComponent(mentorId)}`, { signal }),
    enabled,
    retry: false,
    staleTime: 60_000,
  })
  return enabled && q.isSuccess
}
