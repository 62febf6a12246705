// The one API client. Typed JSON calls against `/api` on the page's origin.
//
// - attaches `Authorization: Bearer <access token>` when signed in (the token
//   lives in memory only, see auth-store);
// - the refresh token is an HttpOnly cookie this code never sees: on page load
//   (`restoreSession`) and on 401 `auth_required` it calls POST /auth/refresh
//   with the `X-PeerLearn-CSRF` header and the browser attaches the cookie; the
//   cookie rotates, so one refresh runs at a time (single flight in the tab, a
//   Web Lock across tabs) and the call is replayed; when that is impossible the
//   session is cleared and the visitor is sent to the flow the API names in
//   `auth_flow`;
// - on 403 `access_denied` shows the toast "Access denied" and navigates to the
//   caller's own dashboard given in `redirect`;
// - idempotent GETs retry network failures, 5xx, 408 and 429 with exponential
//   backoff (3 retries), after which the caller shows "Retry?";
// - identical mutations already in flight are not sent twice (a double click
//   on "Create account" produces one request).
import type { ApiErrorBody, AuthFlow, Tokens } from './api-types'
import { authStore } from './auth-store'
import { navigateTo } from './navigation'
import { showToast } from './toast'

export const API_BASE = '/api'
/** Required by /auth/refresh and /auth/logout (with the cookie); a cross-site page cannot send it. */
export const CSRF_HEADER = 'X-PeerLearn-CSRF'

export const apiClientConfig = {
  /** Retries after the first attempt of an idempotent GET. */
  getRetries: 3,
  /** First backoff delay; doubles each retry (500 ms, 1 s, 2 s), ±20 % jitter. */
  retryBaseDelayMs: 500,
  retryMaxDelayMs: 8000,
  /** Per-attempt timeout. */
  timeoutMs: 20000,
}

export const AUTH_FLOW_PATHS: Record<AuthFlow, string> = {
  learner_signup: '/signup/learner',
  mentor_signup: '/signup/mentor',
  admin_login: '/login?admin=1',
  login: '/login',
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Record<string, string>
  readonly authFlow?: AuthFlow
  readonly redirect?: string
  readonly retryAfter?: number
  readonly body: ApiErrorBody

  constructor(status: number, body: ApiErrorBody) {
    super(body.message || body.error || `Request failed (${status})`)
    this.name = 'ApiError'
    this.status = status
    this.code = body.error
    this.fields = body.fields ?? {}
    this.authFlow = body.auth_flow
    this.redirect = body.redirect
    this.retryAfter = body.retry_after
    this.body = body
  }

  get isNetworkError(): boolean {
    return this.status === 0
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code)
}

type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  body?: unknown
  query?: Query
  signal?: AbortSignal
  /** Override the retry count (defaults: GET 3, others 0). */
  retries?: number
  /**
   * Do not run the 401/403 handling (refresh, redirect, toast). For the auth
   * endpoints themselves, whose 401s mean "wrong password", not "signed out".
   */
  skipAuthHandling?: boolean
  /** The Accept header (default application/json); a non-JSON type answers the body as text. */
  accept?: string
}

function buildUrl(path: string, query?: Query): string {
  const url = `${API_BASE}${path.startsWith('/') ? path : `/${path}`}`
  if (!query) return url
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${url}?${qs}` : url
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const base = Math.min(
    apiClientConfig.retryMaxDelayMs,
    apiClientConfig.retryBaseDelayMs * 2 ** retry,
  )
  return Math.round(base * (0.8 + random() * 0.4))
}

async function parseBody(res: Response, asText = false): Promise<unknown> {
  if (res.status === 204) return undefined
  const text = await res.text()
  if (asText && res.ok) return text
  if (!text) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function toErrorBody(status: number, parsed: unknown): ApiErrorBody {
  if (parsed && typeof parsed === 'object' && 'error' in parsed) return parsed as ApiErrorBody
  return {
    error: status >= 500 ? 'server_error' : 'http_error',
    message:
      status >= 500
        ? 'The server had a problem. Please try again.'
        : `Request failed (${status}).`,
  }
}

function combineSignals(signal?: AbortSignal): AbortSignal | undefined {
  const timeout =
    typeof AbortSignal.timeout === 'function'
      ? AbortSignal.timeout(apiClientConfig.timeoutMs)
      : undefined
  if (!signal) return timeout
  if (!timeout) return signal
  return typeof AbortSignal.any === 'function' ? AbortSignal.any([signal, timeout]) : signal
}

async function send(
  method: string,
  url: string,
  body: unknown,
  signal: AbortSignal | undefined,
  accessToken: string | null,
  accept = 'application/json',
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, ...extraHeaders }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`
  return globalThis.fetch(url, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: combineSignals(signal),
    credentials: 'same-origin',
  })
}

