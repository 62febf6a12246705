import type { Session } from '@/lib/marketplace-types'
import { wouldEndEarly } from '@/lib/session-window'
import { formatDuration } from '@/lib/timezone'
import { Button } from '@/components/ui/button'
import { Modal } from '@/components/ui/modal'

/**
 * "End session?" — ending is final for everyone in the room, and ending well
 * before the scheduled length marks the session "ended early" for learners and
 * admins; paid earnings are released only after the 24-hour window in which a
 * learner may report a problem.
 */
export function EndSessionDialog({ session, now, busy, onConfirm, onClose }: {
  session: Session
  now: number
  busy: boolean
  onConfirm: () => void
  onClose: () => void
}) {
  const early = wouldEndEarly(session, now)
  const elapsed = Math.max(0, Math.floor((now - Date.parse(session.starts_at)) / 60_000))
  return (
    <Modal open onClose={onClose} title="End this session?" description={session.title} className="max-w-lg">
      <div className="space-y-4">
        <p className="text-base text-ink">Ending closes the room for everyone and completes the session. It can't be undone.</p>
        {early ? (
          <p role="note" className="rounded-[var(--radius-control)] bg-warning-soft px-3 py-2 text-base text-ink" data-testid="ends-early">
            <strong>This would end the session early</strong>: {elapsed} of {formatDuration(session.duration_min)} have passed. Learners and
            PeerLearn support see it marked “Ended early”, and learners can report a problem within 24 hours.
          </p>
        ) : null}
        {session.price_paise > 0 ? (
          <p className="text-base text-ink-muted">Your earnings are released 24 hours after the session ends, for a session you taught in the room, unless a learner reports a problem.</p>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Keep teaching
          </Button>
          <Button variant="danger" loading={busy} onClick={onConfirm}>
            {early ? 'End early' : 'End session'}
          </Button>
        </div>
      </div>
    </Modal>
  )
}
