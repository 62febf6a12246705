import { describe, expect, it } from 'vitest'
import { roomTimer } from './timer'

const T0 = Date.parse('2026-12-03T10:00:00Z')
const base = { startsAt: T0, ended: false, waitingFor: 'the mentor' }

describe('room timer', () => {
  it('counts down before the start', () => {
    expect(roomTimer({ ...base, now: T0 - 90_500, presence: null })).toEqual({ kind: 'countdown', label: 'Starts in', seconds: 91 })
  })
  it('waits after the start until both sides are in', () => {
    expect(roomTimer({ ...base, now: T0 + 5000, presence: null }).kind).toBe('waiting')
    expect(roomTimer({ ...base, now: T0 + 5000, presence: null }).label).toBe('Waiting for the mentor')
  })
  it('is live once both are present, from the server figure plus local time since it arrived', () => {
    const presence = { both_present: true, call_started_at: '2026-12-03T10:01:00Z', elapsed_seconds: 60, received_at: T0 + 100_000 }
    expect(roomTimer({ ...base, now: T0 + 110_000, presence })).toEqual({ kind: 'live', label: 'Live now', seconds: 70 })
    // live even before the scheduled start (the room opens 15 min early)
    expect(roomTimer({ ...base, now: T0 - 60_000, presence: { ...presence, elapsed_seconds: 0, received_at: T0 - 60_000 } }).kind).toBe('live')
  })
  it('pauses while one side is away and keeps the elapsed figure', () => {
    const presence = { both_present: false, call_started_at: '2026-12-03T10:01:00Z', elapsed_seconds: 125, received_at: T0 }
    expect(roomTimer({ ...base, now: T0 + 60_000, presence })).toEqual({ kind: 'paused', label: 'Paused — waiting for the mentor', seconds: 125 })
  })
  it('ends', () => {
    expect(roomTimer({ ...base, now: T0, presence: null, ended: true }).kind).toBe('ended')
  })
})
