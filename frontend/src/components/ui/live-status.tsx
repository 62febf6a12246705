// Public live figures on screen (lib/public-live): each one the server's
// count, updated by `public:live` frames without a reload.
import { cn } from '@/lib/cn'
import { useLiveCount, useMentorLiveNow, usePersonOnline } from '@/lib/public-live'

/** "3 Live": public sessions live now. Nothing while none is (an honest empty state). */
export function LiveCountBadge({ className }: { className?: string }) {
  const count = useLiveCount()
  if (!count) return null
  return (
    <span
      data-testid="live-count"
      aria-label={`${count} live now`}
      className={cn(
        'inline-flex items-center gap-1 rounded-full bg-cta-strong px-2 py-0.5 text-sm font-semibold leading-none text-white',
        className,
      )}
    >
      <span aria-hidden="true" className="size-1.5 animate-pulse rounded-full bg-white" />
      {count} Live
    </span>
  )
}

/** A mentor's status: "● Live now" while one of their public sessions is live, else "Online" while connected. */
export function MentorStatus({ mentorId, className }: { mentorId: string; className?: string }) {
  const liveNow = useMentorLiveNow(mentorId)
  const online = usePersonOnline(mentorId)
  if (liveNow) {
    return (
      <span
        data-testid="mentor-live-now"
        className={cn('inline-flex items-center gap-1 rounded-full bg-cta-strong px-2.5 py-0.5 text-base font-semibold text-white md:text-sm', className)}
      >
        <span aria-hidden="true" className="size-2 animate-pulse rounded-full bg-white" />
        Live now
      </span>
    )
  }
  if (!online) return null
  return (
    <span data-testid="mentor-online" className={cn('inline-flex items-center gap-1.5 text-base text-success md:text-sm', className)}>
      <span aria-hidden="true" className="size-2 rounded-full bg-success" />
      Online
    </span>
  )
}
