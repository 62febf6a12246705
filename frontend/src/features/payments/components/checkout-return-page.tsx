import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { usePageTitle } from '@/hooks/use-page-title'
import { ApiError, errorMessage } from '@/lib/api-client'
import { useTimezone } from '@/lib/auth'
import {
  clearPendingCheckout,
  createBookingOrder,
  createGiftOrder,
  failedAttempts,
  firstSightOfReturn,
  openCheckout,
  openCheckoutWith,
  readPendingCheckout,
  recordFailedAttempt,
  setFailedAttempts,
  verifyPayment,
  type PendingCheckout,
} from '@/lib/checkout'
import { formatDateTime } from '@/lib/format'
import { usePaymentsConfig } from '@/lib/meta'
import { formatPaise } from '@/lib/money'
import { marketKeys, payKeys } from '@/lib/query-keys'
import { showToast } from '@/lib/toast'
import { Button } from '@/components/ui/button'
import { Spinner } from '@/components/ui/spinner'
import { usePayment } from '../api/payments'

const ACTIVITY = '/dashboard/learner/activity'
const linkClass = 'font-semibold text-primary underline underline-offset-4'

interface ReturnParams {
  orderId: string | null
  paymentId: string | null
  signature: string | null
  reason: string | null
  description: string | null
  failures: number
}

function readParams(search: URLSearchParams): ReturnParams {
  let metaOrder: string | null = null
  const meta = search.get('error[metadata]')
  if (meta) {
    try {
      metaOrder = (JSON.parse(meta) as { order_id?: string }).order_id ?? null
    } catch {
      metaOrder = null
    }
  }
  const reason = search.get('error[reason]') ?? (search.get('error[code]') ? 'payment_failed' : null)
  return {
    orderId: search.get('razorpay_order_id') ?? metaOrder,
    paymentId: search.get('razorpay_payment_id'),
    signature: search.get('razorpay_signature'),
    reason,
    description: search.get('error[description]'),
    failures: Math.max(1, Number(search.get('failures') ?? 1) || 1),
  }
}

/**
 * /checkout/return — where Checkout comes back (the local stand-in redirects
 * here; the Razorpay modal's handler navigates here). Success → POST
 * /payments/verify, toast "Booked ✔" / "Gift sent ✔" and on to the activity
 * (gift: back where it was sent from). Failure → "Retry" up to the attempt
 * limit, then "Try another method?"; cancelled → "Pay now ➤" again.
 */
export function CheckoutReturnPage() {
  usePageTitle('Payment')
  const [search] = useSearchParams()
  const params = useMemo(() => readParams(search), [search])
  const [pending] = useState(readPendingCheckout)
  const ctx = pending && (!params.orderId || pending.order_id === params.orderId) ? pending : null
  const orderId = params.orderId ?? ctx?.order_id ?? null

  if (params.paymentId && params.signature && params.orderId) {
    return <Verify orderId={params.orderId} paymentId={params.paymentId} signature={params.signature} ctx={ctx} />
  }
  if (params.reason && orderId) {
    return <Failed key={search.toString()} params={params} orderId={orderId} ctx={ctx} search={search.toString()} />
  }
  return (
    <Panel title="Nothing to confirm here">
      <p className="text-base text-ink">This page finishes a payment. Your bookings and their payment status are in My Activity.</p>
      <Link to={ACTIVITY} className={linkClass}>
        Go to My Activity
      </Link>
    </Panel>
  )
}

function Panel({ title, tone = 'neutral', children }: { title: string; tone?: 'neutral' | 'danger'; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-xl px-4 py-10 md:py-16">
      <section
        aria-labelledby="checkout-return-title"
        className={`glass space-y-4 rounded-[var(--radius-card)] p-6 ${tone === 'danger' ? 'border border-danger/30' : ''}`}
      >
        <h1 id="checkout-return-title" className={`text-2xl font-bold ${tone === 'danger' ? 'text-danger' : 'text-primary'}`}>
          {title}
        </h1>
        {children}
      </section>
    </div>
  )
}

