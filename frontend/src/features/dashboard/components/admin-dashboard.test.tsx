import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { apiError, baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

describe('dashboards read GET /dashboard/<role>', () => {
  it('the admin overview shows the stored account counters', async () => {
    signIn('admin')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('admin'),
      'GET /dashboard/admin': () => ({ me: makeMe('admin'), users: { learners: 12, mentors: 3, admins: 1 } }),
    })
    renderApp('/dashboard/admin')
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Meera' })).toBeInTheDocument()
    expect(await screen.findByTestId('count-learners')).toHaveTextContent('12')
    expect(screen.getByTestId('count-mentors')).toHaveTextContent('3')
    expect(screen.getByTestId('count-admins')).toHaveTextContent('1')
  })

  it('the server gate wins: a 403 from the API shows "Access denied" and follows its redirect', async () => {
    signIn('learner')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'GET /dashboard/learner': () => apiError(403, 'access_denied', { message: 'Access denied', redirect: '/' }),
    })
    const { where } = renderApp('/dashboard/learner')
    expect(await screen.findByText('Access denied')).toBeInTheDocument()
    await waitFor(() => expect(where()).toBe('/'))
  })
})
