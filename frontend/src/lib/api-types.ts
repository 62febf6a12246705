// Readable names for the API's shapes. Every type here is derived from the
// generated contract (api-schema.gen.ts, `npm run gen:api`): change the
// pydantic schemas, regenerate, and these follow. docs/api.md.
import type { components } from './api-schema.gen'

type S = components['schemas']

export type Role = S['MeOut']['role']

export type AuthFlow = NonNullable<S['Error']['auth_flow']>

export type NotificationPrefs = S['NotificationPrefsOut']

export type LearnerProfile = Required<S['LearnerProfile']>

/** The mentor's profile as GET /me shows it (`intro_video_url` is read-only). */
export type MentorProfile = Required<Omit<S['MeMentorProfile'], 'intro_video_url'>> &
  Pick<S['MeMentorProfile'], 'intro_video_url'>

export type AdminProfile = Record<string, never>

type MeBase = Omit<S['MeOut'], 'role' | 'profile'>

/** GET /me, told apart by `role` (MeOut's `profile` holds that role's fields). */
export type Me =
  | (MeBase & { role: Extract<Role, 'learner'>; profile: Partial<LearnerProfile> })
  | (MeBase & { role: Extract<Role, 'mentor'>; profile: Partial<MentorProfile> })
  | (MeBase & { role: Extract<Role, 'admin'>; profile: AdminProfile })

/** The refresh token is never in the body: it is an HttpOnly cookie (docs/api.md). */
export type Tokens = Omit<S['TokensOut'], 'user'> & { user: Me }

export type TotpChallenge = S['TotpChallengeOut']

export type ApiErrorBody = S['Error']

export type AppNotification = S['NotificationOut']

export type NotificationsPage = S['NotificationPage']

export type MetaConfig = S['ConfigOut']

export type Taxonomy = S['TaxonomyOut']

export type UploadKind = S['UploadIn']['kind']

export type PresignedUpload = S['UploadOut']

export type RealtimeTicket = S['TicketOut']

/** Any message the WebSocket sends. */
export type RealtimeEvent = S['RealtimeEvent']

/** Direct messages (features/messages). */
export type Conversation = S['ConversationOut']

export type ConversationsPage = S['ConversationPage']

export type DirectMessage = S['MessageOut']

export type DirectMessagesPage = S['MessagePage']

/** Any direct-message frame the WebSocket pushes (`dm.message`, `dm.receipt`, `dm.unread`, `dm.block`). */
export type DmEvent = S['DmEvent']
/** GET /live: public sessions live now, their mentors, seats left and who is in each room. */
export type LiveFigures = S['LiveOut']
export type LiveSessionFigures = S['LiveSessionOut']
/** On `public:live`: new totals and one session's figures. */
export type LiveUpdateEvent = S['LiveUpdateEvent']
/** On `public:live`: a mentor came online or went offline. */
export type PresenceEvent = S['PresenceEvent']
/** Pushed to a session's confirmed learners when the mentor enters the room. */
export type MentorInEvent = S['MentorInEvent']
/** GET /realtime/events: frames pushed after `since`. */
export type RealtimeEventPage = S['EventPage']
export type PresenceAnswer = S['PresenceOut']
