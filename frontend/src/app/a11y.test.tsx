// Automated accessibility audit (axe-core) of the main screens. Colour
// contrast cannot be computed in jsdom; it is covered by the token choices
// documented in src/styles/tokens.css.
import { screen } from '@testing-library/react'
import axe from 'axe-core'
import { describe, expect, it } from 'vitest'
import { baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

async function audit() {
  const result = await axe.run(document.body, {
    rules: { 'color-contrast': { enabled: false }, region: { enabled: false } },
  })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('accessibility (axe)', () => {
  it.each([
    ['/', 'Get Started ➤'],
    ['/login', 'Sign in'],
    ['/signup/learner', 'Next'],
    ['/signup/mentor', 'Next'],
  ])('%s has no violations', async (path, button) => {
    mockApi(baseHandlers())
    renderApp(path)
    await screen.findByRole('button', { name: button })
    expect(await audit()).toEqual([])
  })

  it.each(['/dashboard/learner', '/profile', '/profile?tab=settings'])('%s (signed in) has no violations', async (path) => {
    signIn('learner')
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('learner'), 'GET /dashboard/learner': () => ({ me: makeMe('learner') }) })
    renderApp(path)
    await screen.findByRole('button', { name: 'Notifications' })
    await screen.findAllByRole('heading', { level: 1 })
    await new Promise((r) => setTimeout(r, 50))
    expect(await audit()).toEqual([])
  }, 30_000) // the timezone select holds ~400 options; axe is slow on jsdom
})
