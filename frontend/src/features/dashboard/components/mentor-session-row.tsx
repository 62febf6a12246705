import { useEffect, useRef, useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { cn } from '@/lib/cn'
import { errorMessage } from '@/lib/api-client'
import { formatDateTime, formatINR } from '@/lib/format'
import type { Session } from '@/lib/marketplace-types'
import { canGoLive, EARLY_MS } from '@/lib/session-window'
import { formatCountdown, formatDuration } from '@/lib/timezone'
import { showToast } from '@/lib/toast'
import { TextAreaField } from '@/components/form/field'
import { Button } from '@/components/ui/button'
import { Modal } from '@/components/ui/modal'
import { LiveBadge, StatusChip } from '@/components/ui/status-chip'
import { FormAlert } from '@/components/ui/form-alert'
import { useCancelSession, useEndOwnSession, useGoLive } from '../api/mentor-sessions'
import { SESSION_CHIPS } from '../utils/status'
import { EndSessionDialog } from './end-session-dialog'

const linkButton =
  'lift inline-flex min-h-tap items-center justify-center rounded-[var(--radius-control)] px-4 font-semibold'

/**
 * One of the mentor's sessions: "Go Live ➤" (from 15 minutes before the
 * start until the end) → the room; "End session" while live; edit and cancel
 * while scheduled. `highlighted`: the session just published or ended —
 * ringed and scrolled into view.
 */
export function MentorSessionRow({
  session,
  now,
  timezone,
  highlighted = false,
}: {
  session: Session
  now: number
  timezone: string
  highlighted?: boolean
}) {
  const row = useRef<HTMLElement>(null)
  useEffect(() => {
    if (highlighted) row.current?.scrollIntoView?.({ block: 'center' })
  }, [highlighted])
  const navigate = useNavigate()
  const goLive = useGoLive()
  const end = useEndOwnSession()
  const [cancelling, setCancelling] = useState(false)
  const [ending, setEnding] = useState(false)
  const titleId = `session-${session.session_id}`
  const chip = SESSION_CHIPS[session.status]
  const live = session.status === 'live'
  const scheduled = session.status === 'scheduled'
  const open = canGoLive(session, now)
  const booked = session.bookings_count ?? session.seats - session.seats_left
  const opensIn = Date.parse(session.starts_at) - EARLY_MS - now

  const onGoLive = async () => {
    try {
      const s = await goLive.mutateAsync(session.session_id)
      showToast("You're live ✔", { tone: 'success', detail: 'Your learners can join now.' })
      if (s.room_code) navigate(`/session/${s.room_code}`)
    } catch (err) {
      showToast(errorMessage(err), { tone: 'error' })
    }
  }
  const onEnd = async () => {
    try {
      await end.mutateAsync(session.session_id)
      setEnding(false)
      showToast('Session ended ✔', { tone: 'success' })
    } catch (err) {
      showToast(errorMessage(err), { tone: 'error' })
    }
  }

  return (
    // Laid out by the width of its own column (container query), not the viewport: the row sits
    // in a half-width column on the dashboard home and full width on My Sessions.
    <article
      ref={row}
      aria-labelledby={titleId}
      data-highlighted={highlighted || undefined}
      className={cn('@container glass rounded-[var(--radius-card)] p-4', highlighted && 'ring-2 ring-cta ring-offset-2 ring-offset-canvas')}
    >
      <div className="flex flex-col gap-3 @xl:flex-row @xl:items-center">
      <div className="min-w-0 flex-1 space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          {live ? <LiveBadge /> : <StatusChip tone={chip.tone}>{chip.label}</StatusChip>}
          {session.visibility === 'private' ? <StatusChip>Private · from a request</StatusChip> : null}
        </div>
        <h3 id={titleId} className="text-lg font-bold text-ink">
          {session.title}
        </h3>
        <p className="text-base text-ink-muted">
          <time dateTime={session.starts_at}>{formatDateTime(session.starts_at, timezone)}</time> · {formatDuration(session.duration_min)} ·{' '}
          {session.price_paise ? formatINR(session.price_paise) : 'Free'}
        </p>
        {scheduled && !open && opensIn > 0 ? (
          <p className="hidden text-base text-ink-muted @xl:block">Go Live opens {formatCountdown(opensIn).replace('Starts in', 'in')}.</p>
        ) : null}
        <p className="text-base text-ink">
          {booked > 0 ? `${booked} booked` : 'No bookings yet'} · {session.seats_left} of {session.seats} seat{session.seats === 1 ? '' : 's'} left
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-2 @xl:justify-end">
        {live && session.room_code ? (
          <Link to={`/session/${session.room_code}`} aria-describedby={titleId} className={`${linkButton} bg-cta-strong text-white hover:bg-cta-strong-hover`}>
            Enter room ➤
          </Link>
        ) : null}
        {session.status === 'completed' && session.room_code ? (
          <Link to={`/session/${session.room_code}/pack`} aria-describedby={titleId} className={`${linkButton} border border-line text-primary hover:bg-accent-soft`}>
            After-session pack ➤
          </Link>
        ) : null}
        {live ? (
          <Button variant="secondary" aria-describedby={titleId} onClick={() => setEnding(true)}>
            End session
          </Button>
        ) : null}
        {scheduled ? (
          <>
            <Button
              variant="cta"
              aria-describedby={titleId}
              disabled={!open}
              loading={goLive.isPending}
              onClick={() => void onGoLive()}
            >
              Go Live ➤
            </Button>
            <Link to={`/dashboard/mentor/sessions/${session.session_id}/edit`} aria-describedby={titleId} className={`${linkButton} text-primary hover:bg-accent-soft`}>
              Edit
            </Link>
            <Button variant="ghost" aria-describedby={titleId} onClick={() => setCancelling(true)}>
              Cancel session
            </Button>
          </>
        ) : null}
      </div>
      </div>
      {scheduled && !open && opensIn > 0 ? (
        <p className="text-base text-ink-muted @xl:hidden">Go Live opens {formatCountdown(opensIn).replace('Starts in', 'in')}.</p>
      ) : null}
      {ending ? (
        <EndSessionDialog session={session} now={now} busy={end.isPending} onConfirm={() => void onEnd()} onClose={() => setEnding(false)} />
      ) : null}
      {cancelling ? <CancelDialog session={session} booked={booked} onClose={() => setCancelling(false)} /> : null}
    </article>
  )
}

function CancelDialog({ session, booked, onClose }: { session: Session; booked: number; onClose: () => void }) {
  const cancel = useCancelSession()
  const [reason, setReason] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <Modal
      open
      onClose={onClose}
      title="Cancel this session?"
      description={session.title}
      className="max-w-lg"
    >
      <div className="space-y-4">
        <p className="text-base text-ink">
          {booked > 0
            ? `The ${booked} learner${booked === 1 ? ' who booked is' : 's who booked are'} notified, and anyone who paid is refunded in full.`
            : 'Nobody has booked it yet.'}
        </p>
        <TextAreaField label="Reason (optional)" value={reason} maxLength={500} className="min-h-20" onChange={(e) => setReason(e.target.value)} />
        <FormAlert>{problem}</FormAlert>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Keep it
          </Button>
          <Button
            variant="danger"
            loading={cancel.isPending}
            onClick={async () => {
              setProblem(null)
              try {
                await cancel.mutateAsync({ id: session.session_id, reason: reason.trim() })
                showToast('Session cancelled', { tone: 'info', detail: booked > 0 ? 'Your learners have been told.' : undefined })
                onClose()
              } catch (err) {
                setProblem(errorMessage(err))
              }
            }}
          >
            Cancel session
          </Button>
        </div>
      </div>
    </Modal>
  )
}
