import { screen, waitFor, within } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { page } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, json, makeMe, mockApi, type Handler } from '@/testing/mock-api'
import { PAYMENTS_CONFIG, makePayment, makeWithdrawal } from '@/testing/payment-fixtures'
import { renderApp, signIn } from '@/testing/render-app'

const REVENUE = {
  platform_fees_paise: 49900,
  platform_payouts_pending_paise: 0,
  platform_withdrawn_paise: 10000,
  captured_paise: 499000,
  refunded_paise: 49900,
}

const DEAD = {
  event_id: 'evt_1',
  event: 'payment.captured',
  entity_id: 'pay_1',
  status: 'dead',
  error: 'booking b1 not found',
  received_at: '2026-11-20T10:00:00Z',
  attempts: 5,
}

function admin(extra: Record<string, Handler | Handler[]> = {}) {
  signIn('admin')
  return mockApi({
    ...baseHandlers(),
    'GET /meta/config': () => ({ ws_url: 'ws://x', stage: 'test', local: true, mailbox_url: null, razorpay_key_id: 'rzp_test_x', payments: PAYMENTS_CONFIG }),
    'GET /me': () => makeMe('admin'),
    'GET /admin/revenue': () => REVENUE,
    'GET /admin/payments': () => page([makePayment(), makePayment({ order_id: 'order_2', status: 'refunded', refunded_paise: 49900, learner: { user_id: 'l2', name: 'Kiran' } })]),
    'GET /admin/webhook-events': () => page([DEAD]),
    'GET /admin/reconciliation': () =>
      page([
        { day: '2026-11-21', ok: false, differences: [{ kind: 'payment_amount_differs', order_id: 'order_5', ledger_paise: 49900, razorpay_paise: 0 }], checked_payments: 12, checked_refunds: 1, ran_at: '2026-11-22T01:00:00Z' },
        { day: '2026-11-20', ok: true, differences: [], checked_payments: 9, checked_refunds: 0, ran_at: '2026-11-21T01:00:00Z' },
      ]),
    'GET /payments/payout-account': () => ({ account: null }),
    'GET /payments/withdrawals': () => page([makeWithdrawal({ status: 'processed', status_text: 'Processed', utr: 'UTR123' })]),
    ...extra,
  })
}

