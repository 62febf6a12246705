import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { apiError, json, makeTokens, mockApi } from '@/testing/mock-api'
import {
  api,
  apiClientConfig,
  ApiError,
  backoffDelay,
  broadcastAuth,
  logoutSession,
  restoreSession,
} from './api-client'
import { authStore } from './auth-store'
import { registerNavigate } from './navigation'
import { toastStore } from './toast'

const navigate = vi.fn()
let unregister: () => void

beforeEach(() => {
  navigate.mockReset()
  unregister = registerNavigate(navigate)
})
afterEach(() => unregister())

function signedIn() {
  authStore.setTokens(makeTokens('learner', 1))
}

describe('api client: auth', () => {
  it('attaches the bearer token and the /api prefix', async () => {
    signedIn()
    const m = mockApi({ 'GET /me': () => ({ ok: 1 }) })
    await api.get('/me')
    expect(m.calls[0]!.url).toBe('/api/me')
    expect(m.calls[0]!.headers.authorization).toBe('Bearer access-learner-1')
  })

  it('on 401 auth_required refreshes once through the cookie, keeps the new access token in memory and replays', async () => {
    signedIn()
    const m = mockApi({
      'GET /me': [
        () => apiError(401, 'auth_required', { auth_flow: 'login' }),
        (call) => ({ seenToken: call.headers.authorization }),
      ],
      'POST /auth/refresh': () => makeTokens('learner', 2),
    })
    const res = await api.get<{ seenToken: string }>('/me')
    expect(res.seenToken).toBe('Bearer access-learner-2')
    const [refresh, ...more] = m.callsTo('POST /auth/refresh')
    expect(more).toHaveLength(0)
    // No token in the body (the browser attaches the HttpOnly cookie), the CSRF header, no bearer.
    expect(refresh!.body).toBeUndefined()
    expect(refresh!.headers['x-peerlearn-csrf']).toBe('1')
    expect(refresh!.headers.authorization).toBeUndefined()
    expect(m.fetchMock.mock.calls.at(-2)![1]).toMatchObject({ credentials: 'same-origin' })
    expect(authStore.getAccessToken()).toBe('access-learner-2')
    expect(localStorage.length + sessionStorage.length).toBe(0)
    expect(navigate).not.toHaveBeenCalled()
  })

  it('shares one refresh between parallel 401s (a spent refresh cookie would revoke the family)', async () => {
    signedIn()
    const m = mockApi({
      'GET /a': [() => apiError(401, 'auth_required'), (c) => ({ a: c.headers.authorization })],
      'GET /b': [() => apiError(401, 'auth_required'), (c) => ({ b: c.headers.authorization })],
      'GET /c': [() => apiError(401, 'auth_required'), (c) => ({ c: c.headers.authorization })],
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 5))
        return makeTokens('learner', 2)
      },
    })
    const results = await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')])
    expect(m.callsTo('POST /auth/refresh')).toHaveLength(1)
    expect(results).toEqual([
      { a: 'Bearer access-learner-2' },
      { b: 'Bearer access-learner-2' },
      { c: 'Bearer access-learner-2' },
    ])
  })

  it('a 401 for a token older than the one now held replays without another refresh', async () => {
    signedIn()
    let release: () => void = () => {}
    const m = mockApi({
      'GET /slow': [
        () => new Promise<Response>((r) => (release = () => r(apiError(401, 'auth_required')))),
        (c) => ({ seen: c.headers.authorization }),
      ],
      'GET /fast': [() => apiError(401, 'auth_required'), () => ({ ok: 1 })],
      'POST /auth/refresh': () => makeTokens('learner', 2),
    })
    const slow = api.get('/slow')
    await api.get('/fast')
    release()
    await expect(slow).resolves.toEqual({ seen: 'Bearer access-learner-2' })
    expect(m.callsTo('POST /auth/refresh')).toHaveLength(1)
  })

  it('when the refresh is refused: clears the session and goes to the auth_flow page', async () => {
    signedIn()
    mockApi({
      'GET /me': () => apiError(401, 'auth_required', { auth_flow: 'mentor_signup' }),
      'POST /auth/refresh': () => apiError(401, 'invalid_token'),
    })
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401, code: 'auth_required' })
    expect(authStore.get()).toBeNull()
    expect(navigate).toHaveBeenCalledWith('/signup/mentor', { replace: true })
  })

  it.each([
    ['learner_signup', '/signup/learner'],
    ['admin_login', '/login?admin=1'],
    ['login', '/login'],
  ])('maps auth_flow %s to %s when signed out', async (flow, path) => {
    mockApi({ 'GET /x': () => apiError(401, 'auth_required', { auth_flow: flow }) })
    await expect(api.get('/x')).rejects.toBeInstanceOf(ApiError)
    expect(navigate).toHaveBeenCalledWith(path, { replace: true })
  })

  it('403 access_denied shows "Access denied" and navigates to the given redirect', async () => {
    signedIn()
    mockApi({ 'GET /admin/users': () => apiError(403, 'access_denied', { message: 'Access denied', redirect: '/dashboard/learner' }) })
    await expect(api.get('/admin/users')).rejects.toMatchObject({ code: 'access_denied' })
    expect(toastStore.getSnapshot().map((t) => t.message)).toContain('Access denied')
    expect(navigate).toHaveBeenCalledWith('/dashboard/learner', { replace: true })
  })

  it('does not treat a wrong password (401 invalid_credentials) as a lost session', async () => {
    signedIn()
    mockApi({ 'POST /auth/login': () => apiError(401, 'invalid_credentials') })
    await expect(api.post('/auth/login', { email: 'a@b.co', password: 'x' }, { skipAuthHandling: true })).rejects.toMatchObject({
      code: 'invalid_credentials',
    })
    expect(authStore.get()).not.toBeNull()
    expect(navigate).not.toHaveBeenCalled()
  })
})

