import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { REFUND_POLICY, makeBooking, makeMentorProfile, makeSession } from '@/testing/marketplace-fixtures'
import { baseHandlers, json, makeMe, makeTokens, mockApi } from '@/testing/mock-api'
import { renderApp } from '@/testing/render-app'

const session = makeSession({ title: 'Master Algebra in 1 Hour' })

describe('signed-out "Book ➤" → learner signup → back to the same session', () => {
  it('remembers the session across the wizard and the emailed code, then reopens its sheet', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'GET /sessions/s1': () => ({ ...session, refund_policy: REFUND_POLICY }),
      'POST /auth/signup': () => json({ user_id: 'learner-1', email: 'asha@example.com', verification: 'sent' }, 201),
      'POST /auth/verify-email': () => makeTokens('learner'),
      'GET /me': () => makeMe('learner'),
      'POST /sessions/s1/book': () => json(makeBooking({}, session), 201),
    })
    const first = renderApp('/sessions/s1')
    await first.user.click(await screen.findByRole('button', { name: 'Book ➤' }))
    await waitFor(() => expect(first.where()).toBe('/signup/learner'))
    expect(await screen.findByText(/bring you straight back to book “Master Algebra in 1 Hour”/)).toBeInTheDocument()

    // Step 1, then a reload mid-wizard (the intent lives in localStorage).
    await first.user.type(screen.getByLabelText('Name'), 'Asha')
    await first.user.type(screen.getByLabelText('Email'), 'asha@example.com')
    await first.user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
    await first.user.click(screen.getByRole('button', { name: 'Next' }))
    first.unmount()

    const { user, where } = renderApp('/signup/learner')
    await screen.findByRole('heading', { level: 2, name: 'Interests & categories' })
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'SQL{Enter}')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.type(screen.getByLabelText('Career goal'), 'Engineer')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
    for (let i = 0; i < 3; i++) await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    await user.type(await screen.findByLabelText('Verification code'), '123456')
    await user.click(screen.getByRole('button', { name: 'Verify' }))

    // Back on the session, its sheet open, one click from booked.
    await waitFor(() => expect(where()).toBe('/sessions/s1?book=1'))
    const sheet = await screen.findByRole('dialog', { name: 'Book this session' })
    expect(within(sheet).getByText('Master Algebra in 1 Hour')).toBeInTheDocument()
    await waitFor(() => expect(within(sheet).getByRole('button', { name: 'Confirm ➤' })).toBeEnabled())
    await user.click(within(sheet).getByRole('button', { name: 'Confirm ➤' }))
    expect(await within(sheet).findByText('Booked ✔')).toBeInTheDocument()
    expect(api.callsTo('POST /sessions/s1/book')).toHaveLength(1)
    expect(localStorage.getItem('peerlearn.intent')).toBeNull()
    // Closing the sheet drops ?book=1, so a reload does not reopen it.
    await user.click(within(sheet).getByRole('button', { name: 'Done' }))
    await waitFor(() => expect(where()).toBe('/sessions/s1'))
  })

  it('a mentor signing in ignores a learner intent and goes to their dashboard', async () => {
    localStorage.setItem('peerlearn.intent', JSON.stringify({ path: '/sessions/s1?book=1', label: 'x', at: Date.now() }))
    mockApi({
      ...baseHandlers(),
      'POST /auth/login': () => makeTokens('mentor'),
      'GET /me': () => makeMe('mentor'),
      'GET /dashboard/mentor': () => ({ me: makeMe('mentor') }),
    })
    const { user, where } = renderApp('/login')
    await user.type(await screen.findByLabelText('Email'), 'ravi@example.com')
    await user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(where()).toBe('/dashboard/mentor'))
    expect(localStorage.getItem('peerlearn.intent')).toBeNull()
  })

  it('a signed-out "Request Live ➤" returns to the mentor with the form open', async () => {
    mockApi({
      ...baseHandlers(),
      'GET /mentors/mentor-1': () => makeMentorProfile(),
      'GET /mentors/mentor-1/sessions': () => ({ items: [], next_cursor: null }),
      'POST /auth/login': () => makeTokens('learner'),
      'GET /me': () => makeMe('learner'),
    })
    const first = renderApp('/mentors/mentor-1')
    await first.user.click(await screen.findByRole('button', { name: 'Request Live ➤' }))
    await waitFor(() => expect(first.where()).toBe('/signup/learner'))
    await first.user.click(screen.getByRole('link', { name: 'Sign in' }))
    await first.user.type(await screen.findByLabelText('Email'), 'asha@example.com')
    await first.user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
    await first.user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(first.where()).toBe('/mentors/mentor-1'))
    expect(await screen.findByRole('form', { name: 'Request a live session with Ravi Kumar' })).toBeInTheDocument()
  })
})
