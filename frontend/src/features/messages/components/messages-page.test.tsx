import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resetAttention, sound } from '@/lib/attention'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { apiError, baseHandlers, json, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'

const LEARNER = { user_id: 'learner-7', name: 'Asha Rao', avatar_url: null, is_demo: false }

const conv = (over: Record<string, unknown> = {}) => ({
  peer: LEARNER,
  last_message: { message_id: 'm02', sender_id: 'learner-7', preview: 'Can we start early?', created_at: '2026-12-01T10:01:00Z' },
  unread: 2,
  peer_delivered_upto: null,
  peer_read_upto: null,
  blocked: false,
  blocked_by_peer: false,
  ...over,
})

const msg = (id: string, sender: string, body: string, status = 'sent') => ({
  message_id: id,
  sender_id: sender,
  recipient_id: sender === 'mentor-1' ? 'learner-7' : 'mentor-1',
  body,
  created_at: '2026-12-01T10:00:00Z',
  status,
})

const ticketHandler = () => json({ ticket: 'tick-1', url: 'ws://rt.test/ws', expires_in: 60 }, 201)

function mentorInbox(extra: Record<string, unknown> = {}, meOver = {}) {
  signIn('mentor', meOver)
  return mockApi({
    ...baseHandlers(),
    'GET /me': () => makeMe('mentor', meOver),
    'GET /conversations': () => ({ items: [conv()], next_cursor: null, unread_total: 2 }),
    'GET /conversations/learner-7': () => conv(),
    'GET /conversations/learner-7/messages': (call) =>
      call.query.get('cursor')
        ? { items: [msg('m00', 'learner-7', 'Hello from long ago')], next_cursor: null, conversation: conv() }
        : {
            items: [msg('m02', 'learner-7', 'Can we start early?'), msg('m01', 'mentor-1', 'Welcome!', 'read')],
            next_cursor: 'older',
            conversation: conv(),
          },
    'POST /conversations/learner-7/read': () => conv({ unread: 0 }),
    'POST /realtime/ticket': ticketHandler,
    ...extra,
  })
}

beforeEach(() => {
  FakeWebSocket.reset()
  resetAttention()
})
afterEach(() => vi.restoreAllMocks())

describe('direct messages', () => {
  it('lists conversations with unread counts on the dashboard, and the total beside Messages', async () => {
    mentorInbox()
    renderApp('/dashboard/mentor/messages')
    const row = await screen.findByRole('link', { name: /Asha Rao/ })
    expect(within(row).getByText('Can we start early?')).toBeInTheDocument()
    expect(within(row).getByTestId('conversation-unread')).toHaveTextContent('2')
    const nav = screen.getByRole('navigation', { name: 'Mentor dashboard' })
    expect(within(nav).getByTestId('dm-unread-total')).toHaveTextContent('2')
    await waitFor(() => expect(document.title).toBe('(2) Messages · PeerLearn'))
  })

  it('opens a conversation: history oldest first, read marked, ticks on my messages, older pages on demand', async () => {
    const api = mentorInbox()
    const { user } = renderApp('/dashboard/mentor/messages/learner-7')
    const thread = await screen.findByRole('region', { name: 'Conversation with Asha Rao' })
    const bubbles = await within(thread).findAllByTestId('dm-bubble')
    expect(bubbles.map((b) => b.querySelector('p')!.textContent)).toEqual(['Welcome!', 'Can we start early?'])
    expect(within(bubbles[0]!).getByTestId('dm-tick')).toHaveAttribute('data-tick', 'read')
    expect(within(bubbles[1]!).queryByTestId('dm-tick')).toBeNull() // the peer's message has no tick
    await waitFor(() => expect(api.callsTo('POST /conversations/learner-7/read')).toHaveLength(1))

    await user.click(within(thread).getByRole('button', { name: 'Load older messages' }))
    expect(await within(thread).findByText('Hello from long ago')).toBeInTheDocument()
    expect(api.callsTo('GET /conversations/learner-7/messages').at(-1)!.query.get('cursor')).toBe('older')
    expect(within(thread).queryByRole('button', { name: 'Load older messages' })).toBeNull()
  })

  it('Enter sends, Shift+Enter does not, and the 4,000-character limit is shown and enforced', async () => {
    const api = mentorInbox({
      'POST /conversations/learner-7/messages': (call: { body: { body: string } }) =>
        json(msg('m03', 'mentor-1', call.body.body), 201),
    })
    const { user } = renderApp('/dashboard/mentor/messages/learner-7')
    const box = await screen.findByRole('textbox', { name: 'Message to Asha Rao' })
    expect(screen.getByText(/0 \/ 4,000/)).toBeInTheDocument()
    await user.type(box, 'Sure{Shift>}{Enter}{/Shift}9 am works')
    expect(api.callsTo('POST /conversations/learner-7/messages')).toHaveLength(0)
    await user.keyboard('{Enter}')
    await waitFor(() => expect(api.callsTo('POST /conversations/learner-7/messages')).toHaveLength(1))
    expect(api.callsTo('POST /conversations/learner-7/messages')[0]!.body).toEqual({ body: 'Sure\n9 am works' })
    await waitFor(() => expect(box).toHaveValue(''))
    const thread = screen.getByRole('region', { name: 'Conversation with Asha Rao' })
    expect(await within(thread).findByText(/9 am works/)).toBeInTheDocument()

    fireEvent.change(box, { target: { value: 'x'.repeat(4001) } })
    expect(screen.getByText(/4,001 \/ 4,000 — too long/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled()
    await user.keyboard('{Enter}')
    expect(api.callsTo('POST /conversations/learner-7/messages')).toHaveLength(1)
  })

  it('renders a message as text, never as HTML', async () => {
    const evil = '<img src=x onerror="alert(1)"><b>bold</b>'
    mentorInbox({
      'GET /conversations/learner-7/messages': () => ({ items: [msg('m09', 'learner-7', evil)], next_cursor: null, conversation: conv() }),
    })
    renderApp('/dashboard/mentor/messages/learner-7')
    const thread = await screen.findByRole('region', { name: 'Conversation with Asha Rao' })
    expect(await within(thread).findByText(evil)).toBeInTheDocument()
    expect(thread.querySelector('img, b')).toBeNull()
  })

  it('blocks and unblocks: the composer stops while blocked', async () => {
    const api = mentorInbox({
      'POST /conversations/learner-7/block': () => conv({ blocked: true }),
      'POST /conversations/learner-7/unblock': () => conv({ blocked: false }),
    })
    const { user } = renderApp('/dashboard/mentor/messages/learner-7')
    await user.click(await screen.findByRole('button', { name: 'Block' }))
    expect(await screen.findByText('You blocked Asha Rao. Unblock them to send messages.')).toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Message to Asha Rao' })).toBeDisabled()
    const unblock = screen.getByRole('button', { name: 'Unblock' })
    await new Promise((r) => setTimeout(r, 350)) // past the button's double-click guard (300 ms)
    await user.click(unblock)
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message to Asha Rao' })).toBeEnabled(), { timeout: 3000 })
    expect(api.callsTo('POST /conversations/learner-7/block')).toHaveLength(1)
    expect(api.callsTo('POST /conversations/learner-7/unblock')).toHaveLength(1)
  })

  it("says so when the two share nothing", async () => {
    mentorInbox({
      'GET /conversations/stranger': () =>
        apiError(403, 'not_eligible', { message: 'You can message a mentor or learner only after you share a booking or a request.' }),
    })
    renderApp('/dashboard/mentor/messages/stranger')
    expect(await screen.findByText("You can't message this person")).toBeInTheDocument()
    expect(screen.getByText(/only after you share a booking or a request/)).toBeInTheDocument()
  })
})

describe('direct messages, live', () => {
  const frame = (id: string, body: string) => ({
    type: 'dm.message',
    peer_id: 'learner-7',
    peer_name: 'Asha Rao',
    message: msg(id, 'learner-7', body),
    unread: 3,
    unread_total: 3,
  })

  it('a message arriving elsewhere in the app: toast, sound, delivered tick sent, counts in nav and title', async () => {
    const play = vi.spyOn(sound, 'play').mockImplementation(() => undefined)
    const api = mentorInbox({ 'POST /conversations/learner-7/delivered': () => conv({ unread: 3 }) })
    renderApp('/dashboard/mentor/messages', { createSocket: (url) => new FakeWebSocket(url) })
    await screen.findByRole('link', { name: /Asha Rao/ })
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    act(() => FakeWebSocket.last().open())
    act(() => FakeWebSocket.last().receive(frame('m05', 'Are you free now?')))
    await waitFor(() => expect(screen.getByTestId('toast')).toHaveTextContent('New message from Asha Rao'))
    expect(play).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(api.callsTo('POST /conversations/learner-7/delivered')).toHaveLength(1))
    expect(api.callsTo('POST /conversations/learner-7/delivered')[0]!.body).toEqual({ upto: 'm05' })
    const row = screen.getByRole('link', { name: /Asha Rao/ })
    expect(within(row).getByText('Are you free now?')).toBeInTheDocument()
    expect(within(row).getByTestId('conversation-unread')).toHaveTextContent('3')
    await waitFor(() => expect(document.title).toBe('(3) Messages · PeerLearn'))
  })

  it('no sound when the user muted it in Settings', async () => {
    const play = vi.spyOn(sound, 'play').mockImplementation(() => undefined)
    const muted = {
      notification_prefs: { email_bookings: true, email_reminders: true, email_marketing: false, push_toasts: true, sound: false },
    }
    mentorInbox({ 'POST /conversations/learner-7/delivered': () => conv() }, muted)
    renderApp('/dashboard/mentor/messages', { createSocket: (url) => new FakeWebSocket(url) })
    await screen.findByRole('link', { name: /Asha Rao/ })
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    act(() => FakeWebSocket.last().open())
    act(() => FakeWebSocket.last().receive(frame('m06', 'Hello?')))
    await waitFor(() => expect(screen.getByTestId('toast')).toHaveTextContent('New message from Asha Rao'))
    expect(play).not.toHaveBeenCalled()
  })

  it('a message arriving in the open conversation shows at once and is read, with no toast', async () => {
    const play = vi.spyOn(sound, 'play').mockImplementation(() => undefined)
    const api = mentorInbox()
    renderApp('/dashboard/mentor/messages/learner-7', { createSocket: (url) => new FakeWebSocket(url) })
    const thread = await screen.findByRole('region', { name: 'Conversation with Asha Rao' })
    await within(thread).findByText('Welcome!')
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    act(() => FakeWebSocket.last().open())
    const readsBefore = api.callsTo('POST /conversations/learner-7/read').length
    act(() => FakeWebSocket.last().receive(frame('m07', 'Joining in 5')))
    expect(await within(thread).findByText('Joining in 5')).toBeInTheDocument()
    await waitFor(() => expect(api.callsTo('POST /conversations/learner-7/read').length).toBeGreaterThan(readsBefore))
    expect(screen.queryByTestId('toast')).toBeNull()
    expect(play).not.toHaveBeenCalled()
  })

  it('the peer reading my message turns its tick to read', async () => {
    mentorInbox({
      'GET /conversations/learner-7/messages': () => ({
        items: [msg('m08', 'mentor-1', 'See you at 9')],
        next_cursor: null,
        conversation: conv({ unread: 0 }),
      }),
    })
    renderApp('/dashboard/mentor/messages/learner-7', { createSocket: (url) => new FakeWebSocket(url) })
    const thread = await screen.findByRole('region', { name: 'Conversation with Asha Rao' })
    const tick = await within(thread).findByTestId('dm-tick')
    expect(tick).toHaveAttribute('data-tick', 'sent')
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    act(() => FakeWebSocket.last().open())
    act(() => FakeWebSocket.last().receive({ type: 'dm.receipt', peer_id: 'learner-7', delivered_upto: 'm08', read_upto: null }))
    await waitFor(() => expect(within(thread).getByTestId('dm-tick')).toHaveAttribute('data-tick', 'delivered'))
    act(() => FakeWebSocket.last().receive({ type: 'dm.receipt', peer_id: 'learner-7', delivered_upto: 'm08', read_upto: 'm08' }))
    await waitFor(() => expect(within(thread).getByTestId('dm-tick')).toHaveAttribute('data-tick', 'read'))
  })
})
