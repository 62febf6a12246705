import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeIntersectionObserver, makeMentorCard, makeMentorProfile, makeSession, page } from '@/testing/marketplace-fixtures'
import { baseHandlers, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

beforeEach(() => {
  FakeIntersectionObserver.instances = []
  vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
})
afterEach(() => vi.unstubAllGlobals())

const lastQuery = (api: ReturnType<typeof mockApi>) => {
  const calls = api.callsTo('GET /sessions')
  return Object.fromEntries(calls[calls.length - 1]!.query.entries())
}

describe('/sessions filters', () => {
  it('turn into the API query: category, free/paid, ₹ → paise, dates in the viewer timezone, mentor', async () => {
    signIn('learner')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner', { timezone: 'Asia/Kolkata' }),
      'GET /mentors': () => page([makeMentorCard({ name: 'Ravi Kumar' })]),
      'GET /mentors/mentor-1': () => makeMentorProfile(),
    })
    const { user, where } = renderApp('/sessions')
    await screen.findByText('No upcoming sessions yet')
    const filters = screen.getByRole('complementary', { name: 'Session filters' })
    await waitFor(() => expect(within(filters).getByRole('option', { name: 'Mathematics' })).toBeInTheDocument())

    await user.selectOptions(within(filters).getByLabelText('Category'), 'Mathematics')
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ category: 'Mathematics' }))
    expect(where()).toBe('/sessions?category=Mathematics')

    await user.click(within(filters).getByRole('radio', { name: 'Paid' }))
    await user.type(within(filters).getByLabelText('Min ₹'), '250')
    await user.type(within(filters).getByLabelText('Max ₹'), '1,000.50')
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ price: 'paid', min_price_paise: '25000', max_price_paise: '100050' }))

    await user.type(within(filters).getByLabelText('From'), '2026-12-01')
    await user.type(within(filters).getByLabelText('To'), '2026-12-02')
    // Whole days in Asia/Kolkata (UTC+05:30).
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ from: '2026-11-30T18:30:00Z', to: '2026-12-02T18:29:59Z' }))

    await user.type(within(filters).getByLabelText('Mentor'), 'Ravi')
    await user.click(await within(filters).findByRole('button', { name: 'Ravi Kumar' }))
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ mentor_id: 'mentor-1' }))
    expect(await within(filters).findByRole('button', { name: 'Remove mentor filter Ravi Kumar' })).toBeInTheDocument()
    expect(where()).toContain('mentor=mentor-1')

    // Free drops the price range.
    await user.click(within(filters).getByRole('radio', { name: 'Free' }))
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ price: 'free' }))
    expect(lastQuery(api).min_price_paise).toBeUndefined()

    await user.click(within(filters).getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(where()).toBe('/sessions'))
    expect(within(filters).getByLabelText('Category')).toHaveValue('')
    expect(within(filters).getByLabelText('Min ₹')).toHaveValue('')
    expect(within(filters).getByLabelText('From')).toHaveValue('')
    expect(within(filters).getByLabelText('Mentor')).toHaveValue('')
  })

  it('heading levels never skip: the results carry an h2 even where the filters are folded away', async () => {
    mockApi({ ...baseHandlers(), 'GET /sessions': () => page([makeSession()]) })
    renderApp('/sessions')
    const card = await screen.findByRole('heading', { level: 3 })
    const levels = screen.getAllByRole('heading').map((h) => Number(h.tagName.slice(1)))
    levels.forEach((level, i) => expect(level - (levels[i - 1] ?? 0)).toBeLessThanOrEqual(1))
    // the filters' own h2 is hidden below md (display: none); this one is not
    expect(screen.getByRole('heading', { level: 2, name: 'Results' })).toHaveClass('sr-only')
    expect(card).toBeInTheDocument()
  })

  it('rejects an unreadable amount instead of sending it', async () => {
    const api = mockApi(baseHandlers())
    const { user } = renderApp('/sessions')
    await screen.findByText('No upcoming sessions yet')
    await user.type(screen.getByLabelText('Min ₹'), 'abc')
    expect(screen.getByText('Enter an amount in rupees, like 500.')).toBeInTheDocument()
    await new Promise((r) => setTimeout(r, 450))
    expect(api.callsTo('GET /sessions').every((c) => !c.query.has('min_price_paise'))).toBe(true)
  })

  it('searches titles and topics once typing pauses (debounced)', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'GET /sessions': (call) => (call.query.get('q') === 'algebra' ? page([makeSession()]) : page([])),
    })
    const { user, where } = renderApp('/sessions')
    await screen.findByText('No upcoming sessions yet')
    await user.type(screen.getByRole('searchbox', { name: 'Search sessions' }), 'algebra')
    // one request for the whole word, not one per keystroke
    expect(await screen.findByRole('heading', { name: 'Master Algebra in 1 Hour 1' })).toBeInTheDocument()
    const withQ = api.callsTo('GET /sessions').filter((c) => c.query.has('q'))
    expect(withQ.map((c) => c.query.get('q'))).toEqual(['algebra'])
    expect(where()).toBe('/sessions?q=algebra')
  })

  it('pages through next_cursor as the end of the list scrolls into view', async () => {
    const first = Array.from({ length: 12 }, (_, i) => makeSession({}, i + 1))
    const second = Array.from({ length: 3 }, (_, i) => makeSession({}, i + 13))
    const api = mockApi({
      ...baseHandlers(),
      'GET /sessions': (call) => (call.query.get('cursor') === 'c2' ? page(second) : page(first, 'c2')),
    })
    const { user } = renderApp('/sessions')
    const list = await screen.findByRole('list', { name: 'Sessions' })
    expect(within(list).getAllByRole('listitem')).toHaveLength(12)
    expect(api.callsTo('GET /sessions')[0]!.query.get('limit')).toBe('12')

    act(() => FakeIntersectionObserver.enterAll())
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(15))
    expect(api.callsTo('GET /sessions').map((c) => c.query.get('cursor'))).toEqual([null, 'c2'])
    expect(screen.queryByRole('button', { name: 'Load more sessions' })).not.toBeInTheDocument()
    expect(screen.getByText("That's every matching session.")).toBeInTheDocument()
    void user
  })

  it('offers "Load more sessions" for keyboard users', async () => {
    vi.stubGlobal('IntersectionObserver', undefined)
    mockApi({
      ...baseHandlers(),
      'GET /sessions': (call) => (call.query.get('cursor') ? page([makeSession({}, 9)]) : page([makeSession({}, 1)], 'next')),
    })
    const { user } = renderApp('/sessions')
    await user.click(await screen.findByRole('button', { name: 'Load more sessions' }))
    expect(await screen.findByRole('heading', { name: 'Master Algebra in 1 Hour 9' })).toBeInTheDocument()
  })

  it('shows skeletons only once loading passes 1 s', async () => {
    mockApi({ ...baseHandlers(), 'GET /sessions': () => new Promise(() => {}) })
    renderApp('/sessions')
    await screen.findByRole('heading', { name: /Live & upcoming sessions/ })
    expect(screen.queryByTestId('sessions-skeleton')).not.toBeInTheDocument()
    expect(await screen.findByTestId('sessions-skeleton', {}, { timeout: 2000 })).toBeInTheDocument()
  })

  it('filters collapse into an accordion on mobile', async () => {
    mockApi(baseHandlers())
    const { user } = renderApp('/sessions')
    const toggle = await screen.findByRole('button', { name: 'Filters' })
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(panel).toHaveClass('hidden', 'md:block')
    await user.click(toggle)
    expect(toggle).toHaveAttribute('aria-expanded', 'true')
    expect(panel).not.toHaveClass('hidden')
  })
})