describe('api client: silent refresh on page load', () => {
  it('restores the session from the cookie; calls made meanwhile wait and carry the new token', async () => {
    const m = mockApi({
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 5))
        return makeTokens('mentor', 7)
      },
      'GET /me': (c) => ({ seen: c.headers.authorization }),
    })
    expect(authStore.get()).toBeNull()
    const restoring = restoreSession()
    expect(authStore.isRestoring()).toBe(true)
    const again = restoreSession() // React strict mode, a second caller: still one refresh
    const me = api.get('/me')
    await Promise.all([restoring, again])
    expect(authStore.isRestoring()).toBe(false)
    expect(authStore.get()).toMatchObject({ accessToken: 'access-mentor-7', user: { role: 'mentor' } })
    await expect(me).resolves.toEqual({ seen: 'Bearer access-mentor-7' })
    expect(m.callsTo('POST /auth/refresh')).toHaveLength(1)
    expect(m.callsTo('POST /auth/refresh')[0]!.headers['x-peerlearn-csrf']).toBe('1')
  })

  it('without a valid cookie the visitor is simply signed out (no redirect, no toast)', async () => {
    mockApi({ 'POST /auth/refresh': () => apiError(401, 'invalid_token') })
    await restoreSession()
    expect(authStore.get()).toBeNull()
    expect(authStore.isRestoring()).toBe(false)
    expect(navigate).not.toHaveBeenCalled()
    expect(toastStore.getSnapshot()).toHaveLength(0)
  })

  it('a refused restore releases the answer at once (no request left open until its timeout)', async () => {
    const answer = new Response(JSON.stringify({ error: 'invalid_token', message: 'Please sign in.' }), {
      status: 401,
      headers: { 'Content-Type': 'application/json' },
    })
    vi.stubGlobal('fetch', vi.fn(async () => answer))
    await restoreSession()
    expect(authStore.get()).toBeNull()
    expect(answer.bodyUsed).toBe(true)
  })

  it('a 401 during the restore and the restore itself share one refresh', async () => {
    const m = mockApi({
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 5))
        return makeTokens('learner', 3)
      },
      'GET /a': (c) => ({ a: c.headers.authorization }),
    })
    const [, a] = await Promise.all([restoreSession(), api.get('/a')])
    expect(a).toEqual({ a: 'Bearer access-learner-3' })
    expect(m.callsTo('POST /auth/refresh')).toHaveLength(1)
  })
})

