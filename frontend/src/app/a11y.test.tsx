// Automated accessibility audit (axe-core) of the main screens. Colour
// contrast cannot be computed in jsdom; it is covered by the token choices
// documented in src/styles/tokens.css.
import { screen } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { makeBooking, makeMentorCard, makeMentorProfile, makeRequest, makeSession, page } from '@/testing/marketplace-fixtures'
import { baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { makePayment, makeWithdrawal } from '@/testing/payment-fixtures'
import { renderApp, signIn } from '@/testing/render-app'

async function audit() {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('accessibility (axe)', () => {
  it.each([
    ['/', 'Get Started ➤'],
    ['/login', 'Sign in'],
    ['/signup/learner', 'Next'],
    ['/signup/mentor', 'Next'],
  ])('%s has no violations', async (path, button) => {
    mockApi(baseHandlers())
    renderApp(path)
    await screen.findByRole('button', { name: button })
    expect(await audit()).toEqual([])
  })

  it.each(['/dashboard/learner', '/profile', '/profile?tab=settings'])('%s (signed in) has no violations', async (path) => {
    signIn('learner')
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('learner'), 'GET /dashboard/learner': () => ({ me: makeMe('learner') }) })
    renderApp(path)
    await screen.findByRole('button', { name: 'Notifications' })
    await screen.findAllByRole('heading', { level: 1 })
    await new Promise((r) => setTimeout(r, 50))
    expect(await audit()).toEqual([])
  }, 30_000) // the timezone select holds ~400 options; axe is slow on jsdom

  const market = () => ({
    ...baseHandlers(),
    'GET /landing': () => ({ live_upcoming: [makeSession()], categories: ['Mathematics'], top_mentors: [makeMentorCard()] }),
    'GET /sessions': () => page([makeSession(), makeSession({}, 2)]),
    'GET /mentors': () => page([makeMentorCard()]),
    'GET /mentors/mentor-1': () => makeMentorProfile(),
    'GET /mentor/requests': () => page([makeRequest()]),
    'GET /mentor/sessions': () => page([makeSession({ bookings_count: 1 })]),
    'GET /learner/activity': () => page([{ kind: 'request', at: '2026-11-20T10:00:00Z', request: makeRequest({ status: 'offered', offer: { proposed_at: '2030-01-01T10:00:00Z', budget_paise: 100, message: '' } }) }, { kind: 'booking', at: '2026-11-20T10:00:00Z', booking: makeBooking() }]),
  })

  it.each([
    ['/', 'Book ➤'],
    ['/sessions', 'Book ➤'],
    ['/mentors', 'Quick Request ➤'],
    ['/mentors/mentor-1', 'Request Live ➤'],
  ])('marketplace %s has no violations', async (path, button) => {
    mockApi(market())
    renderApp(path)
    await screen.findAllByRole('button', { name: button })
    await new Promise((r) => setTimeout(r, 50))
    expect(await audit()).toEqual([])
  }, 30_000)

  it.each([
    ['learner', '/dashboard/learner/activity', 'Confirm ➤'],
    ['mentor', '/dashboard/mentor/requests', 'Modify & Reply ➤'],
    ['mentor', '/dashboard/mentor/sessions', 'Go Live ➤'],
    ['mentor', '/dashboard/mentor/sessions/new', 'Publish session ➤'],
  ] as const)('%s %s has no violations', async (role, path, button) => {
    signIn(role)
    mockApi({ ...market(), 'GET /me': () => makeMe(role) })
    renderApp(path)
    await screen.findAllByRole('button', { name: button })
    await new Promise((r) => setTimeout(r, 50))
    expect(await audit()).toEqual([])
  }, 30_000)

  const money = () => ({
    ...market(),
    'GET /payments/mine': () => page([makePayment(), makePayment({ order_id: 'order_2', kind: 'gift' })]),
    'GET /payments/earnings': () => ({
      items: [makePayment()],
      next_cursor: null,
      summary: { held_paise: 44910, available_paise: 0, payouts_pending_paise: 0, withdrawn_paise: 0, lifetime_paise: 44910, gifts_paise: 0 },
    }),
    'GET /payments/earnings/series': () => ({ days: [{ date: '2026-11-20', earned_paise: 44910, gifts_paise: 900 }, { date: '2026-11-21', earned_paise: 0, gifts_paise: 0 }] }),
    'GET /payments/payout-account': () => ({ account: null }),
    'GET /payments/withdrawals': () => page([makeWithdrawal()]),
    'GET /payments/orders/order_1': () => makePayment({ status: 'failed', failed_attempts: 1 }),
  })

  it.each([
    ['learner', '/dashboard/learner/payments', 'Payments'],
    ['mentor', '/dashboard/mentor/earnings', 'Earnings'],
    ['learner', `/checkout/return?error%5Breason%5D=payment_failed&error%5Bdescription%5D=Declined&error%5Bmetadata%5D=${encodeURIComponent('{"order_id":"order_1"}')}`, 'Payment failed'],
  ] as const)('payments: %s %s has no violations', async (role, path, heading) => {
    signIn(role)
    mockApi({ ...money(), 'GET /me': () => makeMe(role) })
    renderApp(path)
    await screen.findByRole('heading', { level: 1, name: heading })
    await new Promise((r) => setTimeout(r, 100))
    expect(await audit()).toEqual([])
  }, 30_000)
})
