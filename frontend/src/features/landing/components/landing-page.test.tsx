import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { baseHandlers, mockApi } from '@/testing/mock-api'
import { renderApp } from '@/testing/render-app'

describe('landing page', () => {
  it('shows the hero with the lazily loaded animation, how it works and the mentor CTA', async () => {
    mockApi(baseHandlers())
    renderApp('/')
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(/learn or teach/i)
    expect(await screen.findByTestId('hero-animation')).toBeInTheDocument()
    const how = screen.getByRole('region', { name: 'How it works' })
    expect(within(how).getAllByRole('listitem')).toHaveLength(3)
    expect(screen.getByRole('link', { name: 'Become a Mentor ➤' })).toHaveAttribute('href', '/signup/mentor')
    const nav = screen.getByRole('navigation', { name: 'Main' })
    expect(within(nav).getAllByRole('link').map((l) => l.textContent?.trim())).toEqual([
      'Home',
      'Sessions',
      'Mentors',
      'About',
      'Login',
    ])
    expect(within(nav).getByRole('button', { name: 'Signup' })).toBeInTheDocument()
    expect(screen.getByRole('contentinfo')).toBeInTheDocument()
    // no invented figures anywhere on the page
    expect(document.body.textContent).not.toMatch(/\d+\s*(live|mentors|learners|sessions|reviews)/i)
  })

  it('"Get Started ➤" opens the Auth Selector; "I\'m a Learner" goes to the learner wizard', async () => {
    mockApi(baseHandlers())
    const { user, where } = renderApp('/')
    await user.click(await screen.findByRole('button', { name: 'Get Started ➤' }))
    const dialog = screen.getByRole('dialog', { name: 'How will you use PeerLearn?' })
    expect(within(dialog).getByRole('button', { name: "I'm a Mentor" })).toBeInTheDocument()
    await user.click(within(dialog).getByRole('button', { name: "I'm a Learner" }))
    await waitFor(() => expect(where()).toBe('/signup/learner'))
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    expect(await screen.findByRole('heading', { name: 'Create your learner account' })).toBeInTheDocument()
  })

  it('the selector closes with Escape and its mentor card opens the mentor wizard', async () => {
    mockApi(baseHandlers())
    const { user, where } = renderApp('/')
    await user.click(await screen.findByRole('button', { name: 'Get Started ➤' }))
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Signup' }))
    await user.click(screen.getByRole('button', { name: "I'm a Mentor" }))
    await waitFor(() => expect(where()).toBe('/signup/mentor'))
  })
})
