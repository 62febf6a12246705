import { describe, expect, it } from 'vitest'
import { INTENT_TTL_MS, clearIntent, peekIntent, rememberIntent, takeIntent } from './intent'
import { keysForNotification } from './live-updates'

describe('sign-up intent', () => {
  it('is remembered, read once and forgotten', () => {
    rememberIntent('/sessions/s1?book=1', 'book “Algebra”')
    expect(peekIntent()?.path).toBe('/sessions/s1?book=1')
    expect(takeIntent()?.label).toBe('book “Algebra”')
    expect(takeIntent()).toBeNull()
  })

  it('expires, and never points off-site', () => {
    rememberIntent('/sessions/s1?book=1', 'x')
    expect(peekIntent(Date.now() + INTENT_TTL_MS + 1)).toBeNull()
    localStorage.setItem('peerlearn.intent', JSON.stringify({ path: '//evil.example', label: 'x', at: Date.now() }))
    expect(peekIntent()).toBeNull()
    clearIntent()
  })
})

describe('live updates', () => {
  it('maps notification kinds to the lists they change', () => {
    expect(keysForNotification('booking_confirmed')).toContainEqual(['activity'])
    expect(keysForNotification('booking_pending_approval')).toContainEqual(['desk', 'approvals'])
    expect(keysForNotification('request_received')).toContainEqual(['desk', 'requests'])
    expect(keysForNotification('offer_accepted')).toContainEqual(['desk', 'sessions'])
    expect(keysForNotification('session_live')).toContainEqual(['rooms'])
    expect(keysForNotification('welcome')).toEqual([])
    for (const kind of ['payment_failed', 'earning_new', 'gift_received', 'refund_processed', 'withdrawal_processed', 'booking_confirmed']) {
      expect(keysForNotification(kind)).toContainEqual(['payments'])
    }
    expect(keysForNotification('payment_captured')).toContainEqual(['activity'])
    expect(keysForNotification('webhook_dead')).toContainEqual(['payments', 'admin'])
  })
})
