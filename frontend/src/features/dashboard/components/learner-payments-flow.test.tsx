import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { checkoutEnv } from '@/lib/checkout'
import { makeBooking, makeRequest, makeSession, page } from '@/testing/marketplace-fixtures'
import { apiError, json } from '@/testing/mock-api'
import { mockLearnerApi, makeOrder, makePayment, stubCheckoutNavigation } from '@/testing/payment-fixtures'
import { renderApp } from '@/testing/render-app'

let nav: ReturnType<typeof stubCheckoutNavigation>
beforeEach(() => {
  nav = stubCheckoutNavigation()
})
afterEach(() => nav.restore())

const learner = mockLearnerApi

const paid = makeSession({ session_id: 's3', title: 'Paid deep dive', price_paise: 49900 })
const hold = new Date(Date.now() + 10 * 60_000).toISOString()
const held = makeBooking({ booking_id: 'b7', status: 'pending_payment', hold_expires_at: hold, amount_paise: 49900 }, paid)
const confirmed = makeBooking({ booking_id: 'b8', status: 'confirmed', amount_paise: 49900 }, paid)

describe('paying from My Activity', () => {
  it('a held seat shows "Seat held until HH:MM" and "Pay now ➤" opens Checkout', async () => {
    const api = learner({
      'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: held }]),
      'POST /payments/orders': () => json(makeOrder({ booking_id: 'b7', order_id: 'order_7' }), 201),
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Paid deep dive' })
    expect(within(row).getByText(/Seat held until/)).toHaveTextContent(/until \d{1,2}:\d{2}/)
    expect(within(row).queryByText(/payment comes next/)).not.toBeInTheDocument()
    await user.click(within(row).getByRole('button', { name: 'Pay now ➤' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
    expect(api.callsTo('POST /payments/orders')[0]!.body).toEqual({ booking_id: 'b7' })
    expect(nav.assign.mock.calls[0]![0]).toMatch(/\/checkout\/order_7\?callback_url=/)
  })

  it('"Pay now ➤" shows the API\'s refusal (attempts exhausted) inline', async () => {
    learner({
      'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: held }]),
      'POST /payments/orders': () => apiError(409, 'attempts_exhausted', { message: 'Too many failed attempts for this booking.' }),
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Paid deep dive' })
    await user.click(within(row).getByRole('button', { name: 'Pay now ➤' }))
    expect(await within(row).findByRole('alert')).toHaveTextContent('Too many failed attempts for this booking.')
    expect(nav.assign).not.toHaveBeenCalled()
  })

  it('with real Razorpay, checkout.js opens the modal and its handler verifies → "Booked ✔"', async () => {
    const opened: Record<string, unknown>[] = []
    class FakeRazorpay {
      options: Record<string, unknown>
      constructor(options: Record<string, unknown>) {
        this.options = options
        opened.push(options)
      }
      on() {}
      open() {
        const handler = this.options.handler as (r: Record<string, string>) => void
        setTimeout(() => handler({ razorpay_order_id: 'order_9', razorpay_payment_id: 'pay_9', razorpay_signature: 'sig_9' }), 0)
      }
    }
    const load = vi.spyOn(checkoutEnv, 'loadRazorpay').mockResolvedValue(FakeRazorpay as never)
    try {
      const api = learner({
        'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: held }]),
        'POST /payments/orders': () => json(makeOrder({ booking_id: 'b7', order_id: 'order_9' }, { checkout_url: null }), 201),
        'POST /payments/verify': () => json({ payment: makePayment({ order_id: 'order_9' }), booking: { ...held, status: 'confirmed' } }),
      })
      const { user, where } = renderApp('/dashboard/learner/activity')
      await user.click(within(await screen.findByRole('article', { name: 'Paid deep dive' })).getByRole('button', { name: 'Pay now ➤' }))
      expect(await screen.findByText('Booked ✔')).toBeInTheDocument()
      expect(opened[0]).toMatchObject({ key: 'rzp_test_x', order_id: 'order_9', amount: 49900, currency: 'INR', name: 'PeerLearn' })
      expect(api.callsTo('POST /payments/verify')[0]!.body).toEqual({ razorpay_order_id: 'order_9', razorpay_payment_id: 'pay_9', razorpay_signature: 'sig_9' })
      await waitFor(() => expect(where()).toBe('/dashboard/learner/activity'))
      expect(nav.assign).not.toHaveBeenCalled()
    } finally {
      load.mockRestore()
    }
  })

  it('accepting a paid offer goes on to Checkout for the new booking', async () => {
    const offered = makeRequest({ status: 'offered', offer: { proposed_at: '2030-03-15T14:30:00Z', budget_paise: 65000, message: '' } })
    const api = learner({
      'GET /learner/activity': () => page([{ kind: 'request', at: '2026-11-22T10:00:00Z', request: offered }]),
      'POST /requests/r1/accept-offer': () => ({ ...offered, status: 'accepted', session_id: 's9', booking_id: 'b9' }),
      'POST /payments/orders': () => json(makeOrder({ booking_id: 'b9', order_id: 'order_b9', amount_paise: 65000 }), 201),
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Quadratic equations before my exam' })
    await user.click(within(row).getByRole('button', { name: 'Confirm ➤' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
    expect(api.callsTo('POST /payments/orders')[0]!.body).toEqual({ booking_id: 'b9' })
    expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('Accepted ✔')
  })

  it('"Send a gift" checks the amount as it is typed and sends exact paise', async () => {
    const api = learner({
      'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: confirmed }]),
      'POST /payments/gifts': () => json(makeOrder({ kind: 'gift', booking_id: 'b8', order_id: 'order_g1', amount_paise: 25050 }), 201),
    })
    const { user, where } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Paid deep dive' })
    await user.click(within(row).getByRole('button', { name: 'Send a gift' }))
    const dialog = screen.getByRole('dialog', { name: 'Send Ravi Kumar a gift' })
    const input = within(dialog).getByLabelText(/Gift amount/)
    await user.type(input, '5')
    expect(within(dialog).getByText('The minimum is ₹10.')).toBeInTheDocument()
    await user.clear(input)
    await user.type(input, '6000')
    expect(within(dialog).getByText('The maximum is ₹5,000.')).toBeInTheDocument()
    await user.clear(input)
    await user.type(input, '250.555')
    expect(within(dialog).getByText('Use at most 2 decimals (paise).')).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Send gift ➤' }))
    expect(api.callsTo('POST /payments/gifts')).toHaveLength(0)
    await user.clear(input)
    await user.type(input, '250.50')
    expect(within(dialog).queryByText(/minimum|maximum|decimals/)).not.toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: 'Send gift ➤' }))
    await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
    expect(api.callsTo('POST /payments/gifts')[0]!.body).toEqual({ booking_id: 'b8', amount_paise: 25050 })
    expect(JSON.parse(sessionStorage.getItem('peerlearn.checkout.pending')!)).toMatchObject({ kind: 'gift', return_to: where() })
  })
})

describe('learner payments page', () => {
  it('lists payments and gifts with "Load more"; the sidebar links to it', async () => {
    const api = learner({
      'GET /payments/mine': [
        () => page([makePayment(), makePayment({ order_id: 'order_2', kind: 'gift', amount_paise: 20000, session: { session_id: 's1', title: 'Gift session', starts_at: '2030-01-01T00:00:00Z' } })], 'c2'),
        () => page([makePayment({ order_id: 'order_3', status: 'refunded', refunded_paise: 49900, session: { session_id: 's2', title: 'Refunded one', starts_at: '2030-01-01T00:00:00Z' } })]),
      ],
    })
    const { user } = renderApp('/dashboard/learner/payments')
    expect(await screen.findByRole('heading', { level: 1, name: 'Payments' })).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: 'Learner dashboard' })
    expect(within(nav).getByRole('link', { name: 'Payments' })).toHaveAttribute('href', '/dashboard/learner/payments')
    const table = await screen.findByRole('table', { name: 'Your payments and gifts' })
    expect(within(table).getAllByTestId('money-row')).toHaveLength(2)
    expect(within(table).getByText('₹499')).toBeInTheDocument()
    expect(within(table).getByText('🎁 Gift')).toBeInTheDocument()
    expect(within(table).getAllByText('Paid')).toHaveLength(2)
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(within(table).getAllByTestId('money-row')).toHaveLength(3))
    expect(within(table).getByText('Refunded')).toBeInTheDocument()
    expect(api.callsTo('GET /payments/mine')[1]!.query.get('cursor')).toBe('c2')
  })

  it('an empty list says what to do next', async () => {
    learner({ 'GET /payments/mine': () => page([]) })
    renderApp('/dashboard/learner/payments')
    expect(await screen.findByText('No payments yet')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Browse sessions' })).toHaveAttribute('href', '/sessions')
  })
})
