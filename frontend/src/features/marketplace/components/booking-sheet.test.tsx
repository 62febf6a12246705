import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { REFUND_POLICY, makeBooking, makeSession, page } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, json, makeMe, mockApi, type Handler } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

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

  it('a paid session holds the seat: "Seat held for 15 minutes — payment comes next"', async () => {
    const session = makeSession({ price_paise: 50000 })
    const hold = new Date(Date.now() + 15 * 60_000).toISOString()
    const { user } = setup(session, () => json(makeBooking({ status: 'pending_payment', hold_expires_at: hold }, session), 201))
    const { sheet } = await openSheet(user)
    expect(within(sheet).getByText('₹500')).toBeInTheDocument()
    expect(within(sheet).getByText(/held for 15 minutes while you pay/)).toBeInTheDocument()
    await user.click(await within(sheet).findByRole('button', { name: 'Confirm ➤' }))
    expect(await screen.findAllByText('Seat held for 15 minutes — payment comes next')).not.toHaveLength(0)
    expect(screen.getByText(/Your seat is held until/)).toBeInTheDocument()
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