// ---- refresh (single flight, and coordinated across tabs) -------------------
//
// Every refresh spends the cookie and sets the next one. Two refreshes sent at
// once with the same cookie look like a stolen token to the API and revoke the
// whole login, so: one promise per tab, and a Web Lock so tabs take turns (each
// then sends whatever cookie the previous one left).

type RefreshOutcome = 'ok' | 'rejected' | 'network'
let refreshing: Promise<RefreshOutcome> | null = null
let restoring: Promise<void> | null = null

const CSRF = { [CSRF_HEADER]: '1' }

function withAuthLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks
  return locks?.request ? (locks.request('peerlearn-refresh', run) as Promise<T>) : run()
}

async function doRefresh(staleAccessToken: string | null): Promise<RefreshOutcome> {
  // A call that failed with an older access token than the one now held just replays.
  const now = authStore.getAccessToken()
  if (now && now !== staleAccessToken) return 'ok'
  let res: Response
  try {
    res = await send('POST', buildUrl('/auth/refresh'), undefined, undefined, null, 'application/json', CSRF)
  } catch {
    return 'network'
  }
  if (!res.ok) {
    // Release the unread answer: a browser keeps an unconsumed response open (one connection, and
    // "network busy" to anything watching) until the request's 20 s timeout aborts it.
    await res.body?.cancel().catch(() => undefined)
    return res.status >= 500 ? 'network' : 'rejected'
  }
  const tokens = (await parseBody(res)) as Tokens
  authStore.setTokens(tokens)
  return 'ok'
}

export function refreshSession(staleAccessToken: string | null): Promise<RefreshOutcome> {
  if (!refreshing) {
    refreshing = withAuthLock(() => doRefresh(staleAccessToken)).finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

/**
 * Page load: the access token is gone with the old page, the cookie may not
 * be. Until this settles `authStore.isRestoring()` is true, guards wait, and
 * API calls wait too (so they carry the token).
 */
export function restoreSession(): Promise<void> {
  if (!restoring) {
    authStore.setRestoring(true)
    restoring = refreshSession(null)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        restoring = null
        authStore.setRestoring(false)
      })
  }
  return restoring
}

/** Revoke this login server-side; the API deletes the cookie. Never throws. */
export async function logoutSession(): Promise<void> {
  broadcastAuth('signed-out')
  await refreshing?.catch(() => undefined)
  try {
    await withAuthLock(() =>
      send('POST', buildUrl('/auth/logout'), undefined, undefined, null, 'application/json', CSRF),
    )
  } catch {
    // Offline: the access token is gone from memory; the cookie ends with its family's expiry.
  }
}

// Other tabs hold their own access token in memory: tell them about a logout
// (they drop theirs) or a sign-in (they restore from the shared cookie).
type AuthEvent = 'signed-in' | 'signed-out'
let channel: BroadcastChannel | null | undefined

function authChannel(): BroadcastChannel | null {
  if (channel !== undefined) return channel
  channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('peerlearn-auth') : null
  ;(channel as unknown as { unref?: () => void } | null)?.unref?.() // Node (tests): do not hold the process open
  channel?.addEventListener('message', (event: MessageEvent<AuthEvent>) => {
    if (event.data === 'signed-out' && authStore.get()) authStore.clear('logout')
    if (event.data === 'signed-in' && !authStore.get()) void restoreSession()
  })
  return channel
}

export function broadcastAuth(event: AuthEvent) {
  authChannel()?.postMessage(event)
}

/** Start listening to the other tabs (the app calls this once at start). */
export function listenToOtherTabs() {
  authChannel()
}

