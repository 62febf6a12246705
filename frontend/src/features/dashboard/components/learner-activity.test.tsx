import { act, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { REFUND_POLICY, iso, makeBooking, makeRequest, makeSession, page } from '@/testing/marketplace-fixtures'
import { baseHandlers, json, makeMe, mockApi, type Handler } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

beforeEach(() => FakeWebSocket.reset())

function learner(extra: Record<string, Handler>) {
  signIn('learner')
  return mockApi({
    ...baseHandlers(),
    'GET /me': () => makeMe('learner'),
    'GET /dashboard/learner': () => ({ me: makeMe('learner') }),
    ...extra,
  })
}

const offered = makeRequest({
  status: 'offered',
  offer: { proposed_at: '2030-03-15T14:30:00Z', budget_paise: 65000, message: 'Evening works better.' },
})
const pending = makeRequest({ request_id: 'r2', title: 'Statistics help' })
const paid = makeSession({ session_id: 's3', title: 'Paid deep dive', price_paise: 50000 })
const confirmed = makeBooking({ booking_id: 'b3', amount_paise: 50000 }, paid)
const liveSession = makeSession({ session_id: 's4', title: 'Happening now', status: 'live', room_code: 'room-4', starts_at: iso(Date.now() - 5 * 60_000) })
const joinable = makeBooking({ booking_id: 'b4' }, liveSession)

describe('learner activity feed', () => {
  it('lists requests and bookings with status chips; sub-tabs use ?type=', async () => {
    const api = learner({
      'GET /learner/activity': (call) => {
        const type = call.query.get('type')
        const requests = [
          { kind: 'request', at: '2026-11-22T10:00:00Z', request: offered },
          { kind: 'request', at: '2026-11-21T10:00:00Z', request: pending },
        ]
        const bookings = [
          { kind: 'booking', at: '2026-11-20T10:00:00Z', booking: confirmed },
          { kind: 'booking', at: '2026-11-19T10:00:00Z', booking: joinable },
        ]
        return page(type === 'requests' ? requests : type === 'bookings' ? bookings : [...requests, ...bookings])
      },
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const list = await screen.findByRole('list', { name: 'Activity' })
    const rows = within(list).getAllByTestId('activity-row')
    expect(rows).toHaveLength(4)
    expect(within(rows[0]!).getByText('Offered')).toBeInTheDocument()
    expect(within(rows[0]!).getByText('“Evening works better.”')).toBeInTheDocument()
    expect(within(rows[1]!).getByText('⏳ Pending')).toBeInTheDocument()
    expect(within(rows[2]!).getByText('Confirmed')).toBeInTheDocument()
    expect(within(rows[2]!).queryByRole('link', { name: 'Join ➤' })).not.toBeInTheDocument()
    expect(within(rows[3]!).getByRole('link', { name: 'Join ➤' })).toHaveAttribute('href', '/session/room-4')

    await user.click(screen.getByRole('tab', { name: 'Requests' }))
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Activity' })).getAllByTestId('activity-row')).toHaveLength(2))
    await user.click(screen.getByRole('tab', { name: 'Bookings' }))
    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Activity' })).getAllByTestId('activity-row')).toHaveLength(2))
    expect(api.callsTo('GET /learner/activity').map((c) => c.query.get('type'))).toEqual(['all', 'requests', 'bookings'])
  })

  it('the tab in the URL is honoured both ways (?type=requests selects Requests; a click writes ?type=)', async () => {
    const api = learner({
      'GET /learner/activity': (call) =>
        page(call.query.get('type') === 'bookings' ? [{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: confirmed }] : [{ kind: 'request', at: '2026-11-22T10:00:00Z', request: pending }]),
    })
    const { user, where } = renderApp('/dashboard/learner/activity?type=requests')
    await screen.findByRole('list', { name: 'Activity' })
    expect(screen.getByRole('tab', { name: 'Requests' })).toHaveAttribute('aria-selected', 'true')
    expect(api.callsTo('GET /learner/activity').map((c) => c.query.get('type'))).toEqual(['requests'])
    await user.click(screen.getByRole('tab', { name: 'Bookings' }))
    await waitFor(() => expect(where()).toBe('/dashboard/learner/activity?type=bookings'))
    expect(screen.getByRole('tab', { name: 'Bookings' })).toHaveAttribute('aria-selected', 'true')
    await user.click(screen.getByRole('tab', { name: 'All' }))
    await waitFor(() => expect(where()).toBe('/dashboard/learner/activity'))
  })

  it('an accepted paid request says "Pay now ➤" only while its seat is unpaid', async () => {
    const accepted = makeRequest({ request_id: 'r7', title: 'Paid help', status: 'accepted', status_label: 'Accepted', booking_id: 'b7', session_id: 's7' })
    let seat = 'pending_payment'
    learner({ 'GET /learner/activity': () => page([{ kind: 'request', at: '2026-11-22T10:00:00Z', request: accepted, booking_status: seat }]) })
    const first = renderApp('/dashboard/learner/activity?type=requests')
    expect(await screen.findByText(/pay there \("Pay now ➤"\) to confirm your seat/)).toBeInTheDocument()
    first.unmount()
    seat = 'confirmed'
    renderApp('/dashboard/learner/activity?type=requests')
    expect(await screen.findByText('Accepted — the session is in your bookings.')).toBeInTheDocument()
    expect(screen.queryByText(/to confirm your seat/)).not.toBeInTheDocument()
  })

  it('"Confirm ➤" accepts an offer ("Decline offer" beside it); "Withdraw" withdraws a pending request', async () => {
    // A free offer is booked at once (a paid one goes on to Checkout: learner-payments-flow.test).
    const freeOffer = { ...offered, budget_paise: 0, offer: { ...offered.offer!, budget_paise: 0 } }
    const api = learner({
      'GET /learner/activity': () => page([
        { kind: 'request', at: '2026-11-22T10:00:00Z', request: freeOffer },
        { kind: 'request', at: '2026-11-21T10:00:00Z', request: pending },
      ]),
      'POST /requests/r1/accept-offer': () => ({ ...freeOffer, status: 'accepted', session_id: 's9', booking_id: 'b9' }),
      'POST /requests/r2/withdraw': () => ({ ...pending, status: 'withdrawn' }),
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const offerRow = await screen.findByRole('article', { name: 'Quadratic equations before my exam' })
    expect(within(offerRow).getByRole('button', { name: 'Decline offer' })).toBeInTheDocument()
    await user.click(within(offerRow).getByRole('button', { name: 'Confirm ➤' }))
    await waitFor(() => expect(api.callsTo('POST /requests/r1/accept-offer')).toHaveLength(1))
    expect(await screen.findByText('Confirmed ✔')).toBeInTheDocument()
    await user.click(within(screen.getByRole('article', { name: 'Statistics help' })).getByRole('button', { name: 'Withdraw' }))
    await waitFor(() => expect(api.callsTo('POST /requests/r2/withdraw')).toHaveLength(1))
  })

  it('"Cancel booking" shows the refund policy first, then reports the refund', async () => {
    const api = learner({
      'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: confirmed }]),
      'POST /bookings/b3/cancel': () => json({ ...confirmed, status: 'cancelled', refund_due_paise: 50000 }),
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Paid deep dive' })
    await user.click(within(row).getByRole('button', { name: 'Cancel booking' }))
    const dialog = screen.getByRole('dialog', { name: 'Cancel this booking?' })
    expect(within(dialog).getByText(REFUND_POLICY)).toBeInTheDocument()
    expect(api.callsTo('POST /bookings/b3/cancel')).toHaveLength(0)
    await user.click(within(dialog).getByRole('button', { name: 'Cancel booking' }))
    await waitFor(() => expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('Booking cancelled'))
    expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('₹500 will be refunded.')
  })

  it('the cancel dialog says what this cancellation refunds, net of an earlier partial refund', async () => {
    const partly = { ...confirmed, amount_paise: 25000, refunded_paise: 5000, refund_if_cancelled_paise: 20000 }
    learner({ 'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: partly }]) })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Paid deep dive' })
    await user.click(within(row).getByRole('button', { name: 'Cancel booking' }))
    const dialog = screen.getByRole('dialog', { name: 'Cancel this booking?' })
    expect(within(dialog).getByTestId('cancel-refund')).toHaveTextContent('Cancelling now refunds ₹200 (₹50 was already refunded).')
    expect(within(dialog).queryByText(/You paid ₹250/)).not.toBeInTheDocument()
  })

  it('inside the window the cancel dialog says nothing is refunded', async () => {
    const late = { ...confirmed, refund_if_cancelled_paise: 0 }
    learner({ 'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: late }]) })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Paid deep dive' })
    await user.click(within(row).getByRole('button', { name: 'Cancel booking' }))
    expect(within(screen.getByRole('dialog')).getByTestId('cancel-refund')).toHaveTextContent('Cancelling now refunds nothing')
  })

  it('a session that ended early is marked, and "Report a problem" sends a reason and holds the release', async () => {
    const over = makeSession({ session_id: 's5', title: 'Cut short', price_paise: 50000, status: 'completed', ended_early: true })
    const done = makeBooking({ booking_id: 'b5', status: 'completed', amount_paise: 50000, can_report_problem: true }, over)
    const api = learner({
      'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: done }]),
      'POST /bookings/b5/report-problem': () => json({ ...done, problem_status: 'open', can_report_problem: false }, 201),
    })
    const { user } = renderApp('/dashboard/learner/activity')
    const row = await screen.findByRole('article', { name: 'Cut short' })
    expect(within(row).getByTestId('ended-early')).toHaveTextContent('Ended early')
    await user.click(within(row).getByRole('button', { name: 'Report a problem' }))
    const dialog = screen.getByRole('dialog', { name: 'Report a problem' })
    expect(within(dialog).getByLabelText(/What happened/)).toHaveValue('ended_early')
    await user.type(within(dialog).getByLabelText(/Details/), 'Ended after five minutes.')
    await user.click(within(dialog).getByRole('button', { name: 'Send report' }))
    await waitFor(() => expect(api.callsTo('POST /bookings/b5/report-problem')).toHaveLength(1))
    expect(api.callsTo('POST /bookings/b5/report-problem')[0]!.body).toEqual({ reason: 'ended_early', details: 'Ended after five minutes.' })
    await waitFor(() => expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('Problem reported ✔'))
  })

  it('the home page lists open bookings with "Join ➤"', async () => {
    learner({ 'GET /learner/activity': () => page([{ kind: 'booking', at: '2026-11-19T10:00:00Z', booking: joinable }]) })
    renderApp('/dashboard/learner')
    const section = await screen.findByRole('region', { name: 'Your bookings' })
    expect(await within(section).findByRole('link', { name: 'Join ➤' })).toHaveAttribute('href', '/session/room-4')
  })

  it('a pushed booking notification refreshes the feed (one invalidation map)', async () => {
    let items = [] as unknown[]
    const api = learner({
      'GET /learner/activity': () => page(items),
      'POST /realtime/ticket': () => json({ ticket: 't', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    renderApp('/dashboard/learner/activity', { createSocket: (url) => new FakeWebSocket(url) })
    expect(await screen.findByText('No activity yet')).toBeInTheDocument()
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    const ws = FakeWebSocket.last()
    act(() => ws.open())
    items = [{ kind: 'booking', at: '2026-11-20T10:00:00Z', booking: makeBooking({ status: 'confirmed' }) }]
    act(() =>
      ws.receive({
        type: 'notification',
        notification: { id: 'n1', kind: 'booking_approved', title: 'Booking approved', body: '', link: null, read: false, created_at: '2026-11-23T10:00:00Z' },
        unread_count: 1,
      }),
    )
    expect(await screen.findByRole('article', { name: 'Master Algebra in 1 Hour 1' })).toBeInTheDocument()
    expect(api.callsTo('GET /learner/activity').length).toBeGreaterThanOrEqual(2)
  })
})
