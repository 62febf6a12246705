import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { NotificationsPage } from '@/lib/api-types'
import { notificationKeys, setUnreadCount } from './get-notifications'

export type MarkReadInput = { all: true } | { ids: string[] }

export function markRead(input: MarkReadInput) {
  return api.post<{ unread_count: number }>('/notifications/read', input)
}

export function useMarkRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: markRead,
    onSuccess: ({ unread_count }, input) => {
      const isRead = (id: string) => 'all' in input || input.ids.includes(id)
      queryClient.setQueryData<NotificationsPage>(notificationKeys.latest, (page) =>
        page ? { ...page, items: page.items.map((n) => (isRead(n.id) ? { ...n, read: true } : n)) } : page,
      )
      setUnreadCount(queryClient, unread_count)
      void queryClient.invalidateQueries({ queryKey: notificationKeys.feed })
    },
  })
}
