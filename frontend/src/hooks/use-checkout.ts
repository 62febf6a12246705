import { useCallback, useState } from 'react'
import { useLocation } from 'react-router'
import { ApiError, errorMessage } from '@/lib/api-client'
import { createBookingOrder, createGiftOrder, failedAttempts, openCheckout, setFailedAttempts } from '@/lib/checkout'

export const LEARNER_ACTIVITY_PATH = '/dashboard/learner/activity'

export interface CheckoutProblem {
  message: string
  code: string
}

/**
 * "Pay now ➤" / "Send gift ➤": create (or reuse) the order, then open
 * Checkout (lib/checkout). While the order is being created `busy` is true; a
 * refusal (hold expired, attempts exhausted, out-of-range gift…) lands in
 * `problem`, worded by the API.
 */
export function useCheckout() {
  const location = useLocation()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<CheckoutProblem | null>(null)

  /** Create the order and open Checkout; `busy` meanwhile, the API's refusal in `problem`. */
  const start = useCallback(async (open: () => Promise<void>) => {
    setProblem(null)
    setBusy(true)
    try {
      await open()
      return true
    } catch (err) {
      const code = err instanceof ApiError ? err.code : 'error'
      setProblem({ message: errorMessage(err, "Couldn't start the payment. Please try again."), code })
      return false
    } finally {
      setBusy(false)
    }
  }, [])

  const payBooking = useCallback(
    (booking: { booking_id: string; title?: string; hold_expires_at?: string | null }, returnTo = LEARNER_ACTIVITY_PATH) =>
      start(async () => {
        const order = await createBookingOrder(booking.booking_id)
        const id = order.payment.order_id
        if (order.payment.failed_attempts > failedAttempts(id)) setFailedAttempts(id, order.payment.failed_attempts)
        await openCheckout(order, {
          booking_id: booking.booking_id,
          kind: 'booking',
          return_to: returnTo,
          title: booking.title ?? order.payment.session.title,
          hold_expires_at: booking.hold_expires_at ?? null,
        })
      }),
    [start],
  )

  const payGift = useCallback(
    (bookingId: string, amountPaise: number, title?: string) =>
      start(async () => {
        const order = await createGiftOrder(bookingId, amountPaise)
        await openCheckout(order, {
          booking_id: bookingId,
          kind: 'gift',
          return_to: `${location.pathname}${location.search}`,
          title: title ?? order.payment.session.title,
        })
      }),
    [start, location.pathname, location.search],
  )

  return { payBooking, payGift, busy, problem, clearProblem: useCallback(() => setProblem(null), []) }
}
