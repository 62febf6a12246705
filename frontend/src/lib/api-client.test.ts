import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { apiError, json, makeTokens, mockApi } from '@/testing/mock-api'
import { api, apiClientConfig, ApiError, backoffDelay } from './api-client'
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

  it('on 401 auth_required refreshes once, stores the rotated tokens and replays the call', async () => {
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
    expect(m.callsTo('POST /auth/refresh')).toHaveLength(1)
    expect(m.callsTo('POST /auth/refresh')[0]!.body).toEqual({ refresh_token: 'refresh-learner-1' })
    expect(authStore.getRefreshToken()).toBe('refresh-learner-2')
    expect(JSON.parse(localStorage.getItem('peerlearn.session')!).refreshToken).toBe('refresh-learner-2')
    expect(navigate).not.toHaveBeenCalled()
  })

  it('shares one refresh between parallel 401s (a spent refresh token would revoke the family)', async () => {
    signedIn()
    const m = mockApi({
      'GET /a': [() => apiError(401, 'auth_required'), () => ({ a: 1 })],
      'GET /b': [() => apiError(401, 'auth_required'), () => ({ b: 1 })],
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 5))
        return makeTokens('learner', 2)
      },
    })
    await Promise.all([api.get('/a'), api.get('/b')])
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
