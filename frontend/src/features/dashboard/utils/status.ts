import type { ChipTone } from '@/components/ui/status-chip'
import type { BookingStatus, RequestStatus, SessionStatus } from '@/lib/marketplace-types'

export const REQUEST_CHIPS: Record<RequestStatus, { label: string; tone: ChipTone }> = {
  pending: { label: '⏳ Pending', tone: 'pending' },
  offered: { label: 'Offered', tone: 'info' },
  accepted: { label: 'Accepted', tone: 'success' },
  declined: { label: 'Declined', tone: 'danger' },
  withdrawn: { label: 'Withdrawn', tone: 'neutral' },
  expired: { label: 'Expired', tone: 'neutral' },
}

export const BOOKING_CHIPS: Record<BookingStatus, { label: string; tone: ChipTone }> = {
  pending_payment: { label: '⏳ Payment due', tone: 'pending' },
  pending_approval: { label: '⏳ Awaiting approval', tone: 'pending' },
  confirmed: { label: 'Confirmed', tone: 'success' },
  completed: { label: 'Completed', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'neutral' },
  rejected: { label: 'Rejected', tone: 'danger' },
  expired: { label: 'Expired', tone: 'neutral' },
  refunded: { label: 'Refunded', tone: 'neutral' },
}

export const SESSION_CHIPS: Record<SessionStatus, { label: string; tone: ChipTone }> = {
  scheduled: { label: 'Scheduled', tone: 'info' },
  live: { label: 'Live', tone: 'live' },
  completed: { label: 'Completed', tone: 'neutral' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
}
