import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '@/lib/api-client'
import { kindWantsSound, playAttentionSound } from '@/lib/attention'
import type { Me, MetaConfig, RealtimeEvent, RealtimeEventPage, RealtimeTicket } from '@/lib/api-types'
import { meQueryKey, useSession } from '@/lib/auth'
import { browserTimezone, withTime } from '@/lib/format'
import { invalidateForNotification } from '@/lib/live-updates'
import { fetchMetaConfig, metaConfigQueryKey } from '@/lib/meta'
import { PUBLIC_LIVE } from '@/lib/public-live'
import { publishRealtimeClient } from '@/lib/realtime-hub'
import { showToast } from '@/lib/toast'
import { RealtimeClient, type AnyFrame, type WebSocketFactory } from '@/lib/ws-client'
import { addIncomingNotification, setUnreadCount } from '../api/get-notifications'

/**
 * Keeps the bell live while signed in: one RealtimeClient subscribed to
 * `notifications:<user_id>`; new notifications update the badge and the
 * dropdown and pop a toast (unless the user turned pop-ups off); marketplace
 * kinds (bookings, requests, sessions) also refresh the matching lists.
 * The client is published (lib/realtime-hub) so the video room signals over
 * the same socket, and it listens to `public:live` (lib/public-live) too.
 *
 * Lossless reconnect: after the socket comes back, the frames this tab missed
 * are fetched (GET /realtime/events?since=) and handled exactly like live ones,
 * then every list on screen refetches.
 */
export function useRealtimeNotifications(createSocket?: WebSocketFactory) {
  const session = useSession()
  const queryClient = useQueryClient()
  const userId = session?.user.user_id

  useEffect(() => {
    if (!userId) return
    void queryClient.prefetchQuery({ queryKey: metaConfigQueryKey, queryFn: () => fetchMetaConfig(), staleTime: Infinity })
    const onEvent = (event: RealtimeEvent) => {
      if (event.type === 'notification') {
        addIncomingNotification(queryClient, event.notification, event.unread_count)
        // Bookings, requests and sessions lists refresh themselves (lib/live-updates).
        invalidateForNotification(queryClient, event.notification.kind)
        const me = queryClient.getQueryData<Me>([...meQueryKey, userId])
        // New requests, their answers and reminders ring (unless muted in Settings).
        if (kindWantsSound(event.notification.kind)) playAttentionSound(me)
        if (me?.notification_prefs?.push_toasts !== false) {
          const n = event.notification
          const tz = me?.timezone || browserTimezone()
          showToast(withTime(n.title, n.at, tz), {
            tone: 'info',
            detail: n.body ? withTime(n.body, n.at, tz) : undefined,
            outcome: n.kind,
            echo: true,
          })
        }
      } else if (event.type === 'unread_count') {
        setUnreadCount(queryClient, event.unread_count)
      }
    }
    const client = new RealtimeClient({
      getTicket: () => api.post<RealtimeTicket>('/realtime/ticket'),
      fallbackUrl: () => queryClient.getQueryData<MetaConfig>(metaConfigQueryKey)?.ws_url,
      channels: [`notifications:${userId}`, PUBLIC_LIVE],
      onEvent,
      createSocket,
      fetchSince: (since) => fetchAllSince(since),
      // Whatever changed while the line was down without a frame of its own (or older than the replay).
      onResync: () => void queryClient.invalidateQueries(),
    })
    client.start()
    publishRealtimeClient(client)
    const onOnline = () => client.reconnectNow()
    window.addEventListener('online', onOnline)
    return () => {
      window.removeEventListener('online', onOnline)
      publishRealtimeClient(null)
      client.stop()
    }
  }, [userId, queryClient, createSocket])
}

/** Every frame after `since`, all pages (the server keeps a week). */
export async function fetchAllSince(since: number): Promise<{ items: AnyFrame[]; last_seq: number }> {
  const items: AnyFrame[] = []
  let cursor: string | null = null
  let lastSeq = since
  for (let page = 0; page < 20; page++) {
    const answer: RealtimeEventPage = await api.get<RealtimeEventPage>('/realtime/events', {
      query: { since, limit: 100, ...(cursor ? { cursor } : {}) },
    })
    items.push(...(answer.items as AnyFrame[]))
    lastSeq = answer.last_seq
    cursor = answer.next_cursor
    if (!cursor) break
  }
  return { items, last_seq: lastSeq }
}
