import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { apiError, baseHandlers, json, makeMe, makeTokens, mockApi } from '@/testing/mock-api'
import { renderApp } from '@/testing/render-app'

describe('login', () => {
  it('signs a learner in and lands on their dashboard', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'POST /auth/login': () => makeTokens('learner'),
      'GET /me': () => makeMe('learner'),
    })
    const { user, where } = renderApp('/login')
    await user.type(await screen.findByLabelText('Email'), 'learner@example.com')
    await user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(where()).toBe('/dashboard/learner'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Asha' })).toBeInTheDocument()
    expect(api.callsTo('POST /auth/login')[0]!.body).toEqual({ email: 'learner@example.com', password: 'a-long-passphrase' })
  })

  it('asks admins for the authenticator code after the password', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'POST /auth/login': () => ({ totp_required: true, challenge: 'chal-1' }),
      'POST /auth/login/totp': [() => apiError(401, 'invalid_code'), () => makeTokens('admin')],
      'GET /me': () => makeMe('admin'),
    })
    const { user, where } = renderApp('/login?admin=1')
    expect(await screen.findByRole('heading', { level: 1, name: 'Admin sign in' })).toBeInTheDocument()
    await user.type(screen.getByLabelText('Email'), 'admin@example.com')
    await user.type(screen.getByLabelText('Password'), 'admin-passphrase')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    expect(await screen.findByText('Enter the 6-digit code from your authenticator.')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Authenticator code'), '111111')
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    expect(await screen.findByText(/That code did not work/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Authenticator code'), '222222')
    await user.click(screen.getByRole('button', { name: 'Verify' }))

    await waitFor(() => expect(where()).toBe('/dashboard/admin'))
    expect(api.callsTo('POST /auth/login/totp').map((c) => c.body)).toEqual([
      { challenge: 'chal-1', code: '111111' },
      { challenge: 'chal-1', code: '222222' },
    ])
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Meera' })).toBeInTheDocument()
  })

  it('explains wrong credentials and a locked account', async () => {
    mockApi({
      ...baseHandlers(),
      'POST /auth/login': [
        () => apiError(401, 'invalid_credentials'),
        () => apiError(423, 'account_locked', { retry_after: 840 }),
      ],
    })
    const { user } = renderApp('/login')
    await user.type(await screen.findByLabelText('Email'), 'asha@example.com')
    await user.type(screen.getByLabelText('Password'), 'wrong-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Email or password is incorrect.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText(/locked — try again in 14 minutes/)).toBeInTheDocument()
  })

  it('sends an unverified account to the email-code screen', async () => {
    mockApi({
      ...baseHandlers(),
      'POST /auth/login': () => apiError(403, 'email_not_verified'),
      'POST /auth/verify-email': () => makeTokens('mentor'),
      'GET /me': () => makeMe('mentor'),
    })
    const { user, where } = renderApp('/login')
    await user.type(await screen.findByLabelText('Email'), 'mentor@example.com')
    await user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await user.type(await screen.findByLabelText('Verification code'), '654321')
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    await waitFor(() => expect(where()).toBe('/dashboard/mentor'))
  })

  it('resets a forgotten password with an emailed code', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'POST /auth/password/forgot': () => json({ sent: true }, 202),
      'POST /auth/password/reset': () => ({ reset: true }),
    })
    const { user } = renderApp('/login')
    await user.type(await screen.findByLabelText('Email'), 'asha@example.com')
    await user.click(screen.getByRole('button', { name: 'Forgot password?' }))
    expect(screen.getByLabelText('Email')).toHaveValue('asha@example.com')
    await user.click(screen.getByRole('button', { name: 'Send code' }))

    await user.type(await screen.findByLabelText('Verification code'), '424242')
    await user.type(screen.getByLabelText('New password'), 'short')
    expect(screen.getByText(/Use at least 10 characters/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('New password'), '-but-long-now')
    await user.click(screen.getByRole('button', { name: 'Reset password' }))

    expect(await screen.findByText('Your password was changed. Sign in with the new one.')).toBeInTheDocument()
    expect(api.callsTo('POST /auth/password/forgot')[0]!.body).toEqual({ email: 'asha@example.com' })
    expect(api.callsTo('POST /auth/password/reset')[0]!.body).toEqual({
      email: 'asha@example.com',
      code: '424242',
      new_password: 'short-but-long-now',
    })
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })
})