function Verify({ orderId, paymentId, signature, ctx }: { orderId: string; paymentId: string; signature: string; ctx: PendingCheckout | null }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const verify = useQuery({
    queryKey: ['checkout-verify', orderId, paymentId],
    queryFn: () => verifyPayment({ razorpay_order_id: orderId, razorpay_payment_id: paymentId, razorpay_signature: signature }),
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  })
  const data = verify.data
  useEffect(() => {
    if (!data) return
    const gift = (ctx?.kind ?? data.payment.kind) === 'gift'
    showToast(gift ? 'Gift sent ✔' : 'Booked ✔', {
      tone: 'success',
      detail: gift
        ? `${formatPaise(data.payment.amount_paise)} to ${data.payment.mentor.name}. Thank you!`
        : `${data.payment.session.title} — it is in My Activity.`,
      outcome: gift ? 'payment_gift_sent' : 'booking_confirmed',
    })
    clearPendingCheckout()
    setFailedAttempts(orderId, 0)
    for (const queryKey of [payKeys.all, marketKeys.activity, marketKeys.sessions, marketKeys.landing]) void queryClient.invalidateQueries({ queryKey })
    void navigate(gift ? (ctx?.return_to ?? ACTIVITY) : ACTIVITY, { replace: true })
  }, [data, ctx, orderId, navigate, queryClient])

  if (verify.isError) {
    const badSignature = verify.error instanceof ApiError && verify.error.code === 'bad_signature'
    return (
      <Panel title="We couldn't confirm this payment" tone="danger">
        <p role="alert" className="text-base text-ink">
          {errorMessage(verify.error)}
        </p>
        <p className="text-base text-ink-muted">
          {badSignature
            ? 'Nothing was recorded. If money left your account, Razorpay returns it automatically.'
            : 'If the payment went through, your booking is confirmed automatically within a few minutes.'}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          {!badSignature ? (
            <Button variant="primary" loading={verify.isFetching} onClick={() => void verify.refetch()}>
              Check again
            </Button>
          ) : null}
          <Link to={ACTIVITY} className={linkClass}>
            Go to My Activity
          </Link>
        </div>
      </Panel>
    )
  }
  return (
    <Panel title={data ? 'Payment confirmed' : 'Confirming your payment…'}>
      <div role="status" className="flex items-center gap-3 text-base text-ink">
        <Spinner size={20} label="" />
        {data ? 'Taking you on…' : 'Checking the payment with Razorpay. Please keep this page open.'}
      </div>
    </Panel>
  )
}

