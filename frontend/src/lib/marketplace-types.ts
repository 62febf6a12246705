// Types of the marketplace API (docs/api-marketplace.md is the authority):
// sessions, bookings, live requests, the mentor directory and rooms. Money is
// integer paise, times are ISO-8601 UTC strings.

export interface Page<T> {
  items: T[]
  next_cursor: string | null
}

export interface PersonRef {
  user_id: string
  name: string
}

export interface SessionMentor extends PersonRef {
  avatar_url: string | null
  is_demo: boolean
}

export type SessionStatus = 'scheduled' | 'live' | 'completed' | 'cancelled'

export interface Session {
  session_id: string
  /** Only for the session's mentor and its confirmed learners. */
  room_code: string | null
  mentor: SessionMentor
  title: string
  description: string
  topics: string[]
  category: string
  starts_at: string
  ends_at: string
  duration_min: number
  price_paise: number
  seats: number
  seats_left: number
  requires_approval: boolean
  visibility: 'public' | 'private'
  status: SessionStatus
  thumbnail_url: string | null
  created_at: string
  /** GET /sessions/{id} carries the cancellation policy shown before "Confirm ➤". */
  refund_policy?: string
  /** GET /mentor/sessions adds how many learners booked. */
  bookings_count?: number
}

export type BookingStatus =
  | 'pending_payment'
  | 'pending_approval'
  | 'confirmed'
  | 'completed'
  | 'cancelled'
  | 'rejected'
  | 'expired'
  | 'refunded'

export interface Booking {
  booking_id: string
  session: Session
  learner: PersonRef
  status: BookingStatus
  amount_paise: number
  hold_expires_at: string | null
  refund_policy: string
  refund_due_paise: number
  created_at: string
}

export type RequestStatus = 'pending' | 'offered' | 'accepted' | 'declined' | 'withdrawn' | 'expired'

export interface RequestOffer {
  proposed_at: string
  budget_paise: number
  message?: string | null
}

export interface LiveRequest {
  request_id: string
  learner: PersonRef
  mentor: PersonRef
  title: string
  domain: string
  proposed_at: string
  duration_min: number
  budget_paise: number
  message: string
  status: RequestStatus
  offer: RequestOffer | null
  decline_reason: string | null
  session_id: string | null
  booking_id: string | null
  created_at: string
  updated_at: string
}

export interface Rating {
  average: number
  count: number
}

export interface MentorCard {
  user_id: string
  name: string
  avatar_url: string | null
  domains: string[]
  skills: string[]
  bio: string
  /** null until real reviews exist — never invented. */
  rating: Rating | null
  /** In the contract; the backend does not send it yet, so it may be absent. */
  upcoming_sessions?: number
  is_demo: boolean
}

export interface MentorProfileData extends MentorCard {
  qualifications: string
  certifications: string[]
  intro_video_url: string | null
  timezone: string
}

export interface LandingData {
  live_upcoming: Session[]
  categories: string[]
  top_mentors: MentorCard[]
}

export type ActivityItem =
  | { kind: 'request'; at: string; request: LiveRequest; booking?: undefined }
  | { kind: 'booking'; at: string; booking: Booking; request?: undefined }

export type ActivityType = 'all' | 'requests' | 'bookings'

export interface RoomParticipant {
  user_id: string
  name: string
  role: 'mentor' | 'learner'
}

export interface RoomInfo {
  room_code: string
  session: Session
  role: 'mentor' | 'learner'
  participants: RoomParticipant[]
  opens_at: string
  ends_at: string
}

export interface CatalogSuggestion {
  titles: string[]
  corrections: Record<string, string>
}

export interface SessionInput {
  title: string
  description: string
  topics: string[]
  category: string
  starts_at: string
  duration_min: number
  price_paise: number
  seats: number
  requires_approval: boolean
  thumbnail_key?: string
}

export interface RequestInput {
  mentor_id: string
  title: string
  domain: string
  proposed_at: string
  duration_min: number
  budget_paise: number
  message: string
}
