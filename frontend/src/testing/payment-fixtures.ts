// Payments objects shaped like docs/api-payments.md, for tests.
import { vi } from 'vitest'
import { checkoutEnv } from '@/lib/checkout'
import type { CheckoutOptions, OrderResponse, Payment, Withdrawal } from '@/lib/payment-types'
import { baseHandlers, makeMe, mockApi, type Handler } from './mock-api'
import { signIn } from './render-app'

export const STAND_IN = 'http://127.0.0.1:9911/checkout'

export function makePayment(overrides: Partial<Payment> = {}): Payment {
  return {
    order_id: 'order_1',
    kind: 'booking',
    booking_id: 'b1',
    session: { session_id: 's1', title: 'Python for data', starts_at: '2030-03-15T12:30:00Z' },
    learner: { user_id: 'learner-1', name: 'Asha' },
    mentor: { user_id: 'mentor-1', name: 'Ravi Kumar' },
    amount_paise: 49900,
    mentor_paise: 44910,
    platform_paise: 4990,
    refunded_paise: 0,
    mentor_reversed_paise: 0,
    status: 'captured',
    earning_status: 'held',
    on_hold: false,
    failed_attempts: 0,
    razorpay_payment_id: 'pay_1',
    created_at: '2026-11-20T10:00:00Z',
    captured_at: '2026-11-20T10:01:00Z',
    ...overrides,
  }
}

export function makeCheckout(overrides: Partial<CheckoutOptions> = {}): CheckoutOptions {
  const orderId = overrides.order_id ?? 'order_1'
  return {
    key: 'rzp_test_x',
    order_id: orderId,
    amount: 49900,
    currency: 'INR',
    name: 'PeerLearn',
    description: 'Python for data — 15 Mar, 6:00 pm',
    prefill: { name: 'Asha', email: 'learner@example.com' },
    notes: { peerlearn_kind: 'booking', booking_id: 'b1' },
    checkout_url: `${STAND_IN}/${orderId}`,
    attempts_left: 3,
    ...overrides,
  }
}

export function makeOrder(payment: Partial<Payment> = {}, checkout: Partial<CheckoutOptions> = {}): OrderResponse {
  const p = makePayment({ status: 'created', earning_status: null, razorpay_payment_id: null, captured_at: null, ...payment })
  return { payment: p, checkout: makeCheckout({ order_id: p.order_id, amount: p.amount_paise, ...checkout }) }
}

export function makeWithdrawal(overrides: Partial<Withdrawal> = {}): Withdrawal {
  return {
    withdrawal_id: 'w1',
    amount_paise: 50000,
    status: 'processing',
    status_text: 'Processing — usually within 24 hrs',
    destination: 'XXXXXX1234',
    utr: null,
    failure_reason: null,
    created_at: '2026-11-21T10:00:00Z',
    updated_at: '2026-11-21T10:00:00Z',
    ...overrides,
  }
}

/** Stubs leaving the page for the Checkout stand-in; returns the spy. */
export function stubCheckoutNavigation() {
  const assign = vi.fn<(url: string) => void>()
  const original = checkoutEnv.assign
  checkoutEnv.assign = assign
  return {
    assign,
    restore: () => {
      checkoutEnv.assign = original
    },
  }
}

export const PAYMENTS_CONFIG = {
  razorpay_key_id: 'rzp_test_x',
  checkout_url: STAND_IN,
  gift_min_paise: 1000,
  gift_max_paise: 500000,
  withdrawal_min_paise: 10000,
  max_payment_attempts: 3,
}

/** A signed-in learner, with the payments config the SPA reads from /meta/config. */
export function mockLearnerApi(extra: Record<string, Handler | Handler[]> = {}) {
  signIn('learner')
  return mockApi({
    ...baseHandlers(),
    'GET /meta/config': () => ({ ws_url: 'ws://x', stage: 'test', local: true, mailbox_url: null, razorpay_key_id: 'rzp_test_x', payments: PAYMENTS_CONFIG }),
    'GET /me': () => makeMe('learner'),
    'GET /dashboard/learner': () => ({ me: makeMe('learner') }),
    ...extra,
  })
}
