import { act, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { page } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, json, makeMe, mockApi, type Handler } from '@/testing/mock-api'
import { PAYMENTS_CONFIG, makePayment, makeWithdrawal } from '@/testing/payment-fixtures'
import { renderApp, signIn } from '@/testing/render-app'

beforeEach(() => FakeWebSocket.reset())

const SUMMARY = {
  held_paise: 44910,
  available_paise: 90000,
  payouts_pending_paise: 50000,
  withdrawn_paise: 100000,
  lifetime_paise: 284910,
  gifts_paise: 1800,
}

function mentor(extra: Record<string, Handler | Handler[]> = {}) {
  signIn('mentor')
  return mockApi({
    ...baseHandlers(),
    'GET /meta/config': () => ({ ws_url: 'ws://x', stage: 'test', local: true, mailbox_url: null, razorpay_key_id: 'rzp_test_x', payments: PAYMENTS_CONFIG }),
    'GET /me': () => makeMe('mentor'),
    'GET /payments/earnings': () => ({ items: [makePayment()], next_cursor: null, summary: SUMMARY }),
    'GET /payments/earnings/series': (call) => ({
      days: Array.from({ length: Number(call.query.get('days')) }, (_, i) => ({
        date: new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10),
        earned_paise: i === 3 ? 44910 : 0,
        gifts_paise: i === 3 ? 900 : 0,
      })),
    }),
    'GET /payments/payout-account': () => ({ account: null }),
    'GET /payments/withdrawals': () => page([]),
    ...extra,
  })
}

