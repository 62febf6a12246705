// Types of the PeerLearn REST API (docs/api.md is the authority).
import type { PaymentsConfig } from './payment-types'

export type Role = 'learner' | 'mentor' | 'admin'

export type AuthFlow = 'learner_signup' | 'mentor_signup' | 'admin_login' | 'login'

export interface NotificationPrefs {
  email_bookings: boolean
  email_reminders: boolean
  email_marketing: boolean
  push_toasts: boolean
}

export interface LearnerProfile {
  interests: string[]
  categories: string[]
  career_goal: string
}

export interface MentorProfile {
  domains: string[]
  skills: string[]
  certifications: string[]
  bio: string
  qualifications: string
  intro_video_url?: string | null
}

export type AdminProfile = Record<string, never>

interface MeBase {
  user_id: string
  name: string
  email: string
  email_verified: boolean
  timezone: string
  avatar_url: string | null
  created_at: string
  unread_notifications: number
  notification_prefs: NotificationPrefs
}

export type Me =
  | (MeBase & { role: 'learner'; profile: Partial<LearnerProfile> })
  | (MeBase & { role: 'mentor'; profile: Partial<MentorProfile> })
  | (MeBase & { role: 'admin'; profile: AdminProfile })

/** The refresh token is never in the body: it is an HttpOnly cookie (docs/api.md). */
export interface Tokens {
  access_token: string
  token_type: 'Bearer'
  expires_in: number
  user: Me
}

export interface TotpChallenge {
  totp_required: true
  challenge: string
}

export interface ApiErrorBody {
  error: string
  message?: string
  fields?: Record<string, string>
  auth_flow?: AuthFlow
  redirect?: string
  retry_after?: number
}

export interface AppNotification {
  id: string
  kind: string
  title: string
  body: string
  link: string | null
  read: boolean
  created_at: string
}

export interface NotificationsPage {
  items: AppNotification[]
  next_cursor: string | null
  unread_count: number
}

export interface MetaConfig {
  ws_url: string
  stage: string
  local: boolean
  mailbox_url: string | null
  razorpay_key_id: string | null
  /** docs/api-payments.md — absent on an older backend. */
  payments?: PaymentsConfig
}

export interface Taxonomy {
  categories: string[]
  skills: string[]
  email_domains: string[]
}

export type UploadKind = 'avatar' | 'intro_video'

export interface PresignedUpload {
  url: string
  fields: Record<string, string>
  key: string
  max_bytes: number
  expires_in: number
}

export interface RealtimeTicket {
  ticket: string
  url: string
  expires_in: number
}

export type RealtimeEvent =
  | { type: 'notification'; notification: AppNotification; unread_count: number }
  | { type: 'unread_count'; unread_count: number }
  | { type: 'pong' }
  | { type: 'subscribed'; channel: string }
  | { type: 'error'; error: string; message?: string }
