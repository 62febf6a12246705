import { useEffect } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { isApiError } from '@/lib/api-client'
import { useSession, useTimezone } from '@/lib/auth'
import { dashboardPath } from '@/lib/auth-store'
import { formatDateTime } from '@/lib/format'
import type { RoomInfo } from '@/lib/marketplace-types'
import { formatClock, formatDuration } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { QueryStatus } from '@/components/ui/query-status'
import { PageSkeleton } from '@/components/ui/skeleton'
import { LiveBadge, StatusChip } from '@/components/ui/status-chip'
import { useEndSession, useRoom } from '../api/get-room'

/**
 * /session/:roomCode — the room's shell: title, who is in the session and the
 * timer (countdown to the start, then elapsed). The video call itself (WebRTC,
 * chat, whiteboard) comes with a later release, and the page says so.
 */
export function RoomPage() {
  const { roomCode = '' } = useParams()
  const room = useRoom(roomCode)
  const session = useSession()
  const navigate = useNavigate()
  usePageTitle(room.data?.session.title ?? 'Session room')

  // A 403 that is not the standard access_denied still means: not for you.
  const forbidden = room.isError && isApiError(room.error) && room.error.status === 403 && room.error.code !== 'access_denied'
  useEffect(() => {
    if (!forbidden) return
    showToast('Access denied', { tone: 'error' })
    navigate(session ? dashboardPath(session.user.role) : '/', { replace: true })
  }, [forbidden, navigate, session])

  if (room.isError && isApiError(room.error, 'not_found')) {
    return (
      <section className="mx-auto max-w-3xl px-4 py-12">
        <EmptyState title="Room not found" action={<Link to="/" className="font-semibold text-primary underline underline-offset-4">Go home</Link>}>
          Check the link from your dashboard; room links are only valid for their session.
        </EmptyState>
      </section>
    )
  }
  if (room.isError && isApiError(room.error) && room.error.status === 403) return null

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <QueryStatus query={room} what="the room" skeleton={<PageSkeleton label="Opening the room" />} label="Opening the room">
        {(data) => <RoomShell room={data} />}
      </QueryStatus>
    </div>
  )
}

function RoomShell({ room }: { room: RoomInfo }) {
  const now = useNow(1000)
  const tz = useTimezone()
  const navigate = useNavigate()
  const end = useEndSession()
  const s = room.session
  const start = Date.parse(s.starts_at)
  const ended = s.status === 'completed' || s.status === 'cancelled'
  const timer = ended
    ? { label: 'Session ended', value: null }
    : now < start
      ? { label: 'Starts in', value: formatClock((start - now) / 1000) }
      : { label: 'Elapsed', value: formatClock((now - start) / 1000) }

  return (
    <>
      <header className="glass flex flex-wrap items-center justify-between gap-4 rounded-[var(--radius-card)] p-5">
        <div className="space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            {s.status === 'live' ? <LiveBadge /> : <StatusChip>{ended ? 'Ended' : 'Not started'}</StatusChip>}
            <StatusChip tone="info">{room.role === 'mentor' ? 'You are the mentor' : 'You are a learner'}</StatusChip>
          </div>
          <h1 className="text-2xl font-extrabold text-primary md:text-3xl">{s.title}</h1>
          <p className="text-base text-ink-muted">
            {formatDateTime(s.starts_at, tz)} · {formatDuration(s.duration_min)}
          </p>
        </div>
        <div role="timer" aria-live="off" aria-label={timer.label} className="text-right">
          <p className="text-base font-semibold text-ink-muted">{timer.label}</p>
          {timer.value ? <p className="font-mono text-4xl font-bold tabular-nums text-primary">{timer.value}</p> : null}
        </div>
      </header>

      <div className="grid gap-6 md:grid-cols-[minmax(0,1fr)_18rem]">
        <section aria-labelledby="video-heading" className="flex min-h-72 flex-col items-center justify-center gap-3 rounded-[var(--radius-card)] border border-dashed border-line bg-ink/5 p-6 text-center">
          <h2 id="video-heading" className="text-xl font-bold text-ink">
            Video room coming soon
          </h2>
          <p className="max-w-prose text-base text-ink-muted">
            The live video call — camera, microphone, screen sharing, chat and the whiteboard — arrives with the next
            release. This page already checks who may enter and keeps the session's clock.
          </p>
        </section>
        <section aria-labelledby="people-heading" className="glass space-y-3 rounded-[var(--radius-card)] p-5">
          <h2 id="people-heading" className="text-lg font-bold text-ink">
            Participants
          </h2>
          <ul className="space-y-2">
            {room.participants.map((p) => (
              <li key={p.user_id} className="flex items-center gap-3">
                <Avatar name={p.name} size={36} />
                <span className="flex-1 text-base text-ink">{p.name}</span>
                <StatusChip tone={p.role === 'mentor' ? 'info' : 'neutral'}>{p.role === 'mentor' ? 'Mentor' : 'Learner'}</StatusChip>
              </li>
            ))}
          </ul>
          {room.role === 'mentor' && s.status === 'live' ? (
            <Button
              variant="danger"
              className="w-full"
              loading={end.isPending}
              onClick={async () => {
                try {
                  await end.mutateAsync(s.session_id)
                  showToast('Session ended ✔', { tone: 'success' })
                  navigate('/dashboard/mentor/sessions', { replace: true })
                } catch (err) {
                  showToast(isApiError(err) ? err.message : 'Could not end the session.', { tone: 'error' })
                }
              }}
            >
              End session
            </Button>
          ) : null}
        </section>
      </div>
    </>
  )
}