describe('mentor earnings', () => {
  it('shows the balance cards, the chart, the table with "Your share", and "Load more"', async () => {
    const api = mentor({
      'GET /payments/earnings': [
        () => ({ items: [makePayment()], next_cursor: 'c2', summary: SUMMARY }),
        () => ({ items: [makePayment({ order_id: 'order_g', kind: 'gift', amount_paise: 1000, mentor_paise: 900, earning_status: 'available' })], next_cursor: null }),
      ],
    })
    const { user } = renderApp('/dashboard/mentor/earnings')
    const balance = await screen.findByRole('region', { name: 'Balance' })
    expect(within(balance).getByText('Held').nextSibling).toHaveTextContent('₹449.10')
    expect(within(balance).getByText('Available to withdraw').nextSibling).toHaveTextContent('₹900')
    expect(within(balance).getByText('Payouts pending').nextSibling).toHaveTextContent('₹500')
    expect(within(balance).getByText('Withdrawn').nextSibling).toHaveTextContent('₹1,000')
    expect(await screen.findByRole('img', { name: /Earnings per day\. ₹458.10 earned/ })).toBeInTheDocument()
    expect(api.callsTo('GET /payments/earnings/series')[0]!.query.get('days')).toBe('30')
    await user.click(screen.getByRole('button', { name: '7 days' }))
    await waitFor(() => expect(api.callsTo('GET /payments/earnings/series').map((c) => c.query.get('days'))).toContain('7'))

    const table = screen.getByRole('table', { name: 'Your earnings' })
    expect(within(table).getByRole('columnheader', { name: 'Your share' })).toBeInTheDocument()
    expect(within(table).getByText('₹449.10')).toBeInTheDocument()
    expect(within(table).getByText('⏳ Held')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Load more' }))
    await waitFor(() => expect(within(table).getAllByTestId('money-row')).toHaveLength(2))
    expect(within(table).getByText('🎁 Gift')).toBeInTheDocument()
  })

  it('"Download CSV" fetches /payments/earnings.csv with the auth header and saves it', async () => {
    const create = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:csv')
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    try {
      const api = mentor({
        'GET /payments/earnings.csv': () =>
          new Response('date,session,learner,kind,amount_inr,your_share_inr,refunded_inr,status\n', {
            headers: { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="peerlearn-earnings.csv"' },
          }),
      })
      const { user } = renderApp('/dashboard/mentor/earnings')
      await user.click(await screen.findByRole('button', { name: 'Download CSV' }))
      await waitFor(() => expect(click).toHaveBeenCalled())
      const call = api.callsTo('GET /payments/earnings.csv')[0]!
      expect(call.headers.authorization).toBe('Bearer access-mentor-1')
      expect(call.headers.accept).toBe('text/csv')
      const blob = create.mock.calls[0]![0] as Blob
      expect(await blob.text()).toContain('your_share_inr')
    } finally {
      create.mockRestore()
      click.mockRestore()
    }
  })

  it('a pushed earning_new notification brings the new row in without a reload', async () => {
    let items = [makePayment()]
    mentor({
      'GET /payments/earnings': () => ({ items, next_cursor: null, summary: SUMMARY }),
      'POST /realtime/ticket': () => json({ ticket: 't', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    renderApp('/dashboard/mentor/earnings', { createSocket: (url) => new FakeWebSocket(url) })
    const table = await screen.findByRole('table', { name: 'Your earnings' })
    expect(within(table).getAllByTestId('money-row')).toHaveLength(1)
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    const ws = FakeWebSocket.last()
    act(() => ws.open())
    items = [makePayment({ order_id: 'order_new', session: { session_id: 's5', title: 'Brand new booking', starts_at: '2030-01-01T00:00:00Z' } }), ...items]
    act(() =>
      ws.receive({
        type: 'notification',
        notification: { id: 'n1', kind: 'earning_new', title: '₹449.10 earned', body: '', link: null, read: false, created_at: '2026-11-23T10:00:00Z' },
        unread_count: 1,
      }),
    )
    expect(await within(table).findByText('Brand new booking')).toBeInTheDocument()
  })
})

describe('withdrawals', () => {
  it('validates IFSC (auto-uppercased) and UPI as typed, then shows only the masked account', async () => {
    const api = mentor({
      'PUT /payments/payout-account': () => ({ account: { kind: 'bank', holder_name: 'Ravi Kumar', ifsc: 'HDFC0001234', account_last4: '1234', masked: 'XXXXXX1234' } }),
    })
    const { user } = renderApp('/dashboard/mentor/earnings')
    const form = await screen.findByRole('form', { name: 'Payout account' })
    const ifsc = within(form).getByLabelText(/IFSC/)
    await user.type(ifsc, 'hdfc1')
    expect(ifsc).toHaveValue('HDFC1')
    expect(within(form).getByText(/Enter a valid IFSC/)).toBeInTheDocument()
    await user.clear(ifsc)
    await user.type(ifsc, 'hdfc0001234')
    expect(ifsc).toHaveValue('HDFC0001234')
    expect(within(form).queryByText(/Enter a valid IFSC/)).not.toBeInTheDocument()

    await user.click(within(form).getByRole('radio', { name: 'UPI ID' }))
    const vpa = within(form).getByLabelText(/UPI ID/, { selector: 'input[type="text"], input:not([type])' })
    await user.type(vpa, 'ravi@')
    expect(within(form).getByText('Enter a valid UPI ID, like name@okicici.')).toBeInTheDocument()
    await user.type(vpa, 'okicici')
    expect(within(form).queryByText('Enter a valid UPI ID, like name@okicici.')).not.toBeInTheDocument()

    await user.click(within(form).getByRole('radio', { name: 'Bank account' }))
    await user.type(within(form).getByLabelText(/Account holder name/), 'Ravi Kumar')
    await user.type(within(form).getByLabelText(/IFSC/), 'HDFC0001234')
    await user.type(within(form).getByLabelText(/^Account number/), '123456781234')
    await user.type(within(form).getByLabelText(/Confirm account number/), '123456781239')
    expect(within(form).getByText("The account numbers don't match.")).toBeInTheDocument()
    await user.clear(within(form).getByLabelText(/Confirm account number/))
    await user.type(within(form).getByLabelText(/Confirm account number/), '123456781234')
    await user.click(within(form).getByRole('button', { name: 'Save payout account' }))
    expect(await screen.findByTestId('payout-account')).toHaveTextContent('XXXXXX1234')
    expect(screen.queryByText('123456781234')).not.toBeInTheDocument()
    expect(api.callsTo('PUT /payments/payout-account')[0]!.body).toEqual({
      kind: 'bank',
      holder_name: 'Ravi Kumar',
      ifsc: 'HDFC0001234',
      account_number: '123456781234',
    })
  })

  it('"Withdraw" checks ₹100..available as typed, then shows the status text and the history', async () => {
    let history = [] as unknown[]
    const api = mentor({
      'GET /payments/payout-account': () => ({ account: { kind: 'vpa', vpa_masked: 'ra***@okicici', masked: 'ra***@okicici' } }),
      'GET /payments/withdrawals': () => page(history),
      'POST /payments/withdrawals': () => {
        history = [makeWithdrawal({ amount_paise: 50000, destination: 'ra***@okicici' })]
        return json(history[0], 201)
      },
    })
    const { user } = renderApp('/dashboard/mentor/earnings')
    expect(await screen.findByTestId('payout-account')).toHaveTextContent('ra***@okicici')
    expect(screen.getByText('No withdrawals yet.', { exact: false })).toBeInTheDocument()
    const form = screen.getByRole('form', { name: 'Withdraw' })
    const amount = within(form).getByLabelText(/Amount to withdraw/)
    await user.type(amount, '50')
    expect(within(form).getByText('The minimum is ₹100.')).toBeInTheDocument()
    await user.clear(amount)
    await user.type(amount, '901')
    expect(within(form).getByText('You can withdraw up to ₹900.')).toBeInTheDocument()
    await user.click(within(form).getByRole('button', { name: 'Withdraw' }))
    expect(api.callsTo('POST /payments/withdrawals')).toHaveLength(0)
    await user.clear(amount)
    await user.type(amount, '500')
    await user.click(within(form).getByRole('button', { name: 'Withdraw' }))
    await waitFor(() => expect(api.callsTo('POST /payments/withdrawals')[0]!.body).toEqual({ amount_paise: 50000 }))
    expect(await within(form).findByText('Processing — usually within 24 hrs')).toBeInTheDocument()
    const list = await screen.findByRole('list', { name: 'Withdrawals' })
    expect(within(list).getByText('₹500')).toBeInTheDocument()
    expect(within(list).getByText('Processing — usually within 24 hrs')).toBeInTheDocument()
  })

  it('a 409 insufficient_funds from the API is shown as worded', async () => {
    mentor({
      'GET /payments/payout-account': () => ({ account: { kind: 'vpa', vpa_masked: 'ra***@okicici', masked: 'ra***@okicici' } }),
      'POST /payments/withdrawals': () => apiError(409, 'insufficient_funds', { message: 'You can withdraw up to ₹800.' }),
    })
    const { user } = renderApp('/dashboard/mentor/earnings')
    const form = await screen.findByRole('form', { name: 'Withdraw' })
    await waitFor(() => expect(screen.getByTestId('payout-account')).toBeInTheDocument())
    await user.type(within(form).getByLabelText(/Amount to withdraw/), '850')
    await user.click(within(form).getByRole('button', { name: 'Withdraw' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('You can withdraw up to ₹800.')
  })
})
