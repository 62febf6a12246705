import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

function swipeRight(el: Element, dx: number) {
  let now = 5_000
  const clock = vi.spyOn(Date, 'now').mockImplementation(() => now)
  fireEvent.pointerDown(el, { clientX: 100, clientY: 300, pointerId: 7, pointerType: 'touch' })
  now += 400
  fireEvent.pointerMove(el, { clientX: 100 + dx, clientY: 305, pointerId: 7, pointerType: 'touch' })
  fireEvent.pointerUp(el, { clientX: 100 + dx, clientY: 305, pointerId: 7, pointerType: 'touch' })
  clock.mockRestore()
}

describe('mobile menu', () => {
  it('opens from the hamburger, closes on a swipe right, and on a link tap', async () => {
    mockApi(baseHandlers())
    const { user, where } = renderApp('/')
    const burger = await screen.findByRole('button', { name: 'Open menu' })
    await user.click(burger)
    const menu = screen.getByRole('dialog', { name: 'Menu' })
    expect(burger).toHaveAttribute('aria-expanded', 'true')
    expect(within(menu).getAllByRole('link').map((a) => a.textContent?.trim())).toEqual([
      'Home',
      'Sessions',
      'Mentors',
      'About',
      'Login',
    ])
    swipeRight(menu, 30)
    expect(screen.getByRole('dialog', { name: 'Menu' })).toBeInTheDocument()
    swipeRight(menu, 150)
    expect(screen.queryByRole('dialog', { name: 'Menu' })).not.toBeInTheDocument()

    await user.click(burger)
    await user.click(within(screen.getByRole('dialog', { name: 'Menu' })).getByRole('link', { name: 'About' }))
    await waitFor(() => expect(where()).toBe('/about'))
    expect(screen.queryByRole('dialog', { name: 'Menu' })).not.toBeInTheDocument()
  })

  it('signed in: bottom nav with Home · Sessions · Notifications · Profile, and Log out in the menu', async () => {
    signIn('mentor')
    mockApi({ ...baseHandlers(), 'GET /me': () => makeMe('mentor'), 'GET /dashboard/mentor': () => ({ me: makeMe('mentor') }) })
    const { user } = renderApp('/dashboard/mentor')
    const bottom = await screen.findByRole('navigation', { name: 'Primary' })
    expect(within(bottom).getAllByRole('link').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['Home', '/dashboard/mentor'],
      ['Sessions', '/sessions'],
      ['Notifications', '/notifications'],
      ['Profile', '/profile'],
    ])
    await user.click(screen.getByRole('button', { name: 'Open menu' }))
    expect(within(screen.getByRole('dialog', { name: 'Menu' })).getByRole('button', { name: 'Log out' })).toBeInTheDocument()
  })
})
