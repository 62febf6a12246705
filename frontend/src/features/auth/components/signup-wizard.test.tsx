import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { apiError, baseHandlers, json, makeMe, makeTokens, mockApi } from '@/testing/mock-api'
import { authStore } from '@/lib/auth-store'
import { renderApp } from '@/testing/render-app'

const DRAFT_KEY = 'peerlearn.signup-draft.learner'

async function fillBasics(user: ReturnType<typeof renderApp>['user'], email = 'asha@example.com') {
  await user.type(await screen.findByLabelText('Name'), 'Asha')
  await user.type(screen.getByLabelText('Email'), email)
  await user.type(screen.getByLabelText('Password'), 'a-long-passphrase')
}

function progress() {
  return screen.getByRole('progressbar', { name: 'Signup progress' })
}

describe('learner signup wizard', () => {
  it('validates in real time and will not leave step 1 with mistakes', async () => {
    mockApi(baseHandlers())
    const { user } = renderApp('/signup/learner')
    await screen.findByRole('heading', { name: 'Create your learner account' })
    expect(progress()).toHaveAttribute('aria-valuenow', '1')
    expect(progress()).toHaveAttribute('aria-valuemax', '4')

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(screen.getByText('Enter your name.')).toBeInTheDocument()
    expect(screen.getByText('Enter your email address.')).toBeInTheDocument()
    expect(screen.getByText('Choose a password.')).toBeInTheDocument()
    expect(progress()).toHaveAttribute('aria-valuenow', '1')
    await waitFor(() => expect(screen.getByLabelText('Name')).toHaveFocus())

    await user.type(screen.getByLabelText('Email'), 'asha@example')
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByText(/Enter a valid email address/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Email'), '.com')
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid')

    await user.type(screen.getByLabelText('Password'), 'short')
    expect(screen.getByText('Use at least 10 characters (5 so far).')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Password'), '-but-now-long')
    await user.type(screen.getByLabelText('Name'), 'Asha')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(progress()).toHaveAttribute('aria-valuenow', '2')
    expect(screen.getByRole('heading', { level: 2, name: 'Interests & categories' })).toBeInTheDocument()
  })

  it('offers the email-domain fix and autocompletes interests from the taxonomy', async () => {
    mockApi(baseHandlers())
    const { user } = renderApp('/signup/learner')
    await fillBasics(user, 'asha@gmial.com')
    await user.click(await screen.findByRole('button', { name: 'Did you mean gmail.com?' }))
    expect(screen.getByLabelText('Email')).toHaveValue('asha@gmail.com')
    await user.click(screen.getByRole('button', { name: 'Next' }))

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(screen.getByText('Add at least one interest.')).toBeInTheDocument()
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'Pyth')
    await user.click(await screen.findByRole('option', { name: 'Python' }))
    expect(screen.getByRole('button', { name: 'Remove Python' })).toBeInTheDocument()
    expect(screen.queryByText('Add at least one interest.')).not.toBeInTheDocument()
  })

  it('keeps the draft (but never the password) across a remount', async () => {
    mockApi(baseHandlers())
    const first = renderApp('/signup/learner')
    await fillBasics(first.user)
    await first.user.click(screen.getByRole('button', { name: 'Next' }))
    await first.user.type(screen.getByRole('combobox', { name: 'Interests' }), 'SQL{Enter}')
    await first.user.click(screen.getByText('Design'))

    const stored = localStorage.getItem(DRAFT_KEY)!
    expect(stored).toContain('Asha')
    expect(stored).toContain('SQL')
    expect(stored).not.toContain('a-long-passphrase')
    first.unmount()

    const second = renderApp('/signup/learner')
    await screen.findByRole('heading', { level: 2, name: 'Interests & categories' })
    expect(progress()).toHaveAttribute('aria-valuenow', '2')
    expect(screen.getByRole('button', { name: 'Remove SQL' })).toBeInTheDocument()
    expect(await screen.findByRole('checkbox', { name: 'Design' })).toBeChecked()
    expect(screen.getByText(/Passwords are never saved/)).toBeInTheDocument()

    await second.user.click(screen.getByRole('button', { name: 'Back' }))
    expect(screen.getByLabelText('Name')).toHaveValue('Asha')
    expect(screen.getByLabelText('Email')).toHaveValue('asha@example.com')
    expect(screen.getByLabelText('Password')).toHaveValue('')
  })

  it('creates the account, verifies the email, uploads the picture and lands on the dashboard', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'POST /auth/signup': () => json({ user_id: 'learner-1', email: 'asha@example.com', verification: 'sent' }, 201),
      'POST /auth/verify-email': (call) =>
        (call.body as { code: string }).code === '123456'
          ? makeTokens('learner')
          : apiError(401, 'invalid_code', { message: 'Invalid code' }),
      'POST /me/uploads': () =>
        json({ url: 'https://uploads.example/bucket', fields: { key: 'avatars/learner-1.png', policy: 'p', 'x-amz-signature': 's' }, key: 'avatars/learner-1.png', max_bytes: 5242880, expires_in: 600 }, 201),
      'POST https://uploads.example/bucket': () => new Response(null, { status: 204 }),
      'POST /me/uploads/complete': () => makeMe('learner', { avatar_url: 'https://cdn.example/a.png' }),
      'GET /me': () => makeMe('learner', { avatar_url: 'https://cdn.example/a.png' }),
    })
    const { user, where } = renderApp('/signup/learner')
    await fillBasics(user)
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'Pyth')
    await user.click(await screen.findByRole('option', { name: 'Python' }))
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.type(screen.getByLabelText('Career goal'), 'Become an AI engineer')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(progress()).toHaveAttribute('aria-valuenow', '4')
    const picture = new File(['png-bytes'], 'me.png', { type: 'image/png' })
    await user.upload(screen.getByLabelText('Profile picture'), picture)
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeInTheDocument()
    const signup = api.callsTo('POST /auth/signup')
    expect(signup).toHaveLength(1)
    expect(signup[0]!.body).toMatchObject({
      role: 'learner',
      name: 'Asha',
      email: 'asha@example.com',
      password: 'a-long-passphrase',
      profile: { interests: ['Python'], categories: [], career_goal: 'Become an AI engineer' },
    })
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull()
    expect(screen.getByRole('link', { name: 'Open the dev mailbox' })).toHaveAttribute('href', 'http://localhost:9999/mailbox')
    expect(screen.getByRole('button', { name: 'Resend code' })).toBeDisabled()

    await user.type(screen.getByLabelText('Verification code'), '000000')
    await user.click(screen.getByRole('button', { name: 'Verify' }))
    expect(await screen.findByText(/That code is not right/)).toBeInTheDocument()

    await user.clear(screen.getByLabelText('Verification code'))
    await user.type(screen.getByLabelText('Verification code'), '123 456')
    expect(screen.getByLabelText('Verification code')).toHaveValue('123456')
    await user.click(screen.getByRole('button', { name: 'Verify' }))

    await waitFor(() => expect(where()).toBe('/dashboard/learner'))
    expect(await screen.findByRole('heading', { level: 1, name: 'Welcome, Asha' })).toBeInTheDocument()
    // The access token is held in memory only; nothing about the session is written to storage.
    expect(authStore.getAccessToken()).toBe('access-learner-1')
    for (const storage of [localStorage, sessionStorage]) {
      const values = Array.from({ length: storage.length }, (_, i) => storage.getItem(storage.key(i)!))
      expect(values.join('\n')).not.toContain('access-learner-1')
    }

    // presigned POST: the policy fields first, the file last, no bearer token to S3
    const s3 = api.calls.find((c) => c.url === 'https://uploads.example/bucket')!
    const form = s3.body as FormData
    expect([...form.keys()]).toEqual(['key', 'policy', 'x-amz-signature', 'file'])
    expect((form.get('file') as File).name).toBe('me.png')
    expect(s3.headers.authorization).toBeUndefined()
    expect(api.callsTo('POST /me/uploads')[0]!.body).toEqual({ kind: 'avatar', content_type: 'image/png', size: 9 })
    expect(api.callsTo('POST /me/uploads/complete')[0]!.body).toEqual({ kind: 'avatar', key: 'avatars/learner-1.png' })
  })

  it('sends a taken email back to step 1 with a clear message', async () => {
    mockApi({
      ...baseHandlers(),
      'POST /auth/signup': () => apiError(409, 'email_taken', { message: 'Email already registered' }),
    })
    const { user } = renderApp('/signup/learner')
    await fillBasics(user)
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'SQL{Enter}')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.type(screen.getByLabelText('Career goal'), 'Data analyst')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(await screen.findByText('An account with this email already exists.')).toBeInTheDocument()
    expect(progress()).toHaveAttribute('aria-valuenow', '1')
    const alert = screen.getByText(/That email already has an account/).closest('[role="alert"]') as HTMLElement
    expect(within(alert).getByRole('link', { name: 'Sign in instead' })).toHaveAttribute('href', '/login')
  })
})

