import { api } from '@/lib/api-client'
import type { ActivityItem, Page } from '@/lib/marketplace-types'

/**
 * The learner's booking for this session (a gift is tied to a booking), for a
 * room answer without one (`RoomOut.booking_id` names it for learners): looked
 * up in the learner's bookings.
 */
export async function findMyBookingId(sessionId: string): Promise<string | null> {
  let cursor: string | undefined
  for (let i = 0; i < 5; i++) {
    const page = await api.get<Page<ActivityItem>>('/learner/activity', { query: { type: 'bookings', limit: 50, cursor } })
    for (const item of page.items) {
      if (item.kind === 'booking' && item.booking.session.session_id === sessionId && ['confirmed', 'completed'].includes(item.booking.status)) {
        return item.booking.booking_id
      }
    }
    if (!page.next_cursor) break
    cursor = page.next_cursor
  }
  return null
}
