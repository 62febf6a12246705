import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { BellIcon } from '@/components/ui/icons'
import { QueryStatus } from '@/components/ui/query-status'
import { useNotificationFeed, useUnreadCount } from '../api/get-notifications'
import { useMarkRead } from '../api/mark-read'
import { NotificationList } from './notification-list'

export function NotificationsPage() {
  const feed = useNotificationFeed()
  const unread = useUnreadCount()
  const markRead = useMarkRead()
  return (
    <section aria-labelledby="notifications-heading" className="mx-auto max-w-3xl space-y-4 px-4 py-8">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 id="notifications-heading" className="text-3xl font-bold text-primary">
          Your notifications
        </h1>
        <Button
          variant="secondary"
          disabled={unread === 0}
          loading={markRead.isPending}
          onClick={() => markRead.mutate({ all: true })}
        >
          Mark all read
        </Button>
      </div>
      <QueryStatus query={feed} what="notifications" label="Loading notifications">
        {(data) => {
          const items = data.pages.flatMap((p) => p.items)
          if (items.length === 0) {
            return (
              <EmptyState title="No notifications yet" icon={<BellIcon size={32} />}>
                Booking updates, replies to your requests and reminders will appear here.
              </EmptyState>
            )
          }
          return (
            <div className="glass overflow-hidden rounded-[var(--radius-card)]">
              <NotificationList items={items} />
              {feed.hasNextPage ? (
                <div className="border-t border-line p-3 text-center">
                  <Button variant="ghost" loading={feed.isFetchingNextPage} onClick={() => void feed.fetchNextPage()}>
                    Load more
                  </Button>
                </div>
              ) : null}
            </div>
          )
        }}
      </QueryStatus>
    </section>
  )
}
