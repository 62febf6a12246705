import { act, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { baseHandlers, json, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

const note = (id: string, title: string, read = false) => ({
  id,
  kind: 'booking',
  title,
  body: '',
  link: null,
  read,
  created_at: '2026-11-23T10:00:00Z',
})

beforeEach(() => FakeWebSocket.reset())

describe('notification bell', () => {
  it('shows the unread count, the last five in a dropdown, and marks all read', async () => {
    signIn('learner')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner', { unread_notifications: 2 }),
      'GET /notifications': () => ({
        items: [note('n1', 'Booked ✔'), note('n2', 'Request Sent ✔'), note('n3', 'Welcome to PeerLearn', true)],
        next_cursor: null,
        unread_count: 2,
      }),
      'POST /notifications/read': () => ({ unread_count: 0 }),
    })
    const { user } = renderApp('/dashboard/learner')
    const bell = await screen.findByRole('button', { name: 'Notifications' })
    await waitFor(() => expect(screen.getByTestId('bell-count')).toHaveTextContent('2'))
    expect(screen.getByTestId('bell-count')).toBeVisible()
    expect(api.callsTo('GET /notifications')[0]!.query.get('limit')).toBe('5')

    await user.click(bell)
    expect(bell).toHaveAttribute('aria-expanded', 'true')
    const panel = screen.getByRole('region', { name: 'Latest notifications' })
    expect(within(panel).getByText('Booked ✔')).toBeInTheDocument()
    await user.click(within(panel).getByRole('button', { name: 'Mark all read' }))
    await waitFor(() => expect(screen.getByTestId('bell-count')).not.toBeVisible())
    expect(screen.getByTestId('bell-count')).toHaveTextContent('0')
    expect(api.callsTo('POST /notifications/read')[0]!.body).toEqual({ all: true })
    await user.keyboard('{Escape}')
    expect(bell).toHaveAttribute('aria-expanded', 'false')
    expect(bell).toHaveFocus()
  })

  it('updates the badge in real time over the WebSocket and shows a toast', async () => {
    signIn('learner')
    const api = mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'POST /realtime/ticket': () => json({ ticket: 'tick-1', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    renderApp('/dashboard/learner', { createSocket: (url) => new FakeWebSocket(url) })
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Asha' })
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    const ws = FakeWebSocket.last()
    expect(ws.url).toBe('ws://rt.test/ws?ticket=tick-1')
    expect(api.callsTo('POST /realtime/ticket')).toHaveLength(1)
    act(() => ws.open())
    expect(ws.sentJson()).toContainEqual({ action: 'subscribe', channel: 'notifications:learner-1' })

    act(() =>
      ws.receive({ type: 'notification', notification: note('n9', 'Replied ✔'), unread_count: 1 }),
    )
    await waitFor(() => expect(screen.getByTestId('bell-count')).toHaveTextContent('1'))
    expect(screen.getByTestId('toast')).toHaveTextContent('Replied ✔')

    act(() => ws.receive({ type: 'unread_count', unread_count: 7 }))
    await waitFor(() => expect(screen.getByTestId('bell-count')).toHaveTextContent('7'))
  })

  it('shows a notification\'s time in the reader\'s timezone and the app\'s one format (bell and toast)', async () => {
    signIn('learner')
    const offer = {
      ...note('n7', 'New offer: Algebra'),
      kind: 'request_offered',
      body: 'The mentor proposed {at} for ₹500.',
      at: '2026-12-02T17:45:00Z',
    }
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner', { timezone: 'Asia/Kolkata', unread_notifications: 1 }),
      'GET /notifications': () => ({ items: [offer], next_cursor: null, unread_count: 1 }),
      'POST /realtime/ticket': () => json({ ticket: 'tick-1', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    const { user } = renderApp('/dashboard/learner', { createSocket: (url) => new FakeWebSocket(url) })
    await user.click(await screen.findByRole('button', { name: 'Notifications' }))
    const panel = screen.getByRole('region', { name: 'Latest notifications' })
    expect(await within(panel).findByText('The mentor proposed 2 Dec 2026, 11:15 pm for ₹500.')).toBeInTheDocument()
    expect(within(panel).queryByText(/\{at\}|UTC/)).not.toBeInTheDocument()

    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    act(() => FakeWebSocket.last().open())
    act(() => FakeWebSocket.last().receive({ type: 'notification', notification: { ...offer, id: 'n8' }, unread_count: 2 }))
    await waitFor(() => expect(screen.getByTestId('toast')).toHaveTextContent('The mentor proposed 2 Dec 2026, 11:15 pm for ₹500.'))
  })
})

describe('notification sounds', () => {
  const ring = async (kind: string, soundOn = true) => {
    const { sound } = await import('@/lib/attention')
    const play = vi.spyOn(sound, 'play').mockImplementation(() => undefined)
    const prefs = { email_bookings: true, email_reminders: true, email_marketing: false, push_toasts: true, sound: soundOn }
    signIn('mentor', { notification_prefs: prefs })
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('mentor', { notification_prefs: prefs }),
      'POST /realtime/ticket': () => json({ ticket: 'tick-1', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    renderApp('/dashboard/mentor', { createSocket: (url) => new FakeWebSocket(url) })
    await screen.findByRole('heading', { level: 1, name: 'Welcome, Ravi' })
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    act(() => FakeWebSocket.last().open())
    act(() => FakeWebSocket.last().receive({ type: 'notification', notification: { ...note('n1', 'Something'), kind }, unread_count: 1 }))
    await waitFor(() => expect(screen.getByTestId('toast')).toHaveTextContent('Something'))
    const calls = play.mock.calls.length
    play.mockRestore()
    return calls
  }

  it('a new request rings, with its toast', async () => {
    expect(await ring('request_received')).toBe(1)
  })

  it('a reminder rings', async () => {
    expect(await ring('session.reminder')).toBe(1)
  })

  it('a muted user gets the toast without the sound', async () => {
    expect(await ring('request_received', false)).toBe(0)
  })

  it('other kinds do not ring', async () => {
    expect(await ring('booking_confirmed')).toBe(0)
  })
})