describe('a learner\'s own seat on the cards', () => {
  it('a sold-out session the learner holds says "Booked", with "Join ➤" once the room is open', async () => {
    signIn('learner')
    const now = Date.now()
    const soon = makeSession({ session_id: 's1', title: 'Mine, soon', seats: 1, seats_left: 0, starts_at: new Date(now + 10 * 60_000).toISOString() })
    const later = makeSession({ session_id: 's2', title: 'Mine, tomorrow', seats: 1, seats_left: 0 }, 2)
    const full = makeSession({ session_id: 's3', title: 'Not mine', seats: 1, seats_left: 0 }, 3)
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'GET /sessions': () => page([soon, later, full]),
      'GET /learner/seats': () => ({
        items: [
          { session_id: 's1', booking_id: 'b1', status: 'confirmed', room_code: 'room-1' },
          { session_id: 's2', booking_id: 'b2', status: 'confirmed', room_code: 'room-2' },
        ],
      }),
    })
    renderApp('/sessions')
    const mine = await screen.findByRole('article', { name: 'Mine, soon' })
    expect(await within(mine).findByText('Booked')).toBeInTheDocument()
    expect(within(mine).getByRole('link', { name: 'Join ➤' })).toHaveAttribute('href', '/session/room-1')
    expect(within(mine).queryByRole('button', { name: 'Book ➤' })).not.toBeInTheDocument()
    const tomorrow = screen.getByRole('article', { name: 'Mine, tomorrow' })
    expect(within(tomorrow).getByText('Booked')).toBeInTheDocument()
    expect(within(tomorrow).queryByRole('link', { name: 'Join ➤' })).not.toBeInTheDocument() // the room is not open yet
    expect(within(screen.getByRole('article', { name: 'Not mine' })).getByRole('button', { name: 'Book ➤' })).toBeDisabled()
    // one call for the whole page of cards
    expect(api.callsTo('GET /learner/seats')).toHaveLength(1)
    expect(api.callsTo('GET /learner/seats')[0]!.query.get('session_ids')!.split(',').sort()).toEqual(['s1', 's2', 's3'])
  })
})
