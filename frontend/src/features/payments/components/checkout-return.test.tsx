import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { savePendingCheckout, type PendingCheckout } from '@/lib/checkout'
import { apiError, json } from '@/testing/mock-api'
import { mockLearnerApi, STAND_IN, makeCheckout, makeOrder, makePayment, stubCheckoutNavigation } from '@/testing/payment-fixtures'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { renderApp } from '@/testing/render-app'

let nav: ReturnType<typeof stubCheckoutNavigation>
beforeEach(() => {
  nav = stubCheckoutNavigation()
})
afterEach(() => nav.restore())

const HOLD = '2030-03-15T12:45:00Z'

function pending(overrides: Partial<PendingCheckout> = {}) {
  savePendingCheckout({
    order_id: 'order_1',
    booking_id: 'b1',
    kind: 'booking',
    return_to: '/dashboard/learner/activity',
    amount_paise: 49900,
    title: 'Python for data',
    hold_expires_at: HOLD,
    checkout: makeCheckout(),
    ...overrides,
  })
}

const learner = mockLearnerApi

const SUCCESS = '/checkout/return?razorpay_payment_id=pay_1&razorpay_order_id=order_1&razorpay_signature=sig_1'
const failedUrl = (reason = 'payment_failed') =>
  `/checkout/return?${new URLSearchParams({
    'error[code]': 'BAD_REQUEST_ERROR',
    'error[description]': reason === 'payment_failed' ? 'Your card was declined.' : 'Payment cancelled',
    'error[reason]': reason,
    'error[metadata]': JSON.stringify({ order_id: 'order_1' }),
  })}`

