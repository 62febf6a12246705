// Paying through Razorpay Checkout (docs/api-payments.md), shared by every
// screen with a "Pay now ➤" (booking sheet, learner activity, gifts):
//
//   POST /payments/orders | /payments/gifts → {payment, checkout}
//   - checkout.checkout_url set (the local stand-in): remember the order in
//     sessionStorage and navigate the window there; it comes back to
//     /checkout/return with Checkout's fields in the query;
//   - otherwise load checkout.razorpay.com/v1/checkout.js lazily and open the
//     modal; its handler (or its dismissal after a failure) goes to the same
//     /checkout/return, so both paths share one verify step.
import { api } from './api-client'
import type { CheckoutOptions, OrderResponse, VerifyResponse } from './payment-types'
import { navigateTo } from './navigation'

export const CHECKOUT_RETURN_PATH = '/checkout/return'
export const RAZORPAY_SCRIPT = 'https://checkout.razorpay.com/v1/checkout.js'
const PENDING_KEY = 'peerlearn.checkout.pending'
const FAILURES_KEY = 'peerlearn.checkout.failures.'
const SEEN_KEY = 'peerlearn.checkout.seen'

export type CheckoutKind = 'booking' | 'gift'

/** What /checkout/return needs to finish (or retry) a payment after a full-page round trip. */
export interface PendingCheckout {
  order_id: string
  booking_id: string
  kind: CheckoutKind
  /** Where to go after success (gift: the page it was sent from). */
  return_to: string
  amount_paise: number
  title?: string
  hold_expires_at?: string | null
  /** The last Checkout options, to re-open the same order ("Try another method?"). */
  checkout?: CheckoutOptions
}

function storage(): Storage | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}

export function savePendingCheckout(p: PendingCheckout) {
  storage()?.setItem(PENDING_KEY, JSON.stringify(p))
}

export function readPendingCheckout(): PendingCheckout | null {
  const raw = storage()?.getItem(PENDING_KEY)
  if (!raw) return null
  try {
    return JSON.parse(raw) as PendingCheckout
  } catch {
    return null
  }
}

export function clearPendingCheckout() {
  storage()?.removeItem(PENDING_KEY)
}

/** Failed attempts counted in this tab for one order (the server's count wins when larger). */
export function failedAttempts(orderId: string): number {
  return Number(storage()?.getItem(FAILURES_KEY + orderId) ?? 0) || 0
}

export function recordFailedAttempt(orderId: string, by = 1): number {
  const n = failedAttempts(orderId) + by
  storage()?.setItem(FAILURES_KEY + orderId, String(n))
  return n
}

export function setFailedAttempts(orderId: string, n: number) {
  storage()?.setItem(FAILURES_KEY + orderId, String(n))
}

/**
 * True the first time this return (its query string) is seen since Checkout
 * was last opened: a reload of /checkout/return must not count a failure twice,
 * while the same failure after a new attempt must count again.
 */
export function firstSightOfReturn(search: string): boolean {
  const s = storage()
  if (!s) return true
  if (s.getItem(SEEN_KEY) === search) return false
  s.setItem(SEEN_KEY, search)
  return true
}

// ---- API --------------------------------------------------------------------

export function createBookingOrder(bookingId: string) {
  return api.post<OrderResponse>('/payments/orders', { booking_id: bookingId })
}

export function createGiftOrder(bookingId: string, amountPaise: number) {
  return api.post<OrderResponse>('/payments/gifts', { booking_id: bookingId, amount_paise: amountPaise })
}

export interface CheckoutResult {
  razorpay_order_id: string
  razorpay_payment_id: string
  razorpay_signature: string
}

export function verifyPayment(result: CheckoutResult) {
  return api.post<VerifyResponse>('/payments/verify', result)
}

// ---- opening Checkout -------------------------------------------------------

interface RazorpayInstance {
  open(): void
  on(event: 'payment.failed', cb: (response: { error?: Record<string, unknown> }) => void): void
}
type RazorpayCtor = new (options: Record<string, unknown>) => RazorpayInstance

