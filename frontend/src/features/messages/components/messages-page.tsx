import { useParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import type { Role } from '@/lib/api-types'
import { cn } from '@/lib/cn'
import { ChatIcon } from '@/components/ui/icons'
import { ConversationList } from './conversation-list'
import { ConversationView } from './conversation-view'

/**
 * Direct messages on the learner's and the mentor's dashboards: the
 * conversations beside the open one on desktop; on a phone one or the other
 * (the conversation has a back link).
 */
export function MessagesPage({ role }: { role: Role }) {
  usePageTitle('Messages')
  const { peerId } = useParams()
  return (
    <div className="space-y-4">
      <h1 className={cn('text-3xl font-extrabold text-primary', peerId && 'sr-only md:not-sr-only')}>Messages</h1>
      <div className="grid gap-4 md:grid-cols-[minmax(16rem,20rem)_1fr]">
        <div className={cn('glass rounded-[var(--radius-card)] p-2', peerId && 'hidden md:block')}>
          <ConversationList role={role} />
        </div>
        <div className={cn('min-w-0', !peerId && 'hidden md:block')}>
          {peerId ? (
            <ConversationView key={peerId} peerId={peerId} role={role} />
          ) : (
            <div className="flex h-full min-h-64 flex-col items-center justify-center gap-3 rounded-[var(--radius-card)] border border-dashed border-line text-ink-muted">
              <ChatIcon size={32} />
              <p className="text-base">Choose a conversation.</p>
            </div>
          )}
        </div>
      </div>
    </div>
  )
}

export function LearnerMessages() {
  return <MessagesPage role="learner" />
}

export function MentorMessages() {
  return <MessagesPage role="mentor" />
}
