import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useRef } from 'react'
import { Link } from 'react-router'
import { ApiError, errorMessage } from '@/lib/api-client'
import type { Conversation, DirectMessage, Role } from '@/lib/api-types'
import { useSession, useTimezone } from '@/lib/auth'
import { cn } from '@/lib/cn'
import { formatDateTime } from '@/lib/format'
import { messagesPath } from '@/lib/messages-path'
import { showToast } from '@/lib/toast'
import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { CheckIcon } from '@/components/ui/icons'
import { QueryStatus } from '@/components/ui/query-status'
import { clearUnread, markRead, useBlock, useConversation, useMessages, useSendMessage } from '../api/conversations'
import { setOpenConversation } from '../hooks/open-conversation'
import { tickFor, type Tick } from '../utils/ticks'
import { Composer } from './composer'
import { PresenceDot } from './presence-dot'

/** One conversation: header with block/unblock, the history (older pages on demand), the composer. */
export function ConversationView({ peerId, role }: { peerId: string; role: Role }) {
  const conversation = useConversation(peerId)
  const denied = conversation.error instanceof ApiError && (conversation.error.status === 403 || conversation.error.status === 404)
  if (denied) {
    return (
      <EmptyState title="You can't message this person">
        {errorMessage(conversation.error)}{' '}
        <Link to={messagesPath(role)} className="font-semibold text-primary underline">
          Back to messages
        </Link>
      </EmptyState>
    )
  }
  return (
    <QueryStatus query={conversation} what="this conversation">
      {(c) => <Thread conversation={c} role={role} />}
    </QueryStatus>
  )
}

function Thread({ conversation: c, role }: { conversation: Conversation; role: Role }) {
  const peerId = c.peer.user_id
  const queryClient = useQueryClient()
  const history = useMessages(peerId)
  const send = useSendMessage(peerId)
  const block = useBlock(peerId)
  const me = useSession()?.user.user_id
  const endRef = useRef<HTMLDivElement>(null)
  const newest = history.data?.pages[0]?.items[0]?.message_id
  const live = c // the conversation query, kept live by the frames (ticks, blocks)

  useEffect(() => {
    setOpenConversation(peerId)
    return () => setOpenConversation(null)
  }, [peerId])

  // Opening the conversation (and each new message while it is open) reads it.
  useEffect(() => {
    if (!newest) return
    void markRead(peerId)
      .then(() => clearUnread(queryClient, peerId))
      .catch(() => undefined)
  }, [peerId, newest, queryClient])

  useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' })
  }, [newest])

  const messages = [...(history.data?.pages.flatMap((p) => p.items) ?? [])].reverse()
  const toggleBlock = async () => {
    try {
      const updated = await block.mutateAsync(!live.blocked)
      showToast(updated.blocked ? `${c.peer.name} is blocked` : `${c.peer.name} is unblocked`, { tone: 'info' })
    } catch (err) {
      showToast('Could not change the block', { tone: 'error', detail: errorMessage(err) })
    }
  }
  const stopped = live.blocked || live.blocked_by_peer
  return (
    <section aria-label={`Conversation with ${c.peer.name}`} className="glass flex h-[min(75dvh,44rem)] flex-col rounded-[var(--radius-card)] p-3 md:p-4">
      <header className="flex items-center gap-3 border-b border-line pb-3">
        <Link to={messagesPath(role)} className="inline-flex min-h-tap items-center px-1 font-semibold text-primary md:hidden" aria-label="Back to conversations">
          ←
        </Link>
        <Avatar name={c.peer.name} src={c.peer.avatar_url} size={40} />
        <h2 className="min-w-0 flex-1 truncate text-lg font-bold text-ink">
          {c.peer.name} <PresenceDot />
        </h2>
        <Button variant={live.blocked ? 'secondary' : 'ghost'} loading={block.isPending} onClick={() => void toggleBlock()}>
          {live.blocked ? 'Unblock' : 'Block'}
        </Button>
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto py-3" aria-live="polite" aria-relevant="additions">
        {history.hasNextPage ? (
          <div className="mb-3 flex justify-center">
            <Button variant="ghost" loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
              Load older messages
            </Button>
          </div>
        ) : null}
        <QueryStatus query={history} what="the messages">
          {() =>
            messages.length ? (
              <ol aria-label="Messages" className="space-y-2">
                {messages.map((m) => (
                  <li key={m.message_id}>
                    <Bubble message={m} mine={m.sender_id === me} tick={m.sender_id === me ? tickFor(m, live) : null} />
                  </li>
                ))}
              </ol>
            ) : (
              <p className="py-8 text-center text-base text-ink-muted">No messages yet — say hello to {c.peer.name}.</p>
            )
          }
        </QueryStatus>
        <div ref={endRef} />
      </div>
      {stopped ? (
        <p role="status" className="rounded-[var(--radius-control)] bg-primary-soft px-3 py-2 text-base text-primary">
          {live.blocked
            ? `You blocked ${c.peer.name}. Unblock them to send messages.`
            : `${c.peer.name} doesn't accept messages from you right now.`}
        </p>
      ) : null}
      <Composer peerName={c.peer.name} disabled={stopped} onSend={(text) => send.mutateAsync(text)} />
    </section>
  )
}

const TICK_LABEL: Record<Tick, string> = { sent: 'Sent', delivered: 'Delivered', read: 'Read' }

function Bubble({ message, mine, tick }: { message: DirectMessage; mine: boolean; tick: Tick | null }) {
  const tz = useTimezone()
  return (
    <div className={cn('flex', mine ? 'justify-end' : 'justify-start')}>
      <div
        data-testid="dm-bubble"
        className={cn(
          'max-w-[85%] rounded-2xl px-3 py-2 md:max-w-[70%]',
          mine ? 'rounded-br-sm bg-primary text-white' : 'rounded-bl-sm bg-surface text-ink ring-1 ring-line',
        )}
      >
        {/* Plain text, never HTML: React escapes it; line breaks are kept. */}
        <p className="whitespace-pre-wrap break-words text-base">{message.body}</p>
        <p className={cn('mt-1 flex items-center justify-end gap-1 text-sm', mine ? 'text-white/80' : 'text-ink-muted')}>
          <time dateTime={message.created_at}>{formatDateTime(message.created_at, tz, { timeStyle: 'short' })}</time>
          {tick ? (
            <span data-testid="dm-tick" data-tick={tick} aria-label={TICK_LABEL[tick]} title={TICK_LABEL[tick]} className="inline-flex">
              <CheckIcon size={14} />
              {tick !== 'sent' ? <CheckIcon size={14} className={cn('-ml-2', tick === 'read' && 'text-accent')} /> : null}
            </span>
          ) : null}
        </p>
      </div>
    </div>
  )
}
