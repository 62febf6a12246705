import { createElement, useCallback, useState } from 'react'
import { useNavigate } from 'react-router'
import { useSession } from '@/lib/auth'
import { rememberIntent } from '@/lib/intent'
import type { Session } from '@/lib/marketplace-types'
import { showToast } from '@/lib/toast'
import { BookingSheet } from '../components/booking-sheet'
import { bookingReturnPath } from '../utils/session-text'

/**
 * "Book ➤" for any list: signed in → the booking sheet; signed out → the
 * learner signup (spec 000 §8), remembering the session so the first sign-in
 * comes straight back to it with the sheet open.
 */
export function useBooking() {
  const session = useSession()
  const navigate = useNavigate()
  const [target, setTarget] = useState<Session | null>(null)

  const book = useCallback(
    (s: Session) => {
      if (!session) {
        rememberIntent(bookingReturnPath(s.session_id), `book “${s.title}”`)
        showToast('Create a learner account to book', { tone: 'info', detail: "We'll bring you straight back to this session." })
        navigate('/signup/learner')
        return
      }
      setTarget(s)
    },
    [session, navigate],
  )
  const close = useCallback(() => setTarget(null), [])
  const sheet = createElement(BookingSheet, { session: target, onClose: close })
  return { book, close, sheet, target }
}
