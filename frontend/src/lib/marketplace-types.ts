// Readable names for the marketplace API's shapes (sessions, bookings, live
// requests, the mentor directory, rooms), derived from the generated contract
// (api-schema.gen.ts). Money is integer paise, times are ISO-8601 UTC strings.
import type { components, paths } from './api-schema.gen'

type S = components['schemas']

/** Every list answer: a page of items and the cursor of the next one. */
export type Page<T> = Omit<S['SessionPage'], 'items'> & { items: T[] }

export type PersonRef = S['PersonRef']

export type SessionMentor = S['PersonCardOut']

export type SessionStatus = S['SessionOut']['status']

/** A session; GET /mentor/sessions (MentorSessionOut) adds how many learners booked. */
export type Session = S['SessionOut'] & Partial<Pick<S['MentorSessionOut'], 'bookings_count'>>

export type MentorSession = S['MentorSessionOut']

export type BookingStatus = S['BookingOut']['status']

export type Booking = S['BookingOut']

export type RequestStatus = S['RequestOut']['status']

export type RequestOffer = S['OfferOut']

export type LiveRequest = S['RequestOut']

export type Seat = S['SeatOut']

export type Rating = S['RatingOut']

export type MentorCard = S['MentorCardOut']

export type MentorProfileData = S['MentorProfileOut']

export type LandingData = S['LandingOut']

export type ActivityItem = S['ActivityPage']['items'][number]

export type ActivityType = NonNullable<
  NonNullable<paths['/learner/activity']['get']['parameters']['query']>['type']
>

export type RoomParticipant = S['ParticipantOut']

export type RoomInfo = S['RoomOut']

export type CatalogSuggestion = S['SuggestOut']

export type SessionInput = S['SessionIn']

export type RequestInput = S['RequestIn']
