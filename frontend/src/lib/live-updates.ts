// The one place where a pushed notification refreshes marketplace and
// payments data: the WebSocket feed (features/notifications) hands every
// `{type:"notification"}` kind to `invalidateForNotification`, which
// invalidates the matching lists.
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { marketKeys, payKeys } from './query-keys'

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
  payKeys.all,
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

// A payment confirms (or releases) a booking, so the activity feed refreshes too.
const PAYMENT_KEYS: QueryKey[] = [payKeys.all, marketKeys.activity, marketKeys.deskApprovals, marketKeys.deskSessionsAll]
const MONEY_PREFIXES = ['payment_', 'earning_', 'gift_', 'refund_', 'withdrawal_']
const ADMIN_MONEY_KINDS = new Set(['reconciliation_mismatch', 'webhook_dead'])

/** Query-key prefixes a notification of this kind makes stale. */
export function keysForNotification(kind: string): QueryKey[] {
  if (kind.startsWith('session_')) return SESSION_KEYS
  if (kind.startsWith('booking_')) return BOOKING_KEYS
  if (MONEY_PREFIXES.some((p) => kind.startsWith(p))) return PAYMENT_KEYS
  if (ADMIN_MONEY_KINDS.has(kind)) return [payKeys.admin]
  if (kind.startsWith('request_') || kind.startsWith('offer_')) return REQUEST_KEYS
  return []
}

export function invalidateForNotification(queryClient: QueryClient, kind: string) {
  for (const queryKey of keysForNotification(kind)) void queryClient.invalidateQueries({ queryKey })
}
