// Marketplace objects shaped like docs/api-marketplace.md, for tests.
import type { Booking, LiveRequest, MentorCard, MentorProfileData, RoomInfo, Session } from '@/lib/marketplace-types'

export const REFUND_POLICY =
  'Cancel at least 2 hours before the start for a full refund; later cancellations are not refunded. If the mentor cancels, you are refunded in full.'

const HOUR = 3600_000

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export function makeSession(overrides: Partial<Session> = {}, n = 1): Session {
  const starts = overrides.starts_at ? Date.parse(overrides.starts_at) : Date.now() + (24 + n) * HOUR
  const duration = overrides.duration_min ?? 60
  return {
    session_id: `s${n}`,
    room_code: null,
    mentor: { user_id: 'mentor-1', name: 'Ravi Kumar', avatar_url: null, is_demo: false },
    title: `Master Algebra in 1 Hour ${n}`,
    description: 'Linear equations and polynomials, step by step.',
    topics: ['Algebra', 'Polynomials'],
    category: 'Mathematics',
    starts_at: iso(starts),
    ends_at: iso(starts + duration * 60_000),
    duration_min: duration,
    price_paise: 0,
    seats: 1,
    seats_left: 1,
    requires_approval: false,
    visibility: 'public',
    status: 'scheduled',
    thumbnail_url: null,
    created_at: '2026-11-01T10:00:00Z',
    refund_policy: REFUND_POLICY,
    full_refund_until: iso(starts - 2 * HOUR),
    approval_policy: overrides.requires_approval ? ((overrides.price_paise ?? 0) > 0 ? APPROVAL_POLICY : FREE_APPROVAL_POLICY) : null,
    ended_at: null,
    ended_early: false,
    ...overrides,
  }
}

export const FREE_APPROVAL_POLICY =
  "The mentor approves each booking within 12 hours (and at least 2 hours before the start); you'll be notified when they answer."
export const APPROVAL_POLICY =
  'You pay now; the mentor approves within 12 hours (and at least 2 hours before the start), or you are refunded in full automatically.'

export function makeMentorCard(overrides: Partial<MentorCard> = {}, n = 1): MentorCard {
  return {
    user_id: `mentor-${n}`,
    name: n === 1 ? 'Ravi Kumar' : `Mentor ${n}`,
    avatar_url: null,
    domains: ['Mathematics', 'Data Science'],
    skills: ['Algebra', 'Python'],
    bio: 'Ten years of teaching maths.',
    rating: null,
    is_demo: false,
    ...overrides,
  }
}

export function makeMentorProfile(overrides: Partial<MentorProfileData> = {}): MentorProfileData {
  return {
    ...makeMentorCard(),
    qualifications: 'MSc Mathematics',
    certifications: ['Cambridge CELTA'],
    intro_video_url: null,
    timezone: 'Asia/Kolkata',
    ...overrides,
  }
}

export function makeBooking(overrides: Partial<Booking> = {}, session: Session = makeSession()): Booking {
  return {
    booking_id: 'b1',
    session,
    learner: { user_id: 'learner-1', name: 'Asha' },
    status: 'confirmed',
    amount_paise: session.price_paise,
    hold_expires_at: null,
    refund_policy: REFUND_POLICY,
    refund_due_paise: 0,
    refund_status: null,
    refunded_paise: 0,
    refund_if_cancelled_paise: 0,
    needs_approval: session.requires_approval,
    approval_due_at: null,
    ended_early: session.ended_early,
    problem_status: null,
    can_report_problem: false,
    created_at: '2026-11-20T10:00:00Z',
    request_id: null,
    ...overrides,
  }
}

export function makeRequest(overrides: Partial<LiveRequest> = {}): LiveRequest {
  return {
    request_id: 'r1',
    learner: { user_id: 'learner-1', name: 'Asha' },
    mentor: { user_id: 'mentor-1', name: 'Ravi Kumar' },
    title: 'Quadratic equations before my exam',
    domain: 'Mathematics',
    proposed_at: iso(Math.ceil((Date.now() + 48 * HOUR) / (15 * 60_000)) * 15 * 60_000),
    duration_min: 60,
    budget_paise: 50000,
    message: 'I struggle with factorising.',
    status: 'pending',
    status_label: '⏳ Pending',
    offer: null,
    decline_reason: null,
    session_id: null,
    booking_id: null,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    ...overrides,
  }
}

export function makeRoom(overrides: Partial<RoomInfo> = {}, session: Session = makeSession({ status: 'live', room_code: 'room-abc' })): RoomInfo {
  return {
    room_code: 'room-abc',
    session,
    role: 'learner',
    participants: [
      { user_id: 'mentor-1', name: 'Ravi Kumar', role: 'mentor' },
      { user_id: 'learner-1', name: 'Asha', role: 'learner' },
    ],
    opens_at: iso(Date.parse(session.starts_at) - 15 * 60_000),
    ends_at: session.ends_at,
    state: {
      topics: [],
      recording: { status: 'off', asked_by: null, accepted_by: [] },
      call_started_at: null,
      elapsed_seconds: 0,
      both_present: false,
    },
    booking_id: null,
    ...overrides,
  }
}

export function page<T>(items: T[], next_cursor: string | null = null) {
  return { items, next_cursor }
}

/** A controllable IntersectionObserver for infinite-scroll tests. */
export class FakeIntersectionObserver {
  static instances: FakeIntersectionObserver[] = []
  callback: IntersectionObserverCallback
  targets: Element[] = []
  constructor(callback: IntersectionObserverCallback) {
    this.callback = callback
    FakeIntersectionObserver.instances.push(this)
  }
  observe(el: Element) {
    this.targets.push(el)
  }
  unobserve() {}
  disconnect() {
    this.targets = []
    FakeIntersectionObserver.instances = FakeIntersectionObserver.instances.filter((o) => o !== this)
  }
  takeRecords() {
    return []
  }
  /** Scrolls every observed element into view. */
  static enterAll() {
    for (const o of FakeIntersectionObserver.instances) {
      o.callback(
        o.targets.map((target) => ({ isIntersecting: true, target }) as IntersectionObserverEntry),
        o as unknown as IntersectionObserver,
      )
    }
  }
}
