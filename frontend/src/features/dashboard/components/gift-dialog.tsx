import { useState, type FormEvent } from 'react'
import { useCheckout } from '@/hooks/use-checkout'
import { usePaymentsConfig } from '@/lib/meta'
import { checkRupees, formatPaise } from '@/lib/money'
import type { Booking } from '@/lib/marketplace-types'
import { MoneyField } from '@/components/form/money-field'
import { Button } from '@/components/ui/button'
import { Modal } from '@/components/ui/modal'

const PRESETS = [10000, 25000, 50000]

/**
 * "Send a gift": a tip for the mentor of a confirmed or completed booking,
 * from ₹10 to the configured maximum, checked as it is typed and sent as
 * exact integer paise (POST /payments/gifts), then paid through Checkout.
 */
export function GiftDialog({ booking, onClose }: { booking: Booking; onClose: () => void }) {
  const config = usePaymentsConfig()
  const checkout = useCheckout()
  const [amount, setAmount] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const check = checkRupees(amount, { min: config.gift_min_paise, max: config.gift_max_paise })
  const error = amount || submitted ? check.error : null
  const mentor = booking.session.mentor.name

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setSubmitted(true)
    if (check.paise === null) return
    await checkout.payGift(booking.booking_id, check.paise, booking.session.title)
  }

  return (
    <Modal open onClose={onClose} title={`Send ${mentor} a gift`} description={booking.session.title} className="max-w-lg">
      <form noValidate onSubmit={(e) => void submit(e)} className="space-y-4">
        <p className="text-base text-ink">A thank-you on top of the session price. 90 % goes to {mentor}.</p>
        <div role="group" aria-label="Suggested amounts" className="flex flex-wrap gap-2">
          {PRESETS.filter((p) => p >= config.gift_min_paise && p <= config.gift_max_paise).map((p) => (
            <Button key={p} variant="secondary" onClick={() => setAmount(String(p / 100))}>
              {formatPaise(p)}
            </Button>
          ))}
        </div>
        <MoneyField
          label="Gift amount"
          value={amount}
          onChange={setAmount}
          error={error}
          hint={`From ${formatPaise(config.gift_min_paise)} to ${formatPaise(config.gift_max_paise)}.`}
          required
          autoFocus
        />
        {checkout.problem ? (
          <p role="alert" className="rounded-[var(--radius-control)] bg-danger-soft px-3 py-2 text-base text-danger">
            {checkout.problem.message}
          </p>
        ) : null}
        <div className="flex flex-wrap justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Not now
          </Button>
          <Button type="submit" variant="cta" loading={checkout.busy}>
            Send gift ➤
          </Button>
        </div>
      </form>
    </Modal>
  )
}