describe('admin payments', () => {
  it('shows revenue, the payments table with shares, a status filter, webhooks and reconciliation', async () => {
    const api = admin()
    const { user } = renderApp('/dashboard/admin/payments')
    const revenue = await screen.findByRole('region', { name: 'Revenue' })
    expect(within(revenue).getByText('Platform fees').nextSibling).toHaveTextContent('₹499')
    expect(within(revenue).getByText('Captured').nextSibling).toHaveTextContent('₹4,990')
    const table = await screen.findByRole('table', { name: 'All payments' })
    for (const header of ['Session', 'Learner / mentor', 'Amount', 'Mentor / platform', 'Refunded', 'Status', 'Actions']) {
      expect(within(table).getByRole('columnheader', { name: header })).toBeInTheDocument()
    }
    expect(within(table).getAllByText('₹449.10')).toHaveLength(2)
    expect(within(table).getAllByText('₹49.90')).toHaveLength(2)
    // A fully refunded payment has no "Refund" action.
    expect(within(table).getAllByRole('button', { name: /^Refund/ })).toHaveLength(1)

    await user.selectOptions(screen.getByLabelText('Status'), 'refunded')
    await waitFor(() => expect(api.callsTo('GET /admin/payments').map((c) => c.query.get('status'))).toContain('refunded'))

    const report = screen.getAllByTestId('reconciliation-report')
    expect(report[0]).toHaveAttribute('data-ok', 'false')
    expect(within(report[0]!).getByText('⚠ 1 mismatch')).toBeInTheDocument()
    expect(within(report[0]!).getByText(/Payment amount differs — order_id: order_5/)).toBeInTheDocument()
    expect(within(report[1]!).getByText('✔ Matches')).toBeInTheDocument()

    // The platform's own payouts reuse the mentor components.
    expect(screen.getByRole('form', { name: 'Payout account' })).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Withdrawals' })).getByText(/UTR UTR123/)).toBeInTheDocument()
    expect(screen.getByText(/Available to withdraw/)).toHaveTextContent('₹399')
  })

  it('"Refund" opens a dialog: full or partial with a reason; a 4xx is shown inline', async () => {
    const api = admin({
      'POST /admin/payments/order_1/refunds': [
        () => apiError(400, 'validation_error', { message: 'You can refund at most ₹499.' }),
        () => json({ refund_id: 'r1', order_id: 'order_1', razorpay_refund_id: null, amount_paise: 10050, reason: 'admin', status: 'pending', created_at: '2026-11-22T10:00:00Z' }, 201),
      ],
    })
    const { user } = renderApp('/dashboard/admin/payments')
    const table = await screen.findByRole('table', { name: 'All payments' })
    await user.click(within(table).getByRole('button', { name: /^Refund/ }))
    const dialog = screen.getByRole('dialog', { name: 'Refund payment' })
    await user.click(within(dialog).getByRole('button', { name: 'Refund ₹499' }))
    expect(within(dialog).getByText('Say why this payment is refunded (at least 3 characters).')).toBeInTheDocument()
    expect(api.callsTo('POST /admin/payments/order_1/refunds')).toHaveLength(0)

    await user.type(within(dialog).getByLabelText(/Reason/), 'Mentor did not show up')
    await user.click(within(dialog).getByRole('button', { name: 'Refund ₹499' }))
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('You can refund at most ₹499.')
    const first = api.callsTo('POST /admin/payments/order_1/refunds')[0]!.body as Record<string, unknown>
    expect(first).toEqual({ reason: 'Mentor did not show up', idempotency_key: expect.stringMatching(/-full$/) })

    await user.click(within(dialog).getByRole('radio', { name: 'Partial refund' }))
    const amount = within(dialog).getByLabelText(/Refund amount/)
    await user.type(amount, '500')
    expect(within(dialog).getByText('At most ₹499 can be refunded.')).toBeInTheDocument()
    await user.clear(amount)
    await user.type(amount, '100.50')
    await user.click(within(dialog).getByRole('button', { name: 'Refund ₹100.50' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    const second = api.callsTo('POST /admin/payments/order_1/refunds')[1]!.body as Record<string, unknown>
    expect(second).toEqual({ amount_paise: 10050, reason: 'Mentor did not show up', idempotency_key: expect.stringMatching(/-10050$/) })
    // One dialog, one key: a resubmitted refund is the same refund on the server.
    expect(String(second.idempotency_key).replace(/-10050$/, '')).toBe(String(first.idempotency_key).replace(/-full$/, ''))
    expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('Refund started ✔')
  })

  it('"Replay" re-queues a dead-lettered webhook', async () => {
    let dead = [DEAD]
    const api = admin({
      'GET /admin/webhook-events': () => page(dead),
      'POST /admin/webhook-events/evt_1/replay': () => {
        dead = []
        return json({ event_id: 'evt_1', status: 'replayed' }, 202)
      },
    })
    const { user } = renderApp('/dashboard/admin/payments')
    const list = await screen.findByRole('list', { name: 'Dead-lettered webhooks' })
    expect(within(list).getByText('booking b1 not found')).toBeInTheDocument()
    expect(api.callsTo('GET /admin/webhook-events')[0]!.query.get('status')).toBe('dead')
    await user.click(within(list).getByRole('button', { name: /^Replay/ }))
    await waitFor(() => expect(api.callsTo('POST /admin/webhook-events/evt_1/replay')).toHaveLength(1))
    expect(await screen.findByText(/No dead-lettered webhooks/)).toBeInTheDocument()
    expect(screen.getAllByTestId('toast')[0]).toHaveTextContent('Replayed ✔')
  })

  it('has no axe violations', async () => {
    admin()
    renderApp('/dashboard/admin/payments')
    await screen.findByRole('table', { name: 'All payments' })
    await screen.findByRole('list', { name: 'Dead-lettered webhooks' })
    const result = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } })
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }, 30_000)
})
