import { useId, useRef, useState, type FormEvent } from 'react'
import { useCheckout } from '@/hooks/use-checkout'
import { errorMessage } from '@/lib/api-client'
import { usePaymentsConfig } from '@/lib/meta'
import { checkRupees, formatPaise } from '@/lib/money'
import { showToast } from '@/lib/toast'
import { MoneyField } from '@/components/form/money-field'
import { Button } from '@/components/ui/button'
import { StarIcon } from '@/components/ui/icons'
import { Modal } from '@/components/ui/modal'
import { useSendFeedback } from '../api/feedback'
import { findMyBookingId } from '../api/gift'
import { LIMITS, type RoomOut } from '../api/protocol'
import { checkResource, RESOURCE_RULE_TEXT, uploadResource } from '../api/resources'

/** The mentor's "End session": says what ending means, especially before the scheduled end. */
export function EndDialog({ room, onConfirm, onClose, busy, now }: { room: RoomOut; onConfirm: () => void; onClose: () => void; busy: boolean; now: number }) {
  const left = Math.max(0, Math.round((Date.parse(room.session.ends_at) - now) / 60_000))
  const early = left > 0
  return (
    <Modal open onClose={onClose} title="End the session for everyone?" className="max-w-lg">
      <div className="space-y-4 text-base text-ink">
        {early ? (
          <p>
            The session is scheduled for <strong>{left} more {left === 1 ? 'minute' : 'minutes'}</strong>. Ending early closes the room for your
            learners too: the call stops, the session is marked completed and they are asked for feedback. It cannot be reopened.
          </p>
        ) : (
          <p>The call stops for everyone, the session is marked completed and learners are asked for feedback.</p>
        )}
        <p className="text-ink-muted">Chat, the whiteboard, topics covered and attendance are kept in the after-session pack.</p>
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Keep teaching
          </Button>
          <Button variant="danger" loading={busy} onClick={onConfirm}>
            {early ? 'End early for everyone' : 'End session'}
          </Button>
        </div>
      </div>
    </Modal>
  )
}

/** 1–5 stars and a comment, once per learner per session. */
export function FeedbackModal({ roomCode, mentorName, onClose }: { roomCode: string; mentorName: string; onClose: () => void }) {
  const [rating, setRating] = useState(0)
  const [comment, setComment] = useState('')
  const [error, setError] = useState<string | null>(null)
  const send = useSendFeedback(roomCode)
  const commentId = useId()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (rating < 1 || rating > 5) return setError('Choose from 1 to 5 stars.')
    if (comment.length > LIMITS.feedbackMaxChars) return setError('Comments are up to 2,000 characters.')
    setError(null)
    try {
      await send.mutateAsync({ rating, comment: comment.trim() })
      showToast('Thanks for your feedback ✔', { tone: 'success' })
      onClose()
    } catch (err) {
      setError(errorMessage(err, 'Could not send your feedback.'))
    }
  }
  return (
    <Modal open onClose={onClose} title="How was your session?" description={`Your rating helps ${mentorName} and other learners.`} className="max-w-lg">
      <form onSubmit={(e) => void submit(e)} className="space-y-4" noValidate>
        <fieldset>
          <legend className="mb-2 text-base font-semibold text-ink">Rating</legend>
          <div role="radiogroup" aria-label="Rating" className="flex gap-1">
            {[1, 2, 3, 4, 5].map((n) => (
              <button
                key={n}
                type="button"
                role="radio"
                aria-checked={rating === n}
                aria-label={`${n} ${n === 1 ? 'star' : 'stars'}`}
                onClick={() => setRating(n)}
                onKeyDown={(e) => {
                  if (e.key === 'ArrowRight' || e.key === 'ArrowUp') setRating(Math.min(5, (rating || 0) + 1))
                  if (e.key === 'ArrowLeft' || e.key === 'ArrowDown') setRating(Math.max(1, (rating || 2) - 1))
                }}
                className={`inline-flex size-tap items-center justify-center rounded-full ${n <= rating ? 'text-cta-strong' : 'text-ink-muted'} hover:bg-accent-soft`}
              >
                <StarIcon size={32} fill={n <= rating ? 'currentColor' : 'none'} />
              </button>
            ))}
          </div>
        </fieldset>
        <div className="space-y-1">
          <label htmlFor={commentId} className="block text-base font-semibold text-ink">
            Comment (optional)
          </label>
          <textarea
            id={commentId}
            rows={4}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            className="w-full rounded-[var(--radius-control)] border border-line bg-surface px-3 py-2 text-base"
          />
          <p className="text-sm text-ink-muted">{comment.length.toLocaleString('en-IN')} / 2,000</p>
        </div>
        {error ? (
          <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Later
          </Button>
          <Button type="submit" variant="cta" loading={send.isPending}>
            Send feedback
          </Button>
        </div>
      </form>
    </Modal>
  )
}

/** The mentor's resource upload (after the session, or during it): allow-list and 25 MB checked here too. */
export function ResourceUpload({ roomCode, onUploaded }: { roomCode: string; onUploaded?: () => void }) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  const onFile = async (file: File | undefined) => {
    if (!file) return
    const problem = checkResource(file)
    if (problem) {
      setError(problem)
      return
    }
    setError(null)
    setBusy(true)
    try {
      await uploadResource(roomCode, file)
      showToast('Uploaded ✔', { tone: 'success', detail: `${file.name} is in the session's resources.` })
      onUploaded?.()
    } catch (err) {
      setError(errorMessage(err, 'The upload failed.'))
    } finally {
      setBusy(false)
      if (inputRef.current) inputRef.current.value = ''
    }
  }
  return (
    <div className="space-y-2">
      <label htmlFor={id} className="block text-base font-semibold text-ink">
        Share a file with your learners
      </label>
      <input
        ref={inputRef}
        id={id}
        type="file"
        accept=".pdf,.png,.jpg,.jpeg,.webp,.txt,.md,.pptx,.docx,.xlsx,.zip"
        disabled={busy}
        onChange={(e) => void onFile(e.target.files?.[0])}
        aria-describedby={`${id}-hint`}
        className="block w-full text-base file:mr-3 file:min-h-tap file:rounded-[var(--radius-control)] file:border-0 file:bg-primary file:px-4 file:font-semibold file:text-white"
      />
      <p id={`${id}-hint`} className="text-sm text-ink-muted">
        {RESOURCE_RULE_TEXT}.
      </p>
      {busy ? <p role="status">Uploading…</p> : null}
      {error ? (
        <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
          {error}
        </p>
      ) : null}
    </div>
  )
}

