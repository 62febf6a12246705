import { formatINR } from '@/lib/format'
import type { Session } from '@/lib/marketplace-types'

export function seatsText(session: Pick<Session, 'seats_left'>): string {
  if (session.seats_left <= 0) return 'Sold out'
  return `${session.seats_left} seat${session.seats_left === 1 ? '' : 's'} left`
}

export function priceText(paise: number): string {
  return paise === 0 ? 'Free' : formatINR(paise)
}

/** What the learner reads after "Confirm ➤", per booking status. */
export const OUTCOME_TEXT = {
  confirmed: 'Booked ✔',
  pending_payment: 'Seat held — complete the payment',
  pending_approval: "Waiting for the mentor's approval",
} as const

/** Where a signed-out "Book ➤" comes back to after signup: the session, sheet open. */
export function bookingReturnPath(sessionId: string) {
  return `/sessions/${encodeURIComponent(sessionId)}?book=1`
}

/** Where a signed-out "Request Live ➤" comes back to: the mentor, form open. */
export function requestReturnPath(mentorId: string) {
  return `/mentors/${encodeURIComponent(mentorId)}?request=1`
}