/** Swappable in tests (jsdom cannot leave the page or run Razorpay's script). */
export const checkoutEnv = {
  assign(url: string) {
    window.location.assign(url)
  },
  origin(): string {
    return window.location.origin
  },
  loadRazorpay(): Promise<RazorpayCtor> {
    const existing = (window as unknown as { Razorpay?: RazorpayCtor }).Razorpay
    if (existing) return Promise.resolve(existing)
    return new Promise((resolve, reject) => {
      const script = document.createElement('script')
      script.src = RAZORPAY_SCRIPT
      script.async = true
      script.onload = () => {
        const ctor = (window as unknown as { Razorpay?: RazorpayCtor }).Razorpay
        if (ctor) resolve(ctor)
        else reject(new Error('Razorpay Checkout did not load.'))
      }
      script.onerror = () => {
        script.remove()
        reject(new Error("Couldn't load Razorpay Checkout. Check your connection and try again."))
      }
      document.head.appendChild(script)
    })
  },
}

/** The stand-in's page with the callback appended. */
export function standInUrl(checkoutUrl: string): string {
  const sep = checkoutUrl.includes('?') ? '&' : '?'
  return `${checkoutUrl}${sep}callback_url=${encodeURIComponent(checkoutEnv.origin() + CHECKOUT_RETURN_PATH)}`
}

function returnUrl(params: Record<string, string>): string {
  return `${CHECKOUT_RETURN_PATH}?${new URLSearchParams(params).toString()}`
}

function errorParams(reason: string, orderId: string, error?: Record<string, unknown>): Record<string, string> {
  return {
    'error[code]': String(error?.code ?? (reason === 'payment_cancelled' ? 'BAD_REQUEST_ERROR' : 'PAYMENT_FAILED')),
    'error[description]': String(error?.description ?? (reason === 'payment_cancelled' ? 'Payment cancelled' : 'Payment failed')),
    'error[reason]': reason,
    'error[metadata]': JSON.stringify({ order_id: orderId, ...((error?.metadata as object) ?? {}) }),
  }
}

/**
 * Opens Checkout for an order the API just created. Resolves once the page is
 * leaving (stand-in) or the modal is open (Razorpay); rejects when the
 * Checkout script cannot load.
 */
export function openCheckout(order: OrderResponse, pending: Omit<PendingCheckout, 'order_id' | 'amount_paise' | 'checkout'>) {
  return openCheckoutWith(order.checkout, pending)
}

export async function openCheckoutWith(c: CheckoutOptions, pending: Omit<PendingCheckout, 'order_id' | 'amount_paise' | 'checkout'>) {
  savePendingCheckout({ ...pending, order_id: c.order_id, amount_paise: c.amount, checkout: c })
  storage()?.removeItem(SEEN_KEY)
  if (c.checkout_url) {
    checkoutEnv.assign(standInUrl(c.checkout_url))
    return
  }
  const Razorpay = await checkoutEnv.loadRazorpay()
  let lastError: Record<string, unknown> | undefined
  let failures = 0
  let done = false
  const rzp = new Razorpay({
    key: c.key,
    order_id: c.order_id,
    amount: c.amount,
    currency: c.currency,
    name: c.name,
    description: c.description,
    prefill: c.prefill,
    notes: c.notes,
    theme: { color: '#4f46e5' },
    handler: (r: CheckoutResult) => {
      done = true
      void navigateTo(
        returnUrl({
          razorpay_order_id: r.razorpay_order_id,
          razorpay_payment_id: r.razorpay_payment_id,
          razorpay_signature: r.razorpay_signature,
        }),
      )
    },
    modal: {
      ondismiss: () => {
        if (done) return
        const params = errorParams(lastError ? 'payment_failed' : 'payment_cancelled', c.order_id, lastError)
        if (failures > 1) params.failures = String(failures)
        void navigateTo(returnUrl(params))
      },
    },
  })
  rzp.on('payment.failed', (response) => {
    // Checkout stays open so the learner can retry or pick another method;
    // the failure is reported when the modal closes.
    lastError = response.error
    failures++
  })
  rzp.open()
}
