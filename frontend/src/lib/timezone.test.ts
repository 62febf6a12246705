import { describe, expect, it } from 'vitest'
import { rupeesToPaise, paiseToRupeesInput } from './money'
import {
  DURATIONS,
  QUARTER_HOURS,
  formatClock,
  formatCountdown,
  nextQuarterHour,
  onQuarterHour,
  toApiTime,
  utcToZoned,
  zonedToUtc,
} from './timezone'

describe('timezone conversion of picked times', () => {
  it('reads a wall-clock time in the given zone and gives the UTC instant', () => {
    // IST is UTC+05:30 all year.
    expect(toApiTime(zonedToUtc('2026-11-24', '16:00', 'Asia/Kolkata')!)).toBe('2026-11-24T10:30:00Z')
    expect(toApiTime(zonedToUtc('2026-11-24', '00:15', 'Asia/Kolkata')!)).toBe('2026-11-23T18:45:00Z')
    expect(toApiTime(zonedToUtc('2026-11-24', '10:30', 'UTC')!)).toBe('2026-11-24T10:30:00Z')
    // New York: EST (UTC−5) in winter, EDT (UTC−4) in summer.
    expect(toApiTime(zonedToUtc('2026-01-15', '09:00', 'America/New_York')!)).toBe('2026-01-15T14:00:00Z')
    expect(toApiTime(zonedToUtc('2026-07-15', '09:00', 'America/New_York')!)).toBe('2026-07-15T13:00:00Z')
    // Kathmandu is UTC+05:45.
    expect(toApiTime(zonedToUtc('2026-11-24', '16:00', 'Asia/Kathmandu')!)).toBe('2026-11-24T10:15:00Z')
  })

  it('handles the DST edges like a browser would', () => {
    // 2026-03-08 02:30 does not exist in New York; the later offset is used.
    expect(toApiTime(zonedToUtc('2026-03-08', '03:30', 'America/New_York')!)).toBe('2026-03-08T07:30:00Z')
    expect(zonedToUtc('2026-03-08', '02:30', 'America/New_York')).not.toBeNull()
  })

  it('rejects malformed input and round-trips the other way', () => {
    expect(zonedToUtc('2026-13-01', '10:00', 'UTC')).toBeNull()
    expect(zonedToUtc('2026-11-24', '', 'UTC')).toBeNull()
    expect(utcToZoned('2026-11-24T10:30:00Z', 'Asia/Kolkata')).toEqual({ date: '2026-11-24', time: '16:00' })
    expect(utcToZoned('2026-11-24T02:00:00Z', 'America/Los_Angeles')).toEqual({ date: '2026-11-23', time: '18:00' })
    for (const tz of ['Asia/Kolkata', 'Europe/London', 'America/New_York', 'Australia/Adelaide']) {
      const { date, time } = utcToZoned('2026-05-02T07:45:00Z', tz)
      expect(toApiTime(zonedToUtc(date, time, tz)!)).toBe('2026-05-02T07:45:00Z')
    }
  })

  it('offers 15-minute steps and durations from 15 to 240 minutes', () => {
    expect(QUARTER_HOURS).toHaveLength(96)
    expect(QUARTER_HOURS.slice(0, 3)).toEqual(['00:00', '00:15', '00:30'])
    expect(QUARTER_HOURS.at(-1)).toBe('23:45')
    expect(DURATIONS[0]).toBe(15)
    expect(DURATIONS.at(-1)).toBe(240)
    expect(onQuarterHour('10:45')).toBe(true)
    expect(onQuarterHour('10:50')).toBe(false)
    const next = nextQuarterHour('Asia/Kolkata', 60, Date.parse('2026-11-24T10:31:00Z'))
    expect(next).toEqual({ date: '2026-11-24', time: '17:15' })
  })

  it('formats countdowns and clocks', () => {
    expect(formatCountdown(30_000)).toBe('Starting now')
    expect(formatCountdown(12 * 60_000)).toBe('Starts in 12 min')
    expect(formatCountdown(3 * 3600_000 + 5 * 60_000)).toBe('Starts in 3 h 5 min')
    expect(formatCountdown(3 * 86400_000)).toBe('Starts in 3 days')
    expect(formatClock(65)).toBe('01:05')
    expect(formatClock(3723)).toBe('1:02:03')
  })
})

describe('rupees → paise', () => {
  it('never goes through a float amount', () => {
    expect(rupeesToPaise('500')).toBe(50000)
    expect(rupeesToPaise('1,250.5')).toBe(125050)
    expect(rupeesToPaise('₹ 0.07')).toBe(7)
    expect(rupeesToPaise('0')).toBe(0)
    expect(rupeesToPaise('')).toBeNull()
    expect(rupeesToPaise('-3')).toBeNaN()
    expect(rupeesToPaise('1.234')).toBeNaN()
    expect(rupeesToPaise('abc')).toBeNaN()
    expect(paiseToRupeesInput(125050)).toBe('1250.50')
    expect(paiseToRupeesInput(50000)).toBe('500')
  })
})
