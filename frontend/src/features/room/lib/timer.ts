// The room header's one clock: a countdown before the start, then elapsed
// call time — counted by the server only while the mentor and a learner are
// both in (`presence` frames), so it pauses while one side is away.

export interface Presence {
  both_present: boolean
  call_started_at: string | null
  elapsed_seconds: number
  /** When this client received the figures (ms since epoch). */
  received_at: number
}

export type TimerView =
  | { kind: 'countdown'; label: 'Starts in'; seconds: number }
  | { kind: 'waiting'; label: string; seconds: number }
  | { kind: 'live'; label: 'Live now'; seconds: number }
  | { kind: 'paused'; label: string; seconds: number }
  | { kind: 'ended'; label: 'Session ended'; seconds: number }

export function roomTimer({
  now,
  startsAt,
  presence,
  ended,
  waitingFor,
}: {
  now: number
  startsAt: number
  presence: Presence | null
  ended: boolean
  /** Who the caller is waiting for ("the mentor" / "your learner"). */
  waitingFor: string
}): TimerView {
  const elapsed = presence ? presence.elapsed_seconds : 0
  if (ended) return { kind: 'ended', label: 'Session ended', seconds: Math.floor(elapsed) }
  if (presence?.both_present) {
    const running = elapsed + Math.max(0, now - presence.received_at) / 1000
    return { kind: 'live', label: 'Live now', seconds: Math.floor(running) }
  }
  if (elapsed > 0) return { kind: 'paused', label: `Paused — waiting for ${waitingFor}`, seconds: Math.floor(elapsed) }
  if (now < startsAt) return { kind: 'countdown', label: 'Starts in', seconds: Math.ceil((startsAt - now) / 1000) }
  return { kind: 'waiting', label: `Waiting for ${waitingFor}`, seconds: 0 }
}
