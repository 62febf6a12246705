import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeMentorCard, makeMentorProfile, makeRequest, makeSession, page } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, json, makeMe, mockApi, type Handler } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

function setup(post: Handler = (call) => json(makeRequest(call.body as object), 201), path = '/mentors/mentor-1') {
  signIn('learner')
  const api = mockApi({
    ...baseHandlers(),
    'GET /me': () => makeMe('learner', { timezone: 'Asia/Kolkata' }),
    'GET /mentors/mentor-1': () => makeMentorProfile({ rating: null }),
    'GET /mentors/mentor-1/sessions': () => page([makeSession()]),
    'GET /mentors/mentor-1/reviews': () => page([]),
    'POST /requests': post,
  })
  return { api, ...renderApp(path) }
}

describe('mentor profile', () => {
  it('has a hero and tabs [About, Sessions, Reviews] with honest empty states', async () => {
    const { user } = setup()
    expect(await screen.findByRole('heading', { level: 1, name: 'Ravi Kumar' })).toBeInTheDocument()
    expect(screen.getByText('No reviews yet')).toBeInTheDocument()
    expect(within(screen.getByRole('list', { name: 'Domains' })).getAllByRole('listitem').map((l) => l.textContent)).toEqual(['Mathematics', 'Data Science'])
    const tabs = screen.getByRole('tablist', { name: 'Mentor profile' })
    expect(within(tabs).getAllByRole('tab').map((t) => t.textContent)).toEqual(['About', 'Sessions', 'Reviews'])
    expect(screen.getByText('Ten years of teaching maths.')).toBeInTheDocument()
    await user.click(within(tabs).getByRole('tab', { name: 'Sessions' }))
    expect(await screen.findByRole('list', { name: 'Sessions by Ravi Kumar' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Book ➤' })).toBeInTheDocument()
    await user.click(within(tabs).getByRole('tab', { name: 'Reviews' }))
    expect(await screen.findByText('Reviews appear here after learners rate their sessions.')).toBeInTheDocument()
  })

  it('"Request Live ➤" validates the form in the spec\'s words', async () => {
    const { user, api } = setup()
    await user.click(await screen.findByRole('button', { name: 'Request Live ➤' }))
    const form = screen.getByRole('form', { name: 'Request a live session with Ravi Kumar' })
    expect(within(form).getByLabelText('Title')).toHaveFocus()
    await user.click(within(form).getByRole('button', { name: 'Send Request ➤' }))
    expect(within(form).getByText('Please add a title')).toBeInTheDocument()
    expect(within(form).getByText('Please choose a domain')).toBeInTheDocument()
    expect(within(form).getByText(/Please add a budget/)).toBeInTheDocument()
    expect(within(form).getByRole('alert')).toHaveTextContent('Please complete the highlighted fields.')
    await user.type(within(form).getByLabelText('Title'), 'Hi')
    expect(within(form).getByText('Keep the title between 3 and 120 characters')).toBeInTheDocument()
    await user.type(within(form).getByLabelText('Budget (₹)'), 'lots')
    expect(within(form).getByText('Enter an amount in rupees, like 500')).toBeInTheDocument()
    await user.clear(within(form).getByLabelText('Proposed time: date'))
    await user.type(within(form).getByLabelText('Proposed time: date'), '2020-01-01')
    expect(within(form).getByText('Pick a time in the future')).toBeInTheDocument()
    // every option of the time picker sits on a 15-minute step
    const times = within(within(form).getByLabelText('Proposed time: time') as HTMLSelectElement).getAllByRole('option').slice(1)
    expect(times).toHaveLength(96)
    expect(api.callsTo('POST /requests')).toHaveLength(0)
  })

  it('sends the request with the time converted from the learner\'s timezone → toast "Request Sent ✔"', async () => {
    const { user, api } = setup()
    await user.click(await screen.findByRole('button', { name: 'Request Live ➤' }))
    const form = screen.getByRole('form', { name: /Request a live session/ })
    await user.type(within(form).getByLabelText('Title'), 'Quadratic equations')
    await user.selectOptions(within(form).getByLabelText('Domain'), 'Mathematics')
    await user.clear(within(form).getByLabelText('Proposed time: date'))
    await user.type(within(form).getByLabelText('Proposed time: date'), '2030-03-15')
    await user.selectOptions(within(form).getByLabelText('Proposed time: time'), '18:45')
    await user.selectOptions(within(form).getByLabelText('Duration'), '90')
    await user.type(within(form).getByLabelText('Budget (₹)'), '750')
    await user.type(within(form).getByLabelText('Message'), 'Exam next week')
    await user.click(within(form).getByRole('button', { name: 'Send Request ➤' }))

    expect(await screen.findByText('Request Sent ✔', { selector: '[data-testid="toast"] *' })).toBeInTheDocument()
    expect(api.callsTo('POST /requests')[0]!.body).toEqual({
      mentor_id: 'mentor-1',
      title: 'Quadratic equations',
      domain: 'Mathematics',
      proposed_at: '2030-03-15T13:15:00Z', // 18:45 IST
      duration_min: 90,
      budget_paise: 75000,
      message: 'Exam next week',
    })
    expect(screen.getByRole('link', { name: 'Go to My Activity ➤' })).toHaveAttribute('href', '/dashboard/learner/activity')
  })

  it('brings "Request Sent ✔" into view below the sticky header and moves focus to it', async () => {
    const scrolled: Element[] = []
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this)
    }
    try {
      const { user } = setup()
      await user.click(await screen.findByRole('button', { name: 'Request Live ➤' }))
      const form = screen.getByRole('form', { name: /Request a live session/ })
      await user.type(within(form).getByLabelText('Title'), 'Quadratic equations')
      await user.selectOptions(within(form).getByLabelText('Domain'), 'Mathematics')
      await user.type(within(form).getByLabelText('Budget (₹)'), '0')
      await user.click(within(form).getByRole('button', { name: 'Send Request ➤' }))
      const heading = await screen.findByRole('heading', { name: 'Request Sent ✔' })
      await waitFor(() => expect(heading).toHaveFocus())
      const box = heading.closest('[role="status"]')!
      expect(scrolled).toContain(box)
      expect(box).toHaveClass('scroll-mt-24') // clears the 64 px sticky header
    } finally {
      delete (Element.prototype as Partial<Element>).scrollIntoView
    }
  })

  it('shows a 409 (too many open requests) as the API words it', async () => {
    const { user } = setup(() => apiError(409, 'too_many_requests', { message: 'You already have 3 open requests with this mentor.' }), '/mentors/mentor-1?request=1')
    const form = await screen.findByRole('form', { name: /Request a live session/ })
    await user.type(within(form).getByLabelText('Title'), 'Quadratic equations')
    await user.selectOptions(within(form).getByLabelText('Domain'), 'Mathematics')
    await user.type(within(form).getByLabelText('Budget (₹)'), '0')
    await user.click(within(form).getByRole('button', { name: 'Send Request ➤' }))
    expect(await within(form).findByRole('alert')).toHaveTextContent('You already have 3 open requests with this mentor.')
  })
})

describe('/mentors', () => {
  it('searches by name and domain; cards expand a preview with "Quick Request ➤"', async () => {
    signIn('learner')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'GET /mentors': (call) =>
        call.query.get('domain') === 'Design' ? page([]) : page([makeMentorCard({ rating: { average: 4.5, count: 2 } }), makeMentorCard({}, 2)]),
    })
    const { user, where } = renderApp('/mentors')
    const cards = await screen.findAllByTestId('mentor-card')
    expect(cards).toHaveLength(2)
    const preview = within(cards[0]!).getByTestId('mentor-preview')
    expect(preview.className).toContain('group-hover:max-h-72')
    expect(within(preview).getByText('(2 reviews)')).toBeInTheDocument()
    expect(within(preview).getByRole('link', { name: 'Quick Request ➤' })).toHaveAttribute('href', '/mentors/mentor-1?request=1')
    expect(within(cards[1]!).getByText('No reviews yet')).toBeInTheDocument()

    await user.type(screen.getByRole('searchbox', { name: 'Search mentors' }), 'ravi')
    await waitFor(() => expect(where()).toBe('/mentors?q=ravi'))
    await user.selectOptions(screen.getByLabelText('Domain'), 'Design')
    expect(await screen.findByText('No mentors match')).toBeInTheDocument()
    const last = api.callsTo('GET /mentors').at(-1)!
    expect(Object.fromEntries(last.query.entries())).toMatchObject({ q: 'ravi', domain: 'Design' })
  })
})
