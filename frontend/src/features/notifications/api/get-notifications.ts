import { useInfiniteQuery, useQuery, type QueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { AppNotification, NotificationsPage } from '@/lib/api-types'
import { useMe, useSession } from '@/lib/auth'

export const notificationKeys = {
  all: ['notifications'] as const,
  latest: ['notifications', 'latest'] as const,
  feed: ['notifications', 'feed'] as const,
}

export const BELL_LIMIT = 5

export function getNotifications(params: { limit: number; cursor?: string | null; signal?: AbortSignal }) {
  return api.get<NotificationsPage>('/notifications', {
    query: { limit: params.limit, cursor: params.cursor ?? undefined },
    signal: params.signal,
  })
}

/** The bell's last five notifications plus the unread count. */
export function useLatestNotifications() {
  const session = useSession()
  return useQuery({
    queryKey: notificationKeys.latest,
    queryFn: ({ signal }) => getNotifications({ limit: BELL_LIMIT, signal }),
    enabled: session !== null,
  })
}

/** The notifications page: 20 at a time, "Load more" follows the cursor. */
export function useNotificationFeed() {
  return useInfiniteQuery({
    queryKey: notificationKeys.feed,
    queryFn: ({ pageParam, signal }) => getNotifications({ limit: 20, cursor: pageParam, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** Unread count for the badge: the live value, else the one /me carried. */
export function useUnreadCount(): number {
  const latest = useLatestNotifications()
  const me = useMe()
  return latest.data?.unread_count ?? me.data?.unread_notifications ?? 0
}

// ---- cache updates shared by the realtime feed and the mutations -----------

export function setUnreadCount(queryClient: QueryClient, unread: number) {
  queryClient.setQueryData<NotificationsPage>(notificationKeys.latest, (page) =>
    page ? { ...page, unread_count: unread } : { items: [], next_cursor: null, unread_count: unread },
  )
}

export function addIncomingNotification(queryClient: QueryClient, notification: AppNotification, unread: number) {
  queryClient.setQueryData<NotificationsPage>(notificationKeys.latest, (page) => {
    const items = [notification, ...(page?.items ?? []).filter((n) => n.id !== notification.id)].slice(0, BELL_LIMIT)
    return { items, next_cursor: page?.next_cursor ?? null, unread_count: unread }
  })
  void queryClient.invalidateQueries({ queryKey: notificationKeys.feed })
}
