import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { restoreSession } from '@/lib/api-client'
import { authStore } from '@/lib/auth-store'
import { baseHandlers, makeMe, makeTokens, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

describe('route guards (spec 000 §8)', () => {
  it.each([
    ['/dashboard/learner', '/signup/learner'],
    ['/dashboard/mentor', '/signup/mentor'],
    ['/dashboard/admin', '/login?admin=1'],
    ['/profile', '/login'],
    ['/notifications', '/login'],
  ])('a signed-out visitor opening %s lands on %s', async (from, to) => {
    mockApi(baseHandlers())
    const { where } = renderApp(from)
    await waitFor(() => expect(where()).toBe(to))
  })

  it.each([
    ['learner', '/dashboard/mentor', '/dashboard/learner', 'Asha'],
    ['learner', '/dashboard/admin', '/dashboard/learner', 'Asha'],
    ['mentor', '/dashboard/learner', '/dashboard/mentor', 'Ravi'],
    ['admin', '/dashboard/mentor', '/dashboard/admin', 'Meera'],
  ] as const)(
    'a signed-in %s opening %s sees "Access denied" and is sent to %s',
    async (role, from, to, name) => {
      signIn(role)
      mockApi({ ...baseHandlers(), 'GET /me': () => makeMe(role) })
      const { where } = renderApp(from)
      await waitFor(() => expect(where()).toBe(to))
      const toast = await screen.findByText('Access denied')
      expect(toast.closest('[role="alert"]')).not.toBeNull()
      expect(await screen.findByRole('heading', { level: 1, name: `Welcome, ${name}` })).toBeInTheDocument()
    },
  )

  it('lets the right role in and shows their own data from GET /me', async () => {
    signIn('mentor')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('mentor', { name: 'Ravi Kumar', profile: { domains: ['Data Science'], skills: ['PyTorch'], certifications: [], bio: 'Ten years of ML.', qualifications: 'PhD' } } as never),
    })
    const { where } = renderApp('/dashboard/mentor')
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Ravi Kumar' })).toBeInTheDocument()
    expect(where()).toBe('/dashboard/mentor')
    expect(await screen.findByText('Ten years of ML.')).toBeInTheDocument()
    expect(screen.getByText('PyTorch')).toBeInTheDocument()
    const nav = screen.getByRole('navigation', { name: 'Mentor dashboard' })
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Home',
      'Requests',
      'My Sessions',
      'Earnings',
      'Messages',
      'Settings',
    ])
    expect(screen.getByText('No requests yet')).toBeInTheDocument()
  })

  it('sends a signed-in user away from /login to their dashboard', async () => {
    signIn('learner')
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('learner') })
    const { where } = renderApp('/login')
    await waitFor(() => expect(where()).toBe('/dashboard/learner'))
  })

  it('a stale session whose refresh fails is cleared and sent to the auth flow', async () => {
    signIn('learner')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => new Response(JSON.stringify({ error: 'auth_required', auth_flow: 'learner_signup' }), { status: 401 }),
      'POST /auth/refresh': () => new Response(JSON.stringify({ error: 'invalid_token' }), { status: 401 }),
    })
    const { where } = renderApp('/dashboard/learner')
    await waitFor(() => expect(where()).toBe('/signup/learner'))
    expect(authStore.get()).toBeNull()
  })

  it('after a reload the guard waits for the silent refresh, then lets the user in', async () => {
    mockApi({
      ...baseHandlers(),
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 20))
        return makeTokens('mentor', 2)
      },
      'GET /me': () => makeMe('mentor'),
    })
    const restored = restoreSession()
    const { where } = renderApp('/dashboard/mentor')
    // The session is unknown for a moment: no redirect to the signup flow meanwhile.
    expect(authStore.isRestoring()).toBe(true)
    expect(screen.getByText('Loading page…')).toBeInTheDocument()
    await new Promise((r) => setTimeout(r, 5))
    expect(where()).toBe('/dashboard/mentor')
    await restored
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Ravi' })).toBeInTheDocument()
    expect(where()).toBe('/dashboard/mentor')
  })

  it('after a reload without a valid cookie the guard sends the visitor to the auth flow', async () => {
    mockApi({ ...baseHandlers(), 'POST /auth/refresh': () => new Response(JSON.stringify({ error: 'invalid_token' }), { status: 401 }) })
    void restoreSession()
    const { where } = renderApp('/dashboard/learner')
    await waitFor(() => expect(where()).toBe('/signup/learner'))
  })

  it('/login after a reload with a valid cookie goes to the dashboard', async () => {
    mockApi({ ...baseHandlers(), 'POST /auth/refresh': () => makeTokens('learner', 2), 'GET /me': () => makeMe('learner') })
    void restoreSession()
    const { where } = renderApp('/login')
    await waitFor(() => expect(where()).toBe('/dashboard/learner'))
  })
  it.each(['/dashboard/mentor', '/profile'])('"Log out" on %s ends the session and lands on the home page', async (from) => {
    signIn('mentor')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('mentor'),
      'POST /auth/logout': () => new Response(null, { status: 204 }),
    })
    const { user, where } = renderApp(from)
    await user.click(await screen.findByRole('button', { name: 'Account menu' }))
    await user.click(screen.getByRole('button', { name: 'Log out' }))
    await waitFor(() => expect(where()).toBe('/'))
    expect(authStore.get()).toBeNull()
    await waitFor(() => expect(api.callsTo('POST /auth/logout')).toHaveLength(1))
    // The API revokes the login and deletes the HttpOnly cookie; the SPA only proves it is itself.
    expect(api.callsTo('POST /auth/logout')[0]!.body).toBeUndefined()
    expect(api.callsTo('POST /auth/logout')[0]!.headers['x-peerlearn-csrf']).toBe('1')
    expect(await screen.findByRole('button', { name: 'Get Started ➤' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Notifications' })).not.toBeInTheDocument()
  })
})
