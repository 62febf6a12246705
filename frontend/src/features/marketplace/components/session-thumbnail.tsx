import { cn } from '@/lib/cn'
import type { Session } from '@/lib/marketplace-types'

/** The session's picture, or a calm branded block with its category. */
export function SessionThumbnail({ session, className }: { session: Pick<Session, 'thumbnail_url' | 'category'>; className?: string }) {
  if (session.thumbnail_url) {
    return <img src={session.thumbnail_url} alt="" loading="lazy" className={cn('aspect-video w-full object-cover', className)} />
  }
  return (
    <div
      aria-hidden="true"
      className={cn(
        'flex aspect-video w-full items-end bg-gradient-to-br from-primary via-primary-hover to-accent-strong p-3',
        className,
      )}
    >
      <span className="rounded-full bg-white/90 px-3 py-0.5 text-sm font-semibold text-primary">{session.category}</span>
    </div>
  )
}
