import { useEffect } from 'react'
import { useMutation, useQuery, useQueryClient, type Query, type QueryClient } from '@tanstack/react-query'
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

/** TURN credentials are reused while at least this much of their lifetime is left. */
export const ICE_REUSE_MARGIN_MS = 2 * 60_000

function iceServersQuery(roomCode: string) {
  return {
    queryKey: marketKeys.roomIce(roomCode),
    queryFn: () => api.get<IceServersOut>(`${base(roomCode)}/ice-servers`, { retries: 2 }),
    staleTime: (query: Query<IceServersOut, Error, IceServersOut, readonly unknown[]>) => {
      const expires = query.state.data ? Date.parse(query.state.data.expires_at) : NaN
      return Number.isFinite(expires) ? Math.max(0, expires - Date.now() - ICE_REUSE_MARGIN_MS) : 0
    },
  }
}

/**
 * GET /rooms/{room_code}/ice-servers: STUN/TURN with time-limited TURN credentials. The same answer
 * serves every connection while its credentials have time left; a later one is fetched afresh.
 */
export function fetchIceServers(queryClient: QueryClient, roomCode: string) {
  return queryClient.fetchQuery(iceServersQuery(roomCode))
}

/**
 * Fetches the ICE servers while the pre-join check runs: a click on "Join now" then starts the
 * connection at once, and the join frame doesn't share the first moments with this request.
 */
export function usePrefetchIceServers(roomCode: string) {
  const queryClient = useQueryClient()
  useEffect(() => {
    void queryClient.prefetchQuery(iceServersQuery(roomCode))
  }, [queryClient, roomCode])
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
