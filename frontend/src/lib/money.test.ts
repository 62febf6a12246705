import { describe, expect, it } from 'vitest'
import { checkRupees, formatPaise, rupeesToPaise } from './money'

describe('money', () => {
  it('converts rupee text to exact integer paise', () => {
    expect(rupeesToPaise('1,234.5')).toBe(123450)
    expect(rupeesToPaise('0.29')).toBe(29)
    expect(rupeesToPaise('1.234')).toBeNaN()
  })
  it('formats paise with Indian grouping', () => {
    expect(formatPaise(123450)).toBe('₹1,234.50')
    expect(formatPaise(10000000)).toBe('₹1,00,000')
    expect(formatPaise(5)).toBe('₹0.05')
  })
  it('checks ranges and decimals', () => {
    expect(checkRupees('9.99', { min: 1000 }).error).toBe('The minimum is ₹10.')
    expect(checkRupees('10.005', { min: 1000 }).error).toBe('Use at most 2 decimals (paise).')
    expect(checkRupees('6000', { min: 1000, max: 500000 }).error).toBe('The maximum is ₹5,000.')
    expect(checkRupees('12.30', { min: 1000, max: 500000 })).toEqual({ paise: 1230, error: null })
  })
})
