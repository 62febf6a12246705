import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { RoomInfo, Session } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/**
 * GET /rooms/{room_code}: only the session's mentor and its confirmed
 * learners. 403 → the API client toasts "Access denied" and redirects.
 */
export function useRoom(roomCode: string) {
  return useQuery({
    queryKey: marketKeys.room(roomCode),
    queryFn: ({ signal }) => api.get<RoomInfo>(`/rooms/${encodeURIComponent(roomCode)}`, { signal, retries: 0 }),
    refetchInterval: 30_000,
  })
}

/** POST /sessions/{id}/end (the mentor). */
export function useEndSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (sessionId: string) => api.post<Session>(`/sessions/${encodeURIComponent(sessionId)}/end`, {}),
    onSuccess: () => {
      for (const queryKey of [marketKeys.rooms, marketKeys.desk, marketKeys.activity]) void queryClient.invalidateQueries({ queryKey })
    },
  })
}
