import { describe, expect, it } from 'vitest'
import { formatDateTime, formatINR, initials } from './format'

describe('formatDateTime', () => {
  const iso = '2026-11-23T10:00:00Z'
  it('shows the time in the user timezone', () => {
    expect(formatDateTime(iso, 'Asia/Kolkata', { timeStyle: 'short' })).toMatch(/3:30\s?pm/i)
    expect(formatDateTime(iso, 'UTC', { timeStyle: 'short' })).toMatch(/10:00\s?am/i)
  })
  it('falls back to Asia/Kolkata for an unknown zone and ignores bad input', () => {
    expect(formatDateTime(iso, 'Mars/Olympus', { timeStyle: 'short' })).toMatch(/3:30\s?pm/i)
    expect(formatDateTime('not a date', 'UTC')).toBe('')
  })
})

describe('money and names', () => {
  it('formats integer paise as rupees', () => {
    expect(formatINR(100000)).toBe('₹1,000')
    expect(formatINR(50)).toBe('₹0.50')
  })
  it('builds initials', () => {
    expect(initials('Asha Rao')).toBe('AR')
    expect(initials('Demo Mentor · Kabir (sample)')).toBe('DK')
    expect(initials('(sample)')).toBe('?')
    expect(initials('asha')).toBe('A')
  })
})

describe('formatters', () => {
  it('are built once per options, not per call (a list formats dozens of times per render)', () => {
    const counted = <T extends object>(ctor: T) => {
      const seen = { n: 0 }
      const proxy = new Proxy(ctor, { construct: (target, args) => (seen.n++, Reflect.construct(target as never, args)) })
      return { proxy, seen }
    }
    const [dates, numbers] = [Intl.DateTimeFormat, Intl.NumberFormat]
    const d = counted(dates)
    const n = counted(numbers)
    Intl.DateTimeFormat = d.proxy
    Intl.NumberFormat = n.proxy
    try {
      const times = Array.from({ length: 50 }, (_, i) => formatDateTime(Date.UTC(2026, 11, 1, i % 24), 'Europe/Berlin'))
      expect(new Set(times).size).toBe(24)
      expect(d.seen.n).toBeLessThanOrEqual(2) // the timezone check, the format
      for (let i = 0; i < 50; i++) formatINR(100 * i + (i % 2))
      expect(n.seen.n).toBeLessThanOrEqual(2) // whole rupees, and with paise
      expect(formatDateTime(0, 'Not/AZone')).toBe(formatDateTime(0, 'Asia/Kolkata')) // unknown → the fallback
    } finally {
      Intl.DateTimeFormat = dates
      Intl.NumberFormat = numbers
    }
  })
})
