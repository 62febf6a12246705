import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { REFUND_POLICY, makeBooking, makeSession, page } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, json, makeMe, mockApi, type Handler } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'
import { STAND_IN, makeOrder, stubCheckoutNavigation } from '@/testing/payment-fixtures'

function setup(session = makeSession(), book: Handler = () => json(makeBooking({}, session), 201)) {
  signIn('learner')
  const api = mockApi({
    ...baseHandlers(),
    'GET /me': () => makeMe('learner'),
    'GET /sessions': () => page([session]),
    [`GET /sessions/${session.session_id}`]: () => ({ ...session, refund_policy: REFUND_POLICY }),
    [`POST /sessions/${session.session_id}/book`]: book,
  })
  const view = renderApp('/sessions')
  return { api, ...view }
}

async function openSheet(user: ReturnType<typeof setup>['user']) {
  await user.click(await screen.findByRole('button', { name: 'Book ➤' }))
  return { sheet: await screen.findByRole('dialog', { name: 'Book this session' }) }
}

describe('booking sheet', () => {
  it('shows free/price and the refund policy before "Confirm ➤"; a free session books in two clicks', async () => {
    const { user, api } = setup()
    // Click 1: "Book ➤" on the card.
    const { sheet } = await openSheet(user)
    expect(within(sheet).getByText('Free')).toBeInTheDocument()
    expect(await within(sheet).findByTestId('refund-policy')).toHaveTextContent(REFUND_POLICY)
    const confirm = within(sheet).getByRole('button', { name: 'Confirm ➤' })
    expect(confirm).toBeEnabled()
    // Click 2: "Confirm ➤" — a free session is booked (budget: 4 clicks).
    await user.click(confirm)
    expect(await within(screen.getByRole('dialog')).findByText('Booked ✔')).toBeInTheDocument()
    expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('Booked ✔')
    expect(api.callsTo('POST /sessions/s1/book')[0]!.body).toEqual({})
    expect(screen.getByRole('link', { name: 'Go to My Activity ➤' })).toHaveAttribute('href', '/dashboard/learner/activity')
  })

  it('a paid session holds the seat and goes straight to Checkout (the local stand-in), remembering the order', async () => {
    const nav = stubCheckoutNavigation()
    try {
      const session = makeSession({ price_paise: 49900 })
      const hold = new Date(Date.now() + 15 * 60_000).toISOString()
      const { user, api } = setup(session, () => json(makeBooking({ status: 'pending_payment', hold_expires_at: hold }, session), 201))
      api.on('POST /payments/orders', () => json(makeOrder({ booking_id: 'b1' }), 201))
      const { sheet } = await openSheet(user)
      expect(within(sheet).getByText('₹499')).toBeInTheDocument()
      expect(within(sheet).getByText(/held for 15 minutes while you pay/)).toBeInTheDocument()
      await waitFor(() => expect(within(sheet).getByRole('button', { name: 'Confirm ➤' })).toBeEnabled())
      await user.click(within(sheet).getByRole('button', { name: 'Confirm ➤' }))
      await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
      expect(api.callsTo('POST /payments/orders')[0]!.body).toEqual({ booking_id: 'b1' })
      expect(nav.assign.mock.calls[0]![0]).toBe(`${STAND_IN}/order_1?callback_url=${encodeURIComponent(`${window.location.origin}/checkout/return`)}`)
      expect(JSON.parse(sessionStorage.getItem('peerlearn.checkout.pending')!)).toMatchObject({
        order_id: 'order_1',
        booking_id: 'b1',
        kind: 'booking',
        return_to: '/dashboard/learner/activity',
        hold_expires_at: hold,
      })
      expect(screen.getAllByText('Seat held — complete the payment')).not.toHaveLength(0)
      expect(screen.getByText(/Your seat is held until/)).toBeInTheDocument()
    } finally {
      nav.restore()
    }
  })

  it('when the order cannot be created, the held seat shows why and "Pay now ➤" tries again', async () => {
    const nav = stubCheckoutNavigation()
    try {
      const session = makeSession({ price_paise: 49900 })
      const { user, api } = setup(session, () => json(makeBooking({ status: 'pending_payment', hold_expires_at: new Date(Date.now() + 9e5).toISOString() }, session), 201))
      api.on('POST /payments/orders', [() => apiError(409, 'stale_state', { message: 'This seat is no longer held.' }), () => json(makeOrder(), 200)])
      const { sheet } = await openSheet(user)
      await waitFor(() => expect(within(sheet).getByRole('button', { name: 'Confirm ➤' })).toBeEnabled())
      await user.click(within(sheet).getByRole('button', { name: 'Confirm ➤' }))
      expect(await within(screen.getByRole('dialog')).findByText('This seat is no longer held.')).toBeInTheDocument()
      await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Pay now ➤' }))
      await waitFor(() => expect(nav.assign).toHaveBeenCalledTimes(1))
    } finally {
      nav.restore()
    }
  })

  it('an approval session waits: "Waiting for the mentor\'s approval"', async () => {
    const session = makeSession({ requires_approval: true })
    const { user } = setup(session, () => json(makeBooking({ status: 'pending_approval' }, session), 201))
    const { sheet } = await openSheet(user)
    expect(within(sheet).getByText(/The mentor approves each booking/)).toBeInTheDocument()
    await waitFor(() => expect(within(sheet).getByRole('button', { name: 'Confirm ➤' })).toBeEnabled())
    await user.click(within(sheet).getByRole('button', { name: 'Confirm ➤' }))
    expect(await screen.findAllByText("Waiting for the mentor's approval")).not.toHaveLength(0)
  })

  it('a paid approval session says in one sentence that you pay now and are refunded if not approved', async () => {
    const session = makeSession({ requires_approval: true, price_paise: 50000 })
    const { user } = setup(session, () => json(makeBooking({ status: 'pending_payment' }, session), 201))
    const { sheet } = await openSheet(user)
    expect(within(sheet).getByTestId('approval-policy')).toHaveTextContent(
      'You pay now; the mentor approves within 12 hours (and at least 2 hours before the start), or you are refunded in full automatically.',
    )
    // one flow, not two: no separate "held 15 minutes while you pay" next to "mentor approves"
    expect(within(sheet).queryByText(/held for 15 minutes/)).not.toBeInTheDocument()
  })

  it('shows the refund cancelling would give: in full before the cutoff', async () => {
    const session = makeSession({ price_paise: 25000 })
    const { user } = setup(session)
    const { sheet } = await openSheet(user)
    expect(await within(sheet).findByTestId('refund-now')).toHaveTextContent(/^Cancel before .+ and you get ₹250 back in full\.$/)
  })

  it('warns before booking that a session inside the full-refund window can never be refunded', async () => {
    const soon = Date.now() + 60 * 60_000
    const session = makeSession({
      price_paise: 25000,
      starts_at: new Date(soon).toISOString(),
      ends_at: new Date(soon + 3600_000).toISOString(),
      full_refund_until: new Date(soon - 2 * 3600_000).toISOString(),
    })
    const { user } = setup(session)
    const { sheet } = await openSheet(user)
    const note = await within(sheet).findByTestId('refund-now')
    expect(note).toHaveTextContent('This session starts soon: if you book it and then cancel, nothing is refunded.')
    expect(note).toHaveAttribute('role', 'note')
  })

  it.each([
    ['slot_taken', 'Slot taken, try another'],
    ['sold_out', 'This session is sold out.'],
    ['already_booked', 'You have already booked this session.'],
  ])('a 409 %s is shown as the API words it', async (code, message) => {
    const { user } = setup(makeSession(), () => apiError(409, code, { message }))
    const { sheet } = await openSheet(user)
    await waitFor(() => expect(within(sheet).getByRole('button', { name: 'Confirm ➤' })).toBeEnabled())
    await user.click(within(sheet).getByRole('button', { name: 'Confirm ➤' }))
    const alert = await within(sheet).findByRole('alert')
    expect(alert).toHaveTextContent(message)
    if (code === 'already_booked') expect(within(alert).getByRole('link', { name: 'See it in My Activity' })).toBeInTheDocument()
    expect(within(sheet).queryByText('Booked ✔')).not.toBeInTheDocument()
  })

  it('mentors see why they cannot book, with no Confirm button', async () => {
    signIn('mentor')
    const session = makeSession({ mentor: { user_id: 'mentor-9', name: 'Other', avatar_url: null, is_demo: false } })
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('mentor'),
      'GET /sessions': () => page([session]),
      'GET /sessions/s1': () => ({ ...session, refund_policy: REFUND_POLICY }),
    })
    const { user } = renderApp('/sessions')
    await user.click(await screen.findByRole('button', { name: 'Book ➤' }))
    const sheet = await screen.findByRole('dialog', { name: 'Book this session' })
    expect(within(sheet).getByText(/Bookings are made from a learner account/)).toBeInTheDocument()
    expect(within(sheet).queryByRole('button', { name: 'Confirm ➤' })).not.toBeInTheDocument()
  })
})
