// Readable names for the payments API's shapes, derived from the generated
// contract (api-schema.gen.ts). Every amount is integer paise; times are
// ISO-8601 UTC strings.
import type { components } from './api-schema.gen'

type S = components['schemas']

export type PaymentKind = S['PaymentOut']['kind']
export type PaymentStatus = S['PaymentOut']['status']
export type EarningStatus = NonNullable<S['PaymentOut']['earning_status']>

export type Payment = S['PaymentOut']

/** What Razorpay Checkout needs to open, plus the local stand-in's page. */
export type CheckoutOptions = S['CheckoutOut']

export type OrderResponse = S['OrderOut']

export type VerifyResponse = S['VerifyOut']

export type PaymentsConfig = S['PaymentsConfigOut']

export const DEFAULT_PAYMENTS_CONFIG: PaymentsConfig = {
  razorpay_key_id: null,
  checkout_url: null,
  gift_min_paise: 1000,
  gift_max_paise: 500000,
  withdrawal_min_paise: 10000,
  max_payment_attempts: 3,
}

export type EarningsSummary = S['EarningsSummaryOut']

export type EarningsPage = S['EarningsPage']

export type EarningsDay = S['EarningsDayOut']

export type PayoutAccount = NonNullable<S['PayoutAccountOut']['account']>

export type PayoutAccountInput = S['PayoutAccountIn']

export type WithdrawalStatus = S['WithdrawalOut']['status']

export type Withdrawal = S['WithdrawalOut']

export type RefundReason = S['RefundOut']['reason']

export type Refund = S['RefundOut']

export type Revenue = S['RevenueOut']

export type WebhookEvent = S['WebhookEventOut']

export type ReconciliationReport = S['ReconciliationOut']
