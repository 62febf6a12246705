import type { ChipTone } from '@/components/ui/status-chip'
import type { EarningStatus, PaymentStatus, WithdrawalStatus } from '@/lib/payment-types'

export const PAYMENT_CHIPS: Record<PaymentStatus, { label: string; tone: ChipTone }> = {
  created: { label: '⏳ Awaiting payment', tone: 'pending' },
  failed: { label: 'Failed', tone: 'danger' },
  captured: { label: 'Paid', tone: 'success' },
  partially_refunded: { label: 'Partly refunded', tone: 'info' },
  refunded: { label: 'Refunded', tone: 'neutral' },
}

export const EARNING_CHIPS: Record<EarningStatus, { label: string; tone: ChipTone }> = {
  held: { label: '⏳ Held', tone: 'pending' },
  available: { label: 'Available', tone: 'success' },
  reversed: { label: 'Reversed', tone: 'danger' },
}

export const WITHDRAWAL_CHIPS: Record<WithdrawalStatus, { label: string; tone: ChipTone }> = {
  requested: { label: '⏳ Requested', tone: 'pending' },
  processing: { label: '⏳ Processing', tone: 'pending' },
  processed: { label: 'Processed', tone: 'success' },
  reversed: { label: 'Returned', tone: 'neutral' },
  failed: { label: 'Failed', tone: 'danger' },
}

export function chipFor<K extends string>(map: Record<K, { label: string; tone: ChipTone }>, key: string | null | undefined) {
  return (key && (map as Record<string, { label: string; tone: ChipTone }>)[key]) || { label: key ?? '—', tone: 'neutral' as ChipTone }
}

export const IFSC_RE = /^[A-Z]{4}0[A-Z0-9]{6}$/
export const VPA_RE = /^[a-zA-Z0-9.\-_]{2,256}@[a-zA-Z]{2,64}$/
export const ACCOUNT_RE = /^\d{9,18}$/

export function validateIfsc(v: string): string | null {
  if (!v) return 'Enter the IFSC code.'
  if (!IFSC_RE.test(v)) return 'Enter a valid IFSC: 4 letters, 0, then 6 letters or digits (e.g. HDFC0001234).'
  return null
}

export function validateVpa(v: string): string | null {
  if (!v.trim()) return 'Enter your UPI ID.'
  if (!VPA_RE.test(v.trim())) return 'Enter a valid UPI ID, like name@okicici.'
  return null
}

export function validateAccountNumber(v: string): string | null {
  if (!v) return 'Enter the account number.'
  if (!ACCOUNT_RE.test(v)) return 'Account numbers have 9–18 digits.'
  return null
}

export function validateHolder(v: string): string | null {
  const t = v.trim()
  if (t.length < 3) return "Enter the account holder's name as the bank has it."
  if (t.length > 120) return 'Keep the name under 120 characters.'
  return null
}