describe('api client: logout and other tabs', () => {
  it('logout posts the CSRF header and no token, after any refresh in flight', async () => {
    signedIn()
    const order: string[] = []
    const m = mockApi({
      'GET /me': [() => apiError(401, 'auth_required'), () => ({ ok: 1 })],
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 5))
        order.push('refresh')
        return makeTokens('learner', 2)
      },
      'POST /auth/logout': () => {
        order.push('logout')
        return new Response(null, { status: 204 })
      },
    })
    const me = api.get('/me')
    await new Promise((r) => setTimeout(r, 1))
    await logoutSession()
    await me
    expect(order).toEqual(['refresh', 'logout'])
    const [logout] = m.callsTo('POST /auth/logout')
    expect(logout!.body).toBeUndefined()
    expect(logout!.headers['x-peerlearn-csrf']).toBe('1')
  })

  it('a logout in another tab signs this one out; a sign-in there restores here', async () => {
    signedIn()
    mockApi({ 'POST /auth/refresh': () => makeTokens('learner', 5) })
    broadcastAuth('signed-in') // opens this tab's channel
    const otherTab = new BroadcastChannel('peerlearn-auth')
    try {
      otherTab.postMessage('signed-out')
      await vi.waitFor(() => expect(authStore.get()).toBeNull())
      expect(authStore.signedOutBy()).toBe('logout')
      otherTab.postMessage('signed-in')
      await vi.waitFor(() => expect(authStore.getAccessToken()).toBe('access-learner-5'))
    } finally {
      otherTab.close()
    }
  })
})

describe('api client: retries', () => {
  it('retries an idempotent GET 3 times with backoff, then gives up', async () => {
    const m = mockApi({ 'GET /sessions': () => apiError(503, 'unavailable') })
    await expect(api.get('/sessions')).rejects.toMatchObject({ status: 503 })
    expect(m.callsTo('GET /sessions')).toHaveLength(1 + apiClientConfig.getRetries)
    expect(apiClientConfig.getRetries).toBe(3)
  })

  it('recovers when a retry succeeds, and retries network failures too', async () => {
    let n = 0
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        n++
        if (n === 1) throw new TypeError('Failed to fetch')
        if (n === 2) return apiError(502, 'bad_gateway')
        return json({ items: [] })
      }),
    )
    await expect(api.get('/sessions')).resolves.toEqual({ items: [] })
    expect(n).toBe(3)
  })

  it('reports a network error after the retries run out', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))))
    const err = await api.get('/sessions').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).isNetworkError).toBe(true)
  })

  it('never retries a 4xx or a mutation', async () => {
    const m = mockApi({
      'GET /missing': () => apiError(404, 'not_found'),
      'POST /notifications/read': () => apiError(503, 'unavailable'),
    })
    await expect(api.get('/missing')).rejects.toMatchObject({ status: 404 })
    await expect(api.post('/notifications/read', { all: true })).rejects.toMatchObject({ status: 503 })
    expect(m.callsTo('GET /missing')).toHaveLength(1)
    expect(m.callsTo('POST /notifications/read')).toHaveLength(1)
  })

  it('sends one request for identical mutations fired twice (double click)', async () => {
    const m = mockApi({
      'POST /auth/signup': async () => {
        await new Promise((r) => setTimeout(r, 5))
        return json({ user_id: 'u1', email: 'a@b.co', verification: 'sent' }, 201)
      },
    })
    const body = { role: 'learner', email: 'a@b.co' }
    const [a, b] = await Promise.all([api.post('/auth/signup', body), api.post('/auth/signup', body)])
    expect(a).toEqual(b)
    expect(m.callsTo('POST /auth/signup')).toHaveLength(1)
  })

  it('backs off exponentially with bounded jitter', () => {
    Object.assign(apiClientConfig, { retryBaseDelayMs: 500, retryMaxDelayMs: 8000 })
    expect(backoffDelay(0, () => 0.5)).toBe(500)
    expect(backoffDelay(1, () => 0.5)).toBe(1000)
    expect(backoffDelay(2, () => 0.5)).toBe(2000)
    expect(backoffDelay(2, () => 0)).toBe(1600)
    expect(backoffDelay(2, () => 1)).toBe(2400)
    expect(backoffDelay(10, () => 0.5)).toBe(8000)
  })
})
