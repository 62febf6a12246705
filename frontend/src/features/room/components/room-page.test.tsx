import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { iso, makeRoom, makeSession } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

describe('room page', () => {
  it('403 → toast "Access denied" and back to the caller\'s dashboard', async () => {
    signIn('learner')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'GET /dashboard/learner': () => ({ me: makeMe('learner') }),
      'GET /rooms/room-abc': () => apiError(403, 'access_denied', { message: 'Access denied', redirect: '/dashboard/learner' }),
    })
    const { where } = renderApp('/session/room-abc')
    await waitFor(() => expect(where()).toBe('/dashboard/learner'))
    expect(screen.getByTestId('toast')).toHaveTextContent('Access denied')
  })

  it('signed out → sign in first', async () => {
    mockApi(baseHandlers())
    const { where } = renderApp('/session/room-abc')
    await waitFor(() => expect(where()).toBe('/login'))
  })

  it('shows the title, participants and a countdown, and says the video room comes later', async () => {
    signIn('learner')
    const session = makeSession({ title: 'Master Algebra', starts_at: iso(Date.now() + 10 * 60_000 + 30_000) })
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('learner'), 'GET /rooms/room-abc': () => makeRoom({}, session) })
    renderApp('/session/room-abc')
    expect(await screen.findByRole('heading', { level: 1, name: 'Master Algebra' })).toBeInTheDocument()
    const timer = screen.getByRole('timer', { name: 'Starts in' })
    expect(timer).toHaveTextContent(/10:[23]\d/)
    const people = screen.getByRole('region', { name: 'Participants' })
    expect(within(people).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['RKRavi KumarMentor', 'AAshaLearner'])
    expect(screen.getByRole('heading', { name: 'Video room coming soon' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'End session' })).not.toBeInTheDocument()
  })

  it('counts elapsed time once started; the mentor can end a live session', async () => {
    signIn('mentor')
    const session = makeSession({ status: 'live', room_code: 'room-abc', starts_at: iso(Date.now() - 125_000) })
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('mentor'),
      'GET /rooms/room-abc': () => makeRoom({ role: 'mentor' }, session),
      'POST /sessions/s1/end': () => ({ ...session, status: 'completed' }),
    })
    const { user, where } = renderApp('/session/room-abc')
    expect(await screen.findByRole('timer', { name: 'Elapsed' })).toHaveTextContent(/02:0\d/)
    expect(screen.getByText('You are the mentor')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'End session' }))
    await waitFor(() => expect(where()).toBe('/dashboard/mentor/sessions'))
    expect(api.callsTo('POST /sessions/s1/end')).toHaveLength(1)
  })
})
