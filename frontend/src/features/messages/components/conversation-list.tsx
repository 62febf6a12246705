import { NavLink } from 'react-router'
import type { Conversation, Role } from '@/lib/api-types'
import { useSession, useTimezone } from '@/lib/auth'
import { cn } from '@/lib/cn'
import { formatDateTime } from '@/lib/format'
import { messagesPath } from '@/lib/messages-path'
import { Avatar } from '@/components/ui/avatar'
import { EmptyState } from '@/components/ui/empty-state'
import { ChatIcon } from '@/components/ui/icons'
import { InfiniteFooter } from '@/components/ui/infinite-footer'
import { QueryStatus } from '@/components/ui/query-status'
import { useConversations } from '../api/conversations'
import { PresenceDot } from './presence-dot'

/** The caller's conversations, latest message first, each with its unread count. */
export function ConversationList({ role }: { role: Role }) {
  const list = useConversations()
  const items = list.data?.pages.flatMap((p) => p.items) ?? []
  return (
    <QueryStatus query={list} what="your conversations">
      {() =>
        items.length ? (
          <>
            <ul aria-label="Conversations" className="space-y-1">
              {items.map((c) => (
                <li key={c.peer.user_id}>
                  <ConversationRow conversation={c} role={role} />
                </li>
              ))}
            </ul>
            <InfiniteFooter
              hasNextPage={list.hasNextPage}
              isFetchingNextPage={list.isFetchingNextPage}
              fetchNextPage={list.fetchNextPage}
              label="Load more conversations"
            />
          </>
        ) : (
          <EmptyState title="No messages yet" icon={<ChatIcon size={32} />}>
            {role === 'mentor'
              ? 'Learners who booked a session or sent you a request can write to you here, and you to them.'
              : 'Once you book a session or send a request, you can message that mentor from here.'}
          </EmptyState>
        )
      }
    </QueryStatus>
  )
}

function ConversationRow({ conversation: c, role }: { conversation: Conversation; role: Role }) {
  const tz = useTimezone()
  const me = useSession()?.user.user_id
  const last = c.last_message
  return (
    <NavLink
      to={messagesPath(role, c.peer.user_id)}
      data-testid="conversation-row"
      className={({ isActive }) =>
        cn(
          'flex min-h-tap items-center gap-3 rounded-[var(--radius-control)] px-3 py-2 transition-colors hover:bg-accent-soft',
          isActive && 'bg-primary-soft',
        )
      }
    >
      <Avatar name={c.peer.name} src={c.peer.avatar_url} size={40} />
      <span className="min-w-0 flex-1">
        <span className="flex items-center gap-2">
          <span className={cn('truncate text-base text-ink', c.unread > 0 ? 'font-bold' : 'font-semibold')}>{c.peer.name}</span>
          <PresenceDot />
          {last ? (
            <time dateTime={last.created_at} className="ml-auto shrink-0 text-sm text-ink-muted">
              {formatDateTime(last.created_at, tz, { dateStyle: 'short', timeStyle: 'short' })}
            </time>
          ) : null}
        </span>
        <span className="flex items-center gap-2">
          <span className="truncate text-base text-ink-muted">
            {c.blocked ? 'Blocked · ' : ''}
            {last ? `${last.sender_id === me ? 'You: ' : ''}${last.preview}` : 'No messages yet'}
          </span>
          {c.unread > 0 ? (
            <span
              data-testid="conversation-unread"
              aria-label={`${c.unread} unread`}
              className="ml-auto inline-flex min-w-6 shrink-0 items-center justify-center rounded-full bg-cta-strong px-1.5 text-sm font-bold text-white"
            >
              {c.unread > 99 ? '99+' : c.unread}
            </span>
          ) : null}
        </span>
      </span>
    </NavLink>
  )
}