/** A gift from the room, through the existing gift checkout (POST /payments/gifts). */
export function RoomGiftDialog({ room, onClose }: { room: RoomOut; onClose: () => void }) {
  const config = usePaymentsConfig()
  const checkout = useCheckout()
  const [amount, setAmount] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const [lookupError, setLookupError] = useState<string | null>(null)
  const check = checkRupees(amount, { min: config.gift_min_paise, max: config.gift_max_paise })
  const error = amount || submitted ? check.error : null
  const mentor = room.session.mentor.name
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (check.paise === null) return
    setLookupError(null)
    let bookingId = room.booking_id ?? null
    try {
      bookingId ??= await findMyBookingId(room.session.session_id)
    } catch (err) {
      setLookupError(errorMessage(err, 'Could not find your booking.'))
      return
    }
    if (!bookingId) {
      setLookupError('Gifts need a confirmed booking for this session.')
      return
    }
    try {
      sessionStorage.setItem(`peerlearn.gift.${room.room_code}`, String(check.paise))
    } catch {
      // private mode: the "sent" notice falls back to the toast from the checkout return
    }
    await checkout.payGift(bookingId, check.paise, room.session.title)
  }
  return (
    <Modal open onClose={onClose} title={`Send ${mentor} a gift`} description={room.session.title} className="max-w-lg">
      <form noValidate onSubmit={(e) => void submit(e)} className="space-y-4">
        <p className="text-base text-ink">A thank-you on top of the session price. 90 % goes to {mentor}.</p>
        <div role="group" aria-label="Suggested amounts" className="flex flex-wrap gap-2">
          {[10000, 25000, 50000]
            .filter((p) => p >= config.gift_min_paise && p <= config.gift_max_paise)
            .map((p) => (
              <Button key={p} variant="secondary" onClick={() => setAmount(String(p / 100))}>
                {formatPaise(p)}
              </Button>
            ))}
        </div>
        <MoneyField
          label="Gift amount"
          value={amount}
          onChange={setAmount}
          error={error}
          hint={`From ${formatPaise(config.gift_min_paise)} to ${formatPaise(config.gift_max_paise)}.`}
          required
          autoFocus
        />
        {checkout.problem || lookupError ? (
          <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
            {checkout.problem?.message ?? lookupError}
          </p>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Not now
          </Button>
          <Button type="submit" variant="cta" loading={checkout.busy}>
            Send gift ➤
          </Button>
        </div>
      </form>
    </Modal>
  )
}
