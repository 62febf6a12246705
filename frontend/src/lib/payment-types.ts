// Types of the payments API (docs/api-payments.md is the authority). Every
// amount is integer paise; times are ISO-8601 UTC strings.
import type { Booking, PersonRef } from './marketplace-types'

export type PaymentKind = 'booking' | 'gift'
export type PaymentStatus = 'created' | 'failed' | 'captured' | 'partially_refunded' | 'refunded'
export type EarningStatus = 'held' | 'available' | 'reversed'

export interface Payment {
  order_id: string
  kind: PaymentKind
  booking_id: string
  session: { session_id: string; title: string; starts_at: string }
  learner: PersonRef
  mentor: PersonRef
  amount_paise: number
  mentor_paise: number
  platform_paise: number
  refunded_paise: number
  status: PaymentStatus
  earning_status: EarningStatus | null
  failed_attempts: number
  razorpay_payment_id: string | null
  created_at: string
  captured_at: string | null
}

/** What Razorpay Checkout needs to open, plus the local stand-in's page. */
export interface CheckoutOptions {
  key: string
  order_id: string
  amount: number
  currency: string
  name: string
  description: string
  prefill: { name?: string; email?: string }
  notes?: Record<string, string>
  checkout_url: string | null
  attempts_left: number
}

export interface OrderResponse {
  payment: Payment
  checkout: CheckoutOptions
}

export interface VerifyResponse {
  payment: Payment
  booking: Booking | null
}

export interface PaymentsConfig {
  razorpay_key_id: string | null
  checkout_url: string | null
  gift_min_paise: number
  gift_max_paise: number
  withdrawal_min_paise: number
  max_payment_attempts: number
}

export const DEFAULT_PAYMENTS_CONFIG: PaymentsConfig = {
  razorpay_key_id: null,
  checkout_url: null,
  gift_min_paise: 1000,
  gift_max_paise: 500000,
  withdrawal_min_paise: 10000,
  max_payment_attempts: 3,
}

export interface EarningsSummary {
  held_paise: number
  available_paise: number
  payouts_pending_paise: number
  withdrawn_paise: number
  lifetime_paise: number
  gifts_paise: number
}

export interface EarningsPage {
  items: Payment[]
  next_cursor: string | null
  summary?: EarningsSummary
}

export interface EarningsDay {
  date: string
  earned_paise: number
  gifts_paise: number
}

export type PayoutAccount =
  | { kind: 'bank'; holder_name: string; ifsc: string; account_last4: string; masked: string }
  | { kind: 'vpa'; vpa_masked: string; masked: string }

export type PayoutAccountInput =
  | { kind: 'bank'; holder_name: string; ifsc: string; account_number: string }
  | { kind: 'vpa'; vpa: string }

export type WithdrawalStatus = 'requested' | 'processing' | 'processed' | 'reversed' | 'failed'

export interface Withdrawal {
  withdrawal_id: string
  amount_paise: number
  status: WithdrawalStatus
  status_text: string
  destination: string
  utr: string | null
  created_at: string
  updated_at: string
}

export type RefundReason = 'learner_cancelled' | 'mentor_cancelled' | 'admin' | 'mentor_no_show' | 'hold_expired'

export interface Refund {
  refund_id: string
  order_id: string
  razorpay_refund_id: string | null
  amount_paise: number
  reason: RefundReason | string
  status: 'pending' | 'processed' | 'failed'
  created_at: string
}

export interface Revenue {
  platform_fees_paise: number
  platform_payouts_pending_paise: number
  platform_withdrawn_paise: number
  captured_paise: number
  refunded_paise: number
}

export interface WebhookEvent {
  event_id: string
  event: string
  entity_id: string
  status: 'dead' | 'replayed' | 'processed'
  error: string | null
  received_at: string
  attempts: number
}

export interface ReconciliationReport {
  day: string
  ok: boolean
  differences: unknown[]
  checked_payments: number
  checked_refunds: number
  ran_at: string
}
