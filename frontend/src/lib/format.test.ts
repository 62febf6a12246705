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
