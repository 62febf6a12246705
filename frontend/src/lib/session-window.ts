// When a session's room may be entered (spec: "Go Live ➤" from 15 minutes
// before the start until the end; learners "Join ➤" when live or within 15
// minutes of the start). The API enforces the same window.
import type { Session } from './marketplace-types'
import { todayIn, utcToZoned } from './timezone'

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

/** The mentor's My Sessions tabs, split by the mentor's own calendar day (as the API splits them). */
export type MentorSessionTab = 'today' | 'upcoming' | 'past'

export function mentorSessionTab(startsAt: string, tz: string, now: number = Date.now()): MentorSessionTab {
  const day = utcToZoned(startsAt, tz).date
  const today = todayIn(tz, now)
  return day === today ? 'today' : day > today ? 'upcoming' : 'past'
}

/** My Sessions on the tab that holds `session`, with its row highlighted (after publishing or ending it). */
export function mySessionsPath(session: Pick<Session, 'session_id' | 'starts_at'>, tz: string, now: number = Date.now()): string {
  const query = new URLSearchParams({ tab: mentorSessionTab(session.starts_at, tz, now), session: session.session_id })
  return `/dashboard/mentor/sessions?${query}`
}