describe('/checkout/return', () => {
  it('verifies a successful payment, toasts "Booked ✔" and lands on My Activity', async () => {
    pending()
    const api = learner({ 'POST /payments/verify': () => json({ payment: makePayment(), booking: null }) })
    const { where } = renderApp(SUCCESS)
    expect(await screen.findByText('Booked ✔')).toBeInTheDocument()
    await waitFor(() => expect(where()).toBe('/dashboard/learner/activity'))
    expect(api.callsTo('POST /payments/verify')).toHaveLength(1)
    expect(api.callsTo('POST /payments/verify')[0]!.body).toEqual({
      razorpay_order_id: 'order_1',
      razorpay_payment_id: 'pay_1',
      razorpay_signature: 'sig_1',
    })
    expect(sessionStorage.getItem('peerlearn.checkout.pending')).toBeNull()
  })

  it('one payment, one toast: the server\'s "Booked ✔" notification does not pop a second one', async () => {
    FakeWebSocket.reset()
    pending()
    learner({
      'POST /payments/verify': () => json({ payment: makePayment(), booking: null }),
      'POST /realtime/ticket': () => json({ ticket: 't', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    renderApp(SUCCESS, { createSocket: (url) => new FakeWebSocket(url) })
    expect(await screen.findByText('Booked ✔')).toBeInTheDocument()
    await waitFor(() => expect(FakeWebSocket.instances.length).toBeGreaterThan(0))
    const ws = FakeWebSocket.last()
    act(() => ws.open())
    const notification = {
      id: 'n1', kind: 'booking_confirmed', title: 'Booked ✔ Python for data', body: 'Payment received. See it in My Activity.',
      link: '/dashboard/learner', read: false, created_at: '2030-03-15T12:31:00Z',
    }
    act(() => ws.receive({ type: 'notification', notification, unread_count: 1 }))
    await waitFor(() => expect(screen.getByTestId('bell-count')).toHaveTextContent('1'))
    expect(screen.getAllByTestId('toast')).toHaveLength(1)
    // Another kind of news still pops.
    act(() => ws.receive({ type: 'notification', notification: { ...notification, id: 'n2', kind: 'request_offered', title: 'New offer' }, unread_count: 2 }))
    await waitFor(() => expect(screen.getAllByTestId('toast')).toHaveLength(2))
  })

  it('a gift says "Gift sent ✔" and goes back where it was sent from', async () => {
    pending({ kind: 'gift', return_to: '/dashboard/learner/payments' })
    learner({
      'POST /payments/verify': () => json({ payment: makePayment({ kind: 'gift', amount_paise: 20000 }), booking: null }),
      'GET /payments/mine': () => ({ items: [], next_cursor: null }),
    })
    const { where } = renderApp(SUCCESS)
    expect(await screen.findByText('Gift sent ✔')).toBeInTheDocument()
    await waitFor(() => expect(where()).toBe('/dashboard/learner/payments'))
  })

  it('a forged signature is reported, nothing is booked', async () => {
    pending()
    learner({ 'POST /payments/verify': () => apiError(400, 'bad_signature', { message: "The payment signature doesn't match this order." }) })
    renderApp(SUCCESS)
    expect(await screen.findByText("The payment signature doesn't match this order.")).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: "We couldn't confirm this payment" })).toBeInTheDocument()
    expect(screen.queryByText('Booked ✔')).not.toBeInTheDocument()
  })

  it('a failed payment offers "Retry" until 3 attempts failed, then "Try another method?" with the hold time', async () => {
    pending()
    const api = learner({
      'GET /payments/orders/order_1': () => makePayment({ status: 'failed', failed_attempts: 0 }),
      'POST /payments/orders': () => json(makeOrder({ failed_attempts: 0 }), 200),
    })
    const first = renderApp(failedUrl())
    expect(await screen.findByRole('heading', { name: 'Payment failed' })).toBeInTheDocument()
    expect(screen.getByText('Your card was declined.', { exact: false })).toBeInTheDocument()
    expect(screen.getByTestId('attempts')).toHaveTextContent('Attempt 1 of 3 failed.')
    expect(screen.getByText(/Your seat is held until/)).toBeInTheDocument()
    await first.user.click(screen.getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
    expect(api.callsTo('POST /payments/orders')[0]!.body).toEqual({ booking_id: 'b1' })
    expect(nav.assign.mock.calls[0]![0]).toBe(`${STAND_IN}/order_1?callback_url=${encodeURIComponent(`${window.location.origin}/checkout/return`)}`)
    first.unmount()

    // Back from the second failed attempt (same query string, a new attempt).
    const second = renderApp(failedUrl())
    expect(await screen.findByTestId('attempts')).toHaveTextContent('Attempt 2 of 3 failed.')
    await second.user.click(screen.getByRole('button', { name: 'Retry' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(2))
    second.unmount()

    const third = renderApp(failedUrl())
    expect(await screen.findByTestId('attempts')).toHaveTextContent('All 3 attempts failed.')
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument()
    expect(screen.getByText(/Your seat is held until/)).toHaveTextContent(/held until \d{1,2}:\d{2}/)
    await third.user.click(screen.getByRole('button', { name: 'Try another method?' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(3))
    expect(nav.assign.mock.calls[2]![0]).toContain(`${STAND_IN}/order_1?callback_url=`)
  })

  it('a reload does not count the same failure twice; the server count wins when higher', async () => {
    pending()
    learner({ 'GET /payments/orders/order_1': () => makePayment({ status: 'failed', failed_attempts: 2 }) })
    const view = renderApp(failedUrl())
    await waitFor(() => expect(screen.getByTestId('attempts')).toHaveTextContent('Attempt 2 of 3 failed.'))
    view.unmount()
    renderApp(failedUrl())
    await waitFor(() => expect(screen.getByTestId('attempts')).toHaveTextContent('Attempt 2 of 3 failed.'))
    expect(sessionStorage.getItem('peerlearn.checkout.failures.order_1')).toBe('1')
  })

  it('409 attempts_exhausted on "Retry" switches to "Try another method?"', async () => {
    pending()
    learner({
      'GET /payments/orders/order_1': () => apiError(404, 'not_found'),
      'POST /payments/orders': () => apiError(409, 'attempts_exhausted', { message: 'Too many failed attempts for this order.' }),
    })
    const { user } = renderApp(failedUrl())
    await user.click(await screen.findByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('button', { name: 'Try another method?' })).toBeInTheDocument()
    expect(screen.getByTestId('attempts')).toHaveTextContent('All 3 attempts failed.')
    expect(nav.assign).not.toHaveBeenCalled()
  })

  it('a cancelled payment says so and offers "Pay now ➤" again', async () => {
    pending()
    learner({
      'GET /payments/orders/order_1': () => makePayment({ status: 'created' }),
      'POST /payments/orders': () => json(makeOrder(), 200),
    })
    const { user } = renderApp(failedUrl('payment_cancelled'))
    expect(await screen.findByRole('heading', { name: 'Payment cancelled' })).toBeInTheDocument()
    expect(screen.getByText(/No money was taken/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Pay now ➤' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
  })
})