function Failed({ params, orderId, ctx, search }: { params: ReturnParams; orderId: string; ctx: PendingCheckout | null; search: string }) {
  const tz = useTimezone()
  const config = usePaymentsConfig()
  const max = config.max_payment_attempts
  const cancelled = params.reason === 'payment_cancelled'
  const gift = ctx?.kind === 'gift'
  // Count this failure once, even if the page re-renders or is reloaded.
  const [localCount, setLocalCount] = useState(() => {
    if (cancelled) return failedAttempts(orderId)
    return firstSightOfReturn(search) ? recordFailedAttempt(orderId, params.failures) : failedAttempts(orderId)
  })
  const server = usePayment(orderId)
  const attempts = Math.max(localCount, server.data?.failed_attempts ?? 0)
  const exhausted = attempts >= max
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)

  const pendingBase = {
    booking_id: ctx?.booking_id ?? server.data?.booking_id ?? '',
    kind: (ctx?.kind ?? server.data?.kind ?? 'booking') as PendingCheckout['kind'],
    return_to: ctx?.return_to ?? ACTIVITY,
    title: ctx?.title ?? server.data?.session.title,
    hold_expires_at: ctx?.hold_expires_at ?? null,
  }

  /** "Retry" / "Pay now ➤": reuse (or re-create) the order, then Checkout again. */
  const retry = async () => {
    setProblem(null)
    setBusy(true)
    try {
      if (pendingBase.kind === 'gift') {
        if (ctx?.checkout) await openCheckoutWith(ctx.checkout, pendingBase)
        else await openCheckout(await createGiftOrder(pendingBase.booking_id, ctx?.amount_paise ?? 0), pendingBase)
      } else {
        const order = await createBookingOrder(pendingBase.booking_id)
        if (order.payment.failed_attempts > attempts) setFailedAttempts(orderId, order.payment.failed_attempts)
        await openCheckout(order, pendingBase)
      }
    } catch (err) {
      if (err instanceof ApiError && err.code === 'attempts_exhausted') {
        setFailedAttempts(orderId, max)
        setLocalCount(max)
      } else {
        setProblem(errorMessage(err, "Couldn't reopen the payment. Please try again."))
      }
    } finally {
      setBusy(false)
    }
  }

  /** After the attempt limit: the same order in Checkout, where another method can be picked. */
  const anotherMethod = async () => {
    setProblem(null)
    setBusy(true)
    try {
      if (ctx?.checkout) await openCheckoutWith(ctx.checkout, pendingBase)
      else await retry()
    } catch (err) {
      setProblem(errorMessage(err, "Couldn't reopen the payment. Please try again."))
    } finally {
      setBusy(false)
    }
  }

  const hold = pendingBase.hold_expires_at ? (
    <time dateTime={pendingBase.hold_expires_at}>{formatDateTime(pendingBase.hold_expires_at, tz, { timeStyle: 'short' })}</time>
  ) : null
  const what = pendingBase.title ? <span className="font-semibold">{pendingBase.title}</span> : null
  const back = (
    <Link to={gift ? pendingBase.return_to : ACTIVITY} className={linkClass}>
      {gift ? 'Back' : 'Back to My Activity'}
    </Link>
  )

  if (cancelled) {
    return (
      <Panel title="Payment cancelled">
        <p className="text-base text-ink">
          No money was taken{what ? <> for {what}</> : null}.{' '}
          {!gift && hold ? <>Your seat is held until {hold}.</> : null}
        </p>
        {problem ? <ProblemText text={problem} /> : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="cta" loading={busy} onClick={() => void retry()}>
            Pay now ➤
          </Button>
          {back}
        </div>
      </Panel>
    )
  }

  return (
    <Panel title={gift ? 'Gift payment failed' : 'Payment failed'} tone="danger">
      <div role="alert" className="space-y-2">
        <p className="text-base text-ink">
          {params.description || 'The payment did not go through.'}
          {what ? <> ({what})</> : null}
        </p>
        <p className="text-base font-semibold text-ink" data-testid="attempts">
          {exhausted ? `All ${max} attempts failed.` : `Attempt ${attempts} of ${max} failed.`}
        </p>
      </div>
      {!gift && hold ? (
        <p className="text-base text-ink">
          Your seat is held until {hold}. After that it is released and nothing is charged.
        </p>
      ) : null}
      {problem ? <ProblemText text={problem} /> : null}
      <div className="flex flex-wrap items-center gap-3">
        {exhausted ? (
          <Button variant="cta" loading={busy} onClick={() => void anotherMethod()}>
            Try another method?
          </Button>
        ) : (
          <Button variant="cta" loading={busy} onClick={() => void retry()}>
            Retry
          </Button>
        )}
        {back}
      </div>
      {exhausted ? (
        <p className="text-base text-ink-muted">A card, UPI or netbanking — Checkout lets you pick a different method for the same order.</p>
      ) : (
        <p className="text-base text-ink-muted">
          {max - attempts} {max - attempts === 1 ? 'try' : 'tries'} left. You can pick another method in Checkout.
        </p>
      )}
    </Panel>
  )
}

function ProblemText({ text }: { text: string }) {
  return (
    <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
      {text}
    </p>
  )
}
