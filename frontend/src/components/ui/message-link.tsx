import { Link } from 'react-router'
import type { Role } from '@/lib/api-types'
import { messagesPath } from '@/lib/messages-path'
import { ChatIcon } from './icons'

/** "Message" — opens the direct-message conversation with a person you share a booking or a request with. */
export function MessageLink({ role, peerId, name, className }: { role: Role; peerId: string; name: string; className?: string }) {
  return (
    <Link
      to={messagesPath(role, peerId)}
      aria-label={`Message ${name}`}
      className={
        className ??
        'lift inline-flex min-h-tap items-center gap-1.5 rounded-[var(--radius-control)] border border-line bg-surface px-3 font-semibold text-primary hover:bg-accent-soft'
      }
    >
      <ChatIcon size={18} /> Message
    </Link>
  )
}
