// A tiny fake of the PeerLearn API for tests: register handlers by
// "METHOD /path" (path without /api and without the query string).
import { vi } from 'vitest'
import type { Me, Role, Tokens } from '@/lib/api-types'

export interface RecordedCall {
  method: string
  path: string
  url: string
  query: URLSearchParams
  body: unknown
  headers: Record<string, string>
}

export type Handler = (call: RecordedCall) => Response | Promise<Response> | unknown

export function json(body: unknown, status = 200): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

export function apiError(status: number, error: string, extra: Record<string, unknown> = {}): Response {
  return json({ error, message: extra.message ?? error, ...extra }, status)
}

export function mockApi(handlers: Record<string, Handler | Handler[]>) {
  const calls: RecordedCall[] = []
  const queues = new Map<string, Handler[]>()
  for (const [k, v] of Object.entries(handlers)) queues.set(k, Array.isArray(v) ? [...v] : [v])
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url
    const parsed = new URL(url, 'http://localhost')
    const method = (init.method ?? 'GET').toUpperCase()
    const path = parsed.pathname.replace(/^\/api/, '')
    let body: unknown = init.body
    if (typeof init.body === 'string') {
      try {
        body = JSON.parse(init.body)
      } catch {
        body = init.body
      }
    }
    const headers: Record<string, string> = {}
    new Headers(init.headers).forEach((v, k) => (headers[k] = v))
    const call: RecordedCall = { method, path, url, query: parsed.searchParams, body, headers }
    calls.push(call)
    const key = parsed.origin === 'http://localhost' ? `${method} ${path}` : `${method} ${parsed.origin}${parsed.pathname}`
    const queue = queues.get(key)
    if (!queue || queue.length === 0) return apiError(404, 'not_found', { message: `unmocked ${key}` })
    const handler = queue.length > 1 ? queue.shift()! : queue[0]!
    const result = await handler(call)
    return result instanceof Response ? result : json(result)
  })
  vi.stubGlobal('fetch', fetchMock)
  return {
    calls,
    fetchMock,
    callsTo: (key: string) => calls.filter((c) => `${c.method} ${c.path}` === key),
    on(key: string, handler: Handler | Handler[]) {
      queues.set(key, Array.isArray(handler) ? [...handler] : [handler])
    },
  }
}

export function makeMe(role: Role, overrides: Partial<Me> = {}): Me {
  const base = {
    user_id: `${role}-1`,
    name: role === 'learner' ? 'Asha' : role === 'mentor' ? 'Ravi' : 'Meera',
    email: `${role}@example.com`,
    email_verified: true,
    timezone: 'Asia/Kolkata',
    avatar_url: null,
    created_at: '2026-01-05T10:00:00Z',
    unread_notifications: 0,
    notification_prefs: { email_bookings: true, email_reminders: true, email_marketing: false, push_toasts: true, sound: true },
  }
  const profile =
    role === 'learner'
      ? { interests: ['Python'], categories: ['Programming'], career_goal: 'Become an AI engineer' }
      : role === 'mentor'
        ? { domains: ['Data Science'], skills: ['Python'], certifications: [], bio: 'I teach.', qualifications: '' }
        : {}
  return { ...base, role, profile, ...overrides } as Me
}

export function makeTokens(role: Role, n = 1, overrides: Partial<Me> = {}): Tokens {
  return {
    access_token: `access-${role}-${n}`,
    token_type: 'Bearer',
    expires_in: 900,
    user: makeMe(role, overrides),
  }
}

export const TAXONOMY = {
  categories: ['Programming', 'Data Science', 'Design', 'Mathematics'],
  skills: ['Python', 'PyTorch', 'JavaScript', 'React', 'SQL', 'Machine Learning'],
  email_domains: ['gmail.com', 'outlook.com'],
}

const EMPTY_PAGE = { items: [], next_cursor: null }

/** Handlers most screens need: taxonomy, config, an empty bell, empty marketplace lists. */
export function baseHandlers(): Record<string, Handler> {
  return {
    'GET /landing': () => ({ live_upcoming: [], categories: [], top_mentors: [] }),
    'GET /sessions': () => EMPTY_PAGE,
    'GET /mentors': () => EMPTY_PAGE,
    'GET /mentor/sessions': () => EMPTY_PAGE,
    'GET /mentor/requests': () => EMPTY_PAGE,
    'GET /mentor/approvals': () => EMPTY_PAGE,
    'GET /learner/activity': () => EMPTY_PAGE,
    'GET /learner/seats': () => ({ items: [] }),
    'GET /meta/taxonomy': () => TAXONOMY,
    'GET /meta/config': () => ({ ws_url: 'ws://localhost/ws', stage: 'test', local: true, mailbox_url: 'http://localhost:9999/mailbox', razorpay_key_id: null }),
    'GET /notifications': () => ({ items: [], next_cursor: null, unread_count: 0 }),
    'GET /conversations': () => ({ items: [], next_cursor: null, unread_total: 0 }),
    'GET /live': () => ({ live_count: 0, live_mentor_ids: [], sessions: [] }),
    'GET /presence': () => ({ online: [] }),
  }
}
