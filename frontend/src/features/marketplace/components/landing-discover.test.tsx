import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeMentorCard, makeSession } from '@/testing/marketplace-fixtures'
import { baseHandlers, mockApi } from '@/testing/mock-api'
import { renderApp } from '@/testing/render-app'

const live = makeSession({ status: 'live', starts_at: new Date(Date.now() - 10 * 60_000).toISOString(), title: 'Live Python Q&A', price_paise: 50000, seats: 3, seats_left: 2 }, 1)
const soon = makeSession({ title: 'Master Algebra in 1 Hour', starts_at: new Date(Date.now() + 2 * 3600_000 + 5 * 60_000).toISOString() }, 2)

describe('landing carousels', () => {
  it('shows live & upcoming sessions and top mentors from GET /landing, honestly', async () => {
    mockApi({
      ...baseHandlers(),
      'GET /landing': () => ({
        live_upcoming: [live, soon],
        categories: ['Mathematics', 'Programming'],
        top_mentors: [makeMentorCard({ rating: { average: 4.75, count: 12 } }, 1), makeMentorCard({ name: 'Meera Iyer' }, 2)],
      }),
    })
    renderApp('/')
    const sessions = await screen.findByRole('region', { name: 'Live & Upcoming sessions' })
    const slides = within(sessions).getAllByRole('group')
    expect(slides).toHaveLength(2)
    expect(within(slides[0]!).getByText('Live')).toBeInTheDocument()
    expect(within(slides[0]!).getByText('₹500')).toBeInTheDocument()
    expect(within(slides[0]!).getByText('2 seats left')).toBeInTheDocument()
    expect(within(slides[1]!).getByText('Starts in 2 h 5 min')).toBeInTheDocument()
    expect(within(slides[1]!).getByText('Free')).toBeInTheDocument()
    expect(within(slides[1]!).getByRole('button', { name: 'Book ➤' })).toHaveAccessibleDescription('Master Algebra in 1 Hour')
    // date/time in the viewer's timezone (signed out: the browser's)
    expect(within(slides[1]!).getByRole('link', { name: 'Master Algebra in 1 Hour' })).toHaveAttribute('href', '/sessions/s2')

    const mentors = screen.getByRole('region', { name: 'Top mentor profiles' })
    const [ravi, meera] = within(mentors).getAllByRole('group')
    expect(within(ravi!).getByText('4.8')).toBeInTheDocument()
    expect(within(ravi!).getByText('(12 reviews)')).toBeInTheDocument()
    expect(within(meera!).getByText('No reviews yet')).toBeInTheDocument()
    expect(within(meera!).getByRole('link', { name: 'View Profile ➤' })).toHaveAttribute('href', '/mentors/mentor-2')
  })

  it('category tabs filter the carousel through ?category=', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'GET /landing': (call) =>
        call.query.get('category') === 'Programming'
          ? { live_upcoming: [], categories: ['Mathematics', 'Programming'], top_mentors: [] }
          : { live_upcoming: [soon], categories: ['Mathematics', 'Programming'], top_mentors: [] },
    })
    const { user } = renderApp('/')
    const tabs = await screen.findByRole('tablist', { name: 'Session categories' })
    expect(within(tabs).getAllByRole('tab').map((t) => t.textContent)).toEqual(['All', 'Mathematics', 'Programming'])
    await user.click(within(tabs).getByRole('tab', { name: 'Programming' }))
    expect(await screen.findByText('No live or upcoming Programming sessions right now')).toBeInTheDocument()
    expect(api.callsTo('GET /landing').map((c) => c.query.get('category'))).toContain('Programming')
    await user.click(within(tabs).getByRole('tab', { name: 'All' }))
    expect(await screen.findByRole('region', { name: 'Live & Upcoming sessions' })).toBeInTheDocument()
  })

  it('empty lists say so, with no invented numbers', async () => {
    mockApi(baseHandlers())
    renderApp('/')
    expect(await screen.findByText('No live or upcoming sessions right now')).toBeInTheDocument()
    expect(screen.getByText('No mentors to show yet')).toBeInTheDocument()
    expect(document.body.textContent).not.toMatch(/\d+\s*(live|mentors|learners|sessions|reviews)/i)
  })

  it('"Book ➤" signed out goes to the learner signup and remembers the session', async () => {
    mockApi({ ...baseHandlers(), 'GET /landing': () => ({ live_upcoming: [soon], categories: [], top_mentors: [] }) })
    const { user, where } = renderApp('/')
    const carousel = await screen.findByRole('region', { name: 'Live & Upcoming sessions' })
    await user.click(within(carousel).getByRole('button', { name: 'Book ➤' }))
    await waitFor(() => expect(where()).toBe('/signup/learner'))
    expect(await screen.findByText(/we'll bring you straight back to book “Master Algebra in 1 Hour”/)).toBeInTheDocument()
    expect(JSON.parse(localStorage.getItem('peerlearn.intent')!).path).toBe('/sessions/s2?book=1')
  })
})
