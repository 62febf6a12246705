import { useCallback, useEffect, useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { useNow } from '@/hooks/use-now'
import { isApiError } from '@/lib/api-client'
import { useSession, useTimezone } from '@/lib/auth'
import { dashboardPath } from '@/lib/auth-store'
import { formatDateTime } from '@/lib/format'
import { mySessionsPath } from '@/lib/session-window'
import { formatClock, formatDuration } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { Avatar } from '@/components/ui/avatar'
import { Button } from '@/components/ui/button'
import { EmptyState } from '@/components/ui/empty-state'
import { QueryStatus } from '@/components/ui/query-status'
import { PageSkeleton } from '@/components/ui/skeleton'
import { LiveBadge, StatusChip } from '@/components/ui/status-chip'
import { useMyFeedback } from '../api/feedback'
import { useRoom } from '../api/get-room'
import type { RoomOut } from '../api/protocol'
import { useResources } from '../api/resources'
import { CallRoom, type CallOutcome } from './call-room'
import { PreJoin, type JoinChoice } from './pre-join'
import { FeedbackModal, ResourceUpload } from './room-dialogs'

/**
 * /session/:roomCode — the live room. Only the session's mentor and its
 * confirmed learners get in (403 → "Access denied" toast and back to their
 * dashboard). Pre-join check → the call → after the call: feedback (learner)
 * or resource upload (mentor), and the after-session pack.
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
    <QueryStatus query={room} what="the room" skeleton={<PageSkeleton label="Opening the room" />} label="Opening the room">
      {(data) => <Room room={data} />}
    </QueryStatus>
  )
}

type Phase = { kind: 'prejoin' } | { kind: 'call'; choice: JoinChoice; key: number } | { kind: 'after'; outcome: CallOutcome }

function Room({ room }: { room: RoomOut }) {
  const session = useSession()
  const navigate = useNavigate()
  const finished = room.session.status === 'completed' || room.session.status === 'cancelled'
  const [phase, setPhase] = useState<Phase>(finished ? { kind: 'after', outcome: { kind: 'ended', by: '' } } : { kind: 'prejoin' })
  const me = {
    user_id: session?.user.user_id ?? '',
    name: session?.user.name ?? (room.role === 'mentor' ? room.session.mentor.name : 'You'),
    role: room.role,
  }
  const onOutcome = useCallback(
    (outcome: CallOutcome) => {
      if (outcome.kind === 'denied') {
        showToast('Access denied', { tone: 'error' })
        navigate(session ? dashboardPath(session.user.role) : '/', { replace: true })
        return
      }
      setPhase({ kind: 'after', outcome })
    },
    [navigate, session],
  )

  if (phase.kind === 'call') return <CallRoom key={phase.key} room={room} me={me} choice={phase.choice} onOutcome={onOutcome} />

  return (
    <div className="mx-auto max-w-5xl space-y-6 px-4 py-8">
      <RoomHeader room={room} />
      {phase.kind === 'prejoin' ? (
        <PreJoin
          room={room}
          joinDisabledReason={room.session.status === 'cancelled' ? 'This session was cancelled.' : null}
          onJoin={(choice) => setPhase({ kind: 'call', choice, key: Date.now() })}
        />
      ) : (
        <AfterCall room={room} outcome={phase.outcome} onRejoin={() => setPhase({ kind: 'prejoin' })} />
      )}
    </div>
  )
}

function RoomHeader({ room }: { room: RoomOut }) {
  const now = useNow(1000)
  const tz = useTimezone()
  const s = room.session
  const start = Date.parse(s.starts_at)
  const ended = s.status === 'completed' || s.status === 'cancelled'
  // One state: once the mentor has gone live there is no countdown beside the Live badge.
  const timer = ended
    ? { label: 'Session ended', value: null }
    : s.status === 'live'
      ? { label: 'Live now', value: null }
      : now < start
      ? { label: 'Starts in', value: formatClock((start - now) / 1000) }
      : { label: 'Scheduled start passed', value: null }
  return (
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
        <ul aria-label="Participants" className="flex flex-wrap gap-3 pt-1">
          {room.participants.map((p) => (
            <li key={p.user_id} className="flex items-center gap-2 text-base text-ink">
              <Avatar name={p.name} size={28} />
              {p.name}
              <span className="text-ink-muted">({p.role === 'mentor' ? 'Mentor' : 'Learner'})</span>
            </li>
          ))}
        </ul>
      </div>
      {timer.value ? (
        <div role="timer" aria-live="off" aria-label={timer.label} className="text-right">
          <p className="text-base font-semibold text-ink-muted">{timer.label}</p>
          <p className="font-mono text-4xl font-bold tabular-nums text-primary">{timer.value}</p>
        </div>
      ) : (
        <p className="text-base font-semibold text-ink-muted">{timer.label}</p>
      )}
    </header>
  )
}

function AfterCall({ room, outcome, onRejoin }: { room: RoomOut; outcome: CallOutcome; onRejoin: () => void }) {
  const ended = outcome.kind === 'ended' || room.session.status === 'completed'
  const isLearner = room.role === 'learner'
  const feedback = useMyFeedback(room.room_code, isLearner && ended)
  const [feedbackOpen, setFeedbackOpen] = useState(false)
  const [feedbackDismissed, setFeedbackDismissed] = useState(false)
  const resources = useResources(room.room_code, room.role === 'mentor' && ended)
  const packPath = `/session/${encodeURIComponent(room.room_code)}/pack`
  const tz = useTimezone()
  // Back to where this session now sits: the mentor's My Sessions tab holding it (highlighted), the learner's Activity.
  const backPath = room.role === 'mentor' ? mySessionsPath(room.session, tz) : '/dashboard/learner/activity'

  // The learner is asked once, right after the end.
  const askNow = isLearner && ended && feedback.isSuccess && feedback.data === null && !feedbackDismissed

  return (
    <section aria-labelledby="after-heading" className="glass space-y-4 rounded-[var(--radius-card)] p-6">
      <h2 id="after-heading" className="text-xl font-bold text-ink">
        {ended ? 'The session has ended' : outcome.kind === 'replaced' ? 'The room is open in another tab' : 'You left the call'}
      </h2>
      {ended ? (
        <p className="text-base text-ink">
          The topics covered, the chat transcript, whiteboard snapshots, shared files, the recording (if any) and attendance are in the{' '}
          <Link to={packPath} className="font-semibold text-primary underline underline-offset-4">
            after-session pack
          </Link>
          .
        </p>
      ) : (
        <p className="text-base text-ink">
          {outcome.kind === 'replaced' ? 'You joined from another tab or device, so this one stepped out.' : 'The session continues for the others. You can come back while it runs.'}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {!ended ? (
          <Button variant="cta" onClick={onRejoin}>
            {outcome.kind === 'replaced' ? 'Use this tab instead' : 'Rejoin the call'}
          </Button>
        ) : null}
        {isLearner && ended && feedback.data === null ? (
          <Button variant="primary" onClick={() => setFeedbackOpen(true)}>
            Rate this session
          </Button>
        ) : null}
        {isLearner && feedback.data ? <StatusChip tone="success">You rated this session {feedback.data.rating} ★</StatusChip> : null}
        <Link to={packPath} className="inline-flex min-h-tap items-center rounded-[var(--radius-control)] border border-line bg-surface px-4 font-semibold text-primary hover:bg-accent-soft">
          Open the after-session pack
        </Link>
        {ended ? (
          <Link to={backPath} className="inline-flex min-h-tap items-center rounded-[var(--radius-control)] px-4 font-semibold text-primary underline underline-offset-4">
            {room.role === 'mentor' ? 'Back to My Sessions' : 'Back to my activity'}
          </Link>
        ) : null}
      </div>
      {room.role === 'mentor' && ended ? (
        <div className="space-y-3 border-t border-line pt-4">
          <ResourceUpload roomCode={room.room_code} onUploaded={() => void resources.refetch()} />
          {resources.data?.items.length ? (
            <ul aria-label="Shared files" className="space-y-1">
              {resources.data.items.map((r) => (
                <li key={r.resource_id} className="text-base text-ink">
                  {r.filename} <span className="text-ink-muted">({Math.max(1, Math.round(r.size_bytes / 1024))} KB)</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {feedbackOpen || askNow ? (
        <FeedbackModal
          roomCode={room.room_code}
          mentorName={room.session.mentor.name}
          onClose={() => {
            setFeedbackOpen(false)
            setFeedbackDismissed(true)
          }}
        />
      ) : null}
    </section>
  )
}