function handleSignedOut(flow: AuthFlow | undefined) {
  const hadSession = authStore.get() !== null
  authStore.clear()
  const target = AUTH_FLOW_PATHS[flow ?? 'login'] ?? AUTH_FLOW_PATHS.login
  if (hadSession) showToast('Please sign in again.', { tone: 'info' })
  void navigateTo(target, { replace: true })
}

function handleAccessDenied(redirect: string | undefined) {
  showToast('Access denied', { tone: 'error' })
  void navigateTo(redirect || '/', { replace: true })
}

// ---- the request ------------------------------------------------------------

const inFlightMutations = new Map<string, Promise<unknown>>()

async function execute<T>(path: string, options: RequestOptions): Promise<T> {
  const method = options.method ?? 'GET'
  const url = buildUrl(path, options.query)
  const maxRetries = options.retries ?? (method === 'GET' ? apiClientConfig.getRetries : 0)
  let retry = 0
  let refreshed = false
  if (restoring) await restoring

  for (;;) {
    const token = authStore.getAccessToken()
    let res: Response
    try {
      res = await send(method, url, options.body, options.signal, token, options.accept)
    } catch (err) {
      if (options.signal?.aborted) throw err
      if (retry < maxRetries) {
        await sleep(backoffDelay(retry), options.signal)
        retry++
        continue
      }
      throw new ApiError(0, {
        error: 'network_error',
        message: navigator.onLine === false ? 'You are offline.' : 'Could not reach PeerLearn.',
      })
    }

    const parsed = await parseBody(res, Boolean(options.accept && !options.accept.includes('json')))
    if (res.ok) return parsed as T

    const body = toErrorBody(res.status, parsed)
    const error = new ApiError(res.status, body)

    if (!options.skipAuthHandling && res.status === 401 && body.error === 'auth_required') {
      if (!refreshed && token !== null) {
        const outcome = await refreshSession(token)
        if (outcome === 'ok') {
          refreshed = true
          continue
        }
        if (outcome === 'network') {
          throw new ApiError(0, { error: 'network_error', message: 'Could not reach PeerLearn.' })
        }
      }
      handleSignedOut(body.auth_flow)
      throw error
    }

    if (!options.skipAuthHandling && res.status === 403 && body.error === 'access_denied') {
      handleAccessDenied(body.redirect)
      throw error
    }

    const retryable = res.status >= 500 || res.status === 408 || res.status === 429
    if (retryable && retry < maxRetries) {
      const wait = Math.max(backoffDelay(retry), (body.retry_after ?? 0) * 1000)
      if (wait <= apiClientConfig.retryMaxDelayMs) {
        await sleep(wait, options.signal)
        retry++
        continue
      }
    }
    throw error
  }
}

export function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET'
  if (method === 'GET') return execute<T>(path, options)
  const key = `${method} ${path} ${JSON.stringify(options.body ?? null)}`
  const pending = inFlightMutations.get(key)
  if (pending) return pending as Promise<T>
  const p = execute<T>(path, options).finally(() => inFlightMutations.delete(key))
  inFlightMutations.set(key, p)
  return p
}

export const api = {
  get<T>(path: string, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return apiRequest<T>(path, { ...options, method: 'GET' })
  },
  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return apiRequest<T>(path, { ...options, method: 'POST', body: body ?? {} })
  },
  put<T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return apiRequest<T>(path, { ...options, method: 'PUT', body })
  },
  /** A non-JSON download (CSV…) as text, with the same auth, refresh and retries as any GET. */
  text(path: string, accept: string, options: Omit<RequestOptions, 'method' | 'body' | 'accept'> = {}) {
    return apiRequest<string>(path, { ...options, method: 'GET', accept })
  },
  patch<T>(path: string, body: unknown, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
    return apiRequest<T>(path, { ...options, method: 'PATCH', body })
  },
  delete<T>(path: string, options: Omit<RequestOptions, 'method'> = {}) {
    return apiRequest<T>(path, { ...options, method: 'DELETE' })
  },
}

/** A readable message for any error thrown by the client. */
export function errorMessage(error: unknown, fallback = 'Something went wrong.'): string {
  if (error instanceof ApiError) return error.message || fallback
  if (error instanceof Error && error.message) return error.message
  return fallback
}
