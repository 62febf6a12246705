import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Me } from '@/lib/api-types'
import { baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

describe('profile page', () => {
  it('edits the learner profile with autocomplete and saves through PATCH /me', async () => {
    signIn('learner')
    let me: Me = makeMe('learner')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => me,
      'PATCH /me': (call) => {
        const body = call.body as { name: string; profile: object }
        me = { ...me, name: body.name, profile: { ...me.profile, ...body.profile } } as Me
        return me
      },
    })
    const { user } = renderApp('/profile')
    const name = await screen.findByLabelText('Name')
    expect(name).toHaveValue('Asha')
    await user.clear(name)
    await user.type(name, 'Asha Rao')
    await user.type(screen.getByRole('combobox', { name: 'Interests' }), 'SQ')
    await user.click(await screen.findByRole('option', { name: 'SQL' }))
    await user.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText('Profile saved ✔')).toBeInTheDocument()
    expect(api.callsTo('PATCH /me')[0]!.body).toEqual({
      name: 'Asha Rao',
      profile: { interests: ['Python', 'SQL'], categories: ['Programming'], career_goal: 'Become an AI engineer' },
    })
  })

  it('Settings: timezone select and notification switches save immediately', async () => {
    signIn('mentor')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('mentor'),
      'PATCH /me': (call) => ({ ...makeMe('mentor'), ...(call.body as object) }),
    })
    const { user } = renderApp('/profile?tab=settings')
    expect(await screen.findByRole('tab', { name: 'Settings' })).toHaveAttribute('aria-selected', 'true')
    const tz = await screen.findByLabelText('Timezone')
    expect(tz).toHaveValue('Asia/Kolkata')
    await user.selectOptions(tz, 'Europe/London')
    await waitFor(() => expect(api.callsTo('PATCH /me')).toHaveLength(1))
    expect(api.callsTo('PATCH /me')[0]!.body).toEqual({ timezone: 'Europe/London' })

    const marketing = screen.getByRole('switch', { name: 'News and offers' })
    expect(marketing).toHaveAttribute('aria-checked', 'false')
    await user.click(marketing)
    expect(marketing).toHaveAttribute('aria-checked', 'true')
    await waitFor(() => expect(api.callsTo('PATCH /me')).toHaveLength(2))
    expect(api.callsTo('PATCH /me')[1]!.body).toEqual({
      notification_prefs: { email_bookings: true, email_reminders: true, email_marketing: true, push_toasts: true, sound: true },
    })

    // The sound switch (new requests, answers, reminders, messages) is stored the same way.
    const sounds = screen.getByRole('switch', { name: 'Sounds' })
    expect(sounds).toHaveAttribute('aria-checked', 'true')
    await user.click(sounds)
    await waitFor(() => expect(api.callsTo('PATCH /me')).toHaveLength(3))
    expect(api.callsTo('PATCH /me')[2]!.body).toEqual({
      notification_prefs: { email_bookings: true, email_reminders: true, email_marketing: true, push_toasts: true, sound: false },
    })
  })

  it('Settings: says security alerts and payment receipts are always emailed', async () => {
    signIn('learner')
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('learner') })
    renderApp('/profile?tab=settings')
    expect(await screen.findByRole('switch', { name: 'Booking emails' })).toBeInTheDocument()
    expect(
      screen.getByText(
        'Security alerts (a new sign-in, a changed password) and payment receipts (payments and refunds) are always emailed, whatever these switches say.',
      ),
    ).toBeInTheDocument()
    expect(screen.getByText('Requests, offers, confirmations and cancellations.')).toBeInTheDocument()
    expect(screen.getByText('30 and 10 minutes before a session starts.')).toBeInTheDocument()
  })

  it('rolls a switch back when saving fails', async () => {
    signIn('learner')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'PATCH /me': () => new Response(JSON.stringify({ error: 'validation_error', message: 'Nope' }), { status: 400 }),
    })
    const { user } = renderApp('/profile?tab=settings')
    const toasts = await screen.findByRole('switch', { name: 'Pop-up notifications' })
    await user.click(toasts)
    await waitFor(() => expect(toasts).toHaveAttribute('aria-checked', 'true'))
    expect(await screen.findByText('Could not save your settings')).toBeInTheDocument()
  })
})
