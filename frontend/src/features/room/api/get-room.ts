import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Session } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'
import type { IceServersOut, RoomOut } from './protocol'

const base = (code: string) => `/rooms/${encodeURIComponent(code)}`
export const roomPath = base

/**
 * GET /rooms/{room_code}: only the session's mentor and its confirmed
 * learners. 403 → the API client toasts "Access denied" and redirects.
 */
export function useRoom(roomCode: string) {
  return useQuery({
    queryKey: marketKeys.room(roomCode),
    queryFn: ({ signal }) => api.get<RoomOut>(base(roomCode), { signal, retries: 0 }),
    refetchInterval: 60_000,
  })
}

/** GET /rooms/{room_code}/ice-servers: STUN/TURN with time-limited TURN credentials, fetched for each (re)connection. */
export function fetchIceServers(roomCode: string) {
  return api.get<IceServersOut>(`${base(roomCode)}/ice-servers`, { retries: 2 })
}

/** POST /rooms/{room_code}/end (the mentor): completes the session and ends the call for everyone. */
export function useEndRoom(roomCode: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => api.post<Session>(`${base(roomCode)}/end`, {}),
    onSuccess: () => {
      for (const queryKey of [marketKeys.rooms, marketKeys.desk, marketKeys.activity]) void queryClient.invalidateQueries({ queryKey })
    },
  })
}
