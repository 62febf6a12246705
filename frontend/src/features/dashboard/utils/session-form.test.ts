import { describe, expect, it } from 'vitest'
import { emptySessionForm, MAX_SEATS, validateSession } from './session-form'

describe('session form seats', () => {
  const base = emptySessionForm({ date: '2030-03-15', time: '18:00' })

  it('refuses more seats than the live room holds (the mentor and 4 learners)', () => {
    expect(MAX_SEATS).toBe(4)
    expect(validateSession({ ...base, seats: '5' }, 'Asia/Kolkata', { checkStart: false }).seats).toBe(
      'At most 4 seats: the live room holds you and 4 learners',
    )
    expect(validateSession({ ...base, seats: '4' }, 'Asia/Kolkata', { checkStart: false }).seats).toBeUndefined()
  })
})
