// The one place where a pushed notification refreshes marketplace data: the
// WebSocket feed (features/notifications) hands every `{type:"notification"}`
// kind to `invalidateForNotification`, which invalidates the matching lists.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { marketKeys } from './query-keys'

const SESSION_KEYS: QueryKey[] = [
  marketKeys.landing,
  marketKeys.sessions,
  marketKeys.mentors,
  marketKeys.deskSessionsAll,
  marketKeys.activity,
  marketKeys.rooms,
]
const BOOKING_KEYS: QueryKey[] = [
  marketKeys.activity,
  marketKeys.deskApprovals,
  marketKeys.deskSessionsAll,
  marketKeys.sessions,
  marketKeys.landing,
  marketKeys.rooms,
]
const REQUEST_KEYS: QueryKey[] = [
  marketKeys.deskRequestsAll,
  marketKeys.activity,
  marketKeys.deskSessionsAll,
]

/** Query-key prefixes a notification of this kind makes stale. */
export function keysForNotification(kind: string): QueryKey[] {
  if (kind.startsWith('session_')) return SESSION_KEYS
  if (kind.startsWith('booking_')) return BOOKING_KEYS
  if (kind.startsWith('request_') || kind.startsWith('offer_')) return REQUEST_KEYS
  return []
}

export function invalidateForNotification(queryClient: QueryClient, kind: string) {
  for (const queryKey of keysForNotification(kind)) void queryClient.invalidateQueries({ queryKey })
}
