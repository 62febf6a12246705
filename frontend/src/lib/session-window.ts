// When a session's room may be entered (spec: "Go Live ➤" from 15 minutes
// before the start until the end; learners "Join ➤" when live or within 15
// minutes of the start). The API enforces the same window.
import type { Session } from './marketplace-types'

export const EARLY_MS = 15 * 60_000

type Timed = Pick<Session, 'starts_at' | 'ends_at' | 'status'>

/** A mentor may go live now. */
export function canGoLive(session: Timed, now: number): boolean {
  if (session.status !== 'scheduled') return false
  const start = Date.parse(session.starts_at)
  const end = Date.parse(session.ends_at)
  return now >= start - EARLY_MS && now < end
}

/** A booked learner may open the room now (it still needs its room code). */
export function canJoin(session: Timed, now: number): boolean {
  if (session.status === 'live') return true
  if (session.status !== 'scheduled') return false
  const start = Date.parse(session.starts_at)
  const end = Date.parse(session.ends_at)
  return now >= start - EARLY_MS && now < end
}

/** Is the session over (by status or by clock)? */
export function isOver(session: Timed, now: number): boolean {
  return session.status === 'completed' || session.status === 'cancelled' || now >= Date.parse(session.ends_at)
}

/** The API's rule: ending before 80 % of the scheduled length has passed is "ended early". */
export const EARLY_END_SHARE = 0.8

/** Would ending now count as "ended early"? (The confirmation says what that means.) */
export function wouldEndEarly(session: Pick<Session, 'starts_at' | 'duration_min'>, now: number): boolean {
  return now < Date.parse(session.starts_at) + EARLY_END_SHARE * session.duration_min * 60_000
}