describe('mentor signup wizard', () => {
  it('walks five steps with skill autocomplete and submits the mentor profile', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'POST /auth/signup': () => json({ user_id: 'mentor-1', email: 'ravi@example.com', verification: 'sent' }, 201),
    })
    const { user } = renderApp('/signup/mentor')
    await screen.findByRole('heading', { name: 'Create your mentor account' })
    expect(progress()).toHaveAttribute('aria-valuemax', '5')
    await user.type(await screen.findByLabelText('Name'), 'Ravi')
    await user.type(screen.getByLabelText('Email'), 'ravi@example.com')
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery')
    await user.click(screen.getByRole('button', { name: 'Next' }))

    await user.type(screen.getByRole('combobox', { name: 'Domains' }), 'data{ArrowDown}{Enter}')
    expect(screen.getByRole('button', { name: 'Remove Data Science' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Next' }))

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(screen.getByText('Add at least one skill.')).toBeInTheDocument()
    await user.type(screen.getByRole('combobox', { name: 'Skills' }), 'Pyth')
    await user.click(await screen.findByRole('option', { name: 'Python' }))
    await user.type(screen.getByRole('combobox', { name: 'Certifications' }), 'AWS Developer{Enter}')
    await user.click(screen.getByRole('button', { name: 'Next' }))

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(screen.getByText('Add your bio.')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Bio'), 'I teach ML.')
    await user.type(screen.getByLabelText('Qualifications'), 'MSc')
    await user.click(screen.getByRole('button', { name: 'Next' }))

    expect(screen.getByLabelText('Intro video')).toBeInTheDocument()
    // a file the picker's `accept` would hide, e.g. dropped onto the zone
    fireEvent.change(screen.getByLabelText('Intro video'), {
      target: { files: [new File(['x'], 'intro.mov', { type: 'video/quicktime' })] },
    })
    await user.click(screen.getByRole('button', { name: 'Create account' }))
    expect(screen.getByText(/Choose a MP4 or WebM file/)).toBeInTheDocument()
    expect(api.callsTo('POST /auth/signup')).toHaveLength(0)
    await user.click(screen.getByRole('button', { name: 'Clear intro video' }))
    await user.click(screen.getByRole('button', { name: 'Create account' }))

    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeInTheDocument()
    expect(api.callsTo('POST /auth/signup')[0]!.body).toMatchObject({
      role: 'mentor',
      profile: {
        domains: ['Data Science'],
        skills: ['Python'],
        certifications: ['AWS Developer'],
        bio: 'I teach ML.',
        qualifications: 'MSc',
      },
    })
  })
})
