import { act, screen, waitFor, within } from '@testing-library/react'
import axe from 'axe-core'
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { iso, makeRoom, makeSession } from '@/testing/marketplace-fixtures'
import { apiError, baseHandlers, json, makeMe, mockApi } from '@/testing/mock-api'
import { renderApp, signIn } from '@/testing/render-app'
import type { RoomOut, RoomState } from '../api/protocol'

beforeEach(() => FakeWebSocket.reset())

const STATE: RoomState = {
  topics: [
    { index: 0, title: 'Linear equations', covered: false, covered_at: null },
    { index: 1, title: 'Quadratics', covered: false, covered_at: null },
  ],
  recording: { status: 'off', asked_by: null, accepted_by: [] },
  call_started_at: null,
  elapsed_seconds: 0,
  both_present: false,
}

function roomFor(role: 'mentor' | 'learner', overrides: Partial<RoomOut> = {}): RoomOut {
  const session = makeSession({ title: 'Master Algebra', status: 'live', room_code: 'room-abc', starts_at: iso(Date.now() + 10 * 60_000 + 30_000) })
  return { ...makeRoom({ role }, session), state: STATE, ...overrides } as RoomOut
}

function handlers(role: 'mentor' | 'learner', extra: Record<string, Parameters<typeof mockApi>[0][string]> = {}) {
  return {
    ...baseHandlers(),
    'GET /me': () => makeMe(role),
    'GET /rooms/room-abc': () => roomFor(role),
    'GET /rooms/room-abc/chat': () => ({ items: [], next_cursor: null }),
    'GET /rooms/room-abc/whiteboard': () => ({ items: [], next_cursor: null }),
    'GET /rooms/room-abc/ice-servers': () => ({ ice_servers: [], expires_at: iso(Date.now() + 3600_000), ice_transport_policy: 'all' }),
    'POST /realtime/ticket': () => json({ ticket: 'tick-1', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    ...extra,
  }
}

/** Renders the room, joins from the pre-join screen and answers the socket's `join`. */
async function joinCall(role: 'mentor' | 'learner', extra: Parameters<typeof handlers>[1] = {}) {
  signIn(role)
  const api = mockApi(handlers(role, extra))
  const app = renderApp('/session/room-abc', { createSocket: (url) => new FakeWebSocket(url) })
  await screen.findByRole('heading', { level: 1, name: 'Master Algebra' }, { timeout: 5000 }) // the lazy route loads first
  await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
  const ws = FakeWebSocket.last()
  act(() => ws.open())
  act(() => ws.receive({ type: 'subscribed', channel: `notifications:${role}-1` }))
  await app.user.click(await screen.findByRole('button', { name: /^Join/ }))
  await waitFor(() => expect(ws.sentJson()).toContainEqual(expect.objectContaining({ action: 'room', type: 'join', room: 'room-abc', media: expect.objectContaining({ screen: false }) })))
  act(() => ws.receive({ type: 'room.joined', room: 'room-abc', you: 'peer-me', peers: [], state: STATE }))
  return { ...app, api, ws }
}

describe('room page', () => {
  it('403 → toast "Access denied" and back to the caller\'s dashboard', async () => {
    signIn('learner')
    mockApi({
      ...baseHandlers(),
      'GET /me': () => makeMe('learner'),
      'GET /dashboard/learner': () => ({ me: makeMe('learner') }),
      'GET /rooms/room-abc': () => apiError(403, 'access_denied', { message: 'Access denied', redirect: '/dashboard/learner' }),
    })
    const { where } = renderApp('/session/room-abc')
    await waitFor(() => expect(where()).toBe('/dashboard/learner'))
    expect(screen.getByTestId('toast')).toHaveTextContent('Access denied')
  })

  it('signed out → sign in first', async () => {
    mockApi(baseHandlers())
    const { where } = renderApp('/session/room-abc')
    await waitFor(() => expect(where()).toBe('/login'))
  })

  it('pre-join: title, participants, countdown; without camera access it explains and still lets you join', async () => {
    signIn('learner')
    mockApi(handlers('learner'))
    renderApp('/session/room-abc')
    expect(await screen.findByRole('heading', { level: 1, name: 'Master Algebra' })).toBeInTheDocument()
    // the mentor has gone live: "Live now", no countdown beside the Live badge
    expect(screen.getByText('Live')).toBeInTheDocument()
    expect(screen.getByText('Live now')).toBeInTheDocument()
    expect(screen.queryByRole('timer', { name: 'Starts in' })).not.toBeInTheDocument()
    const people = screen.getByRole('list', { name: 'Participants' })
    expect(within(people).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['RKRavi Kumar(Mentor)', 'AAsha(Learner)'])
    expect(screen.getByRole('heading', { name: 'Check your camera and microphone' })).toBeInTheDocument()
    // jsdom has no mediaDevices: the page says so and how to fix it
    expect(screen.getAllByRole('alert')[0]).toHaveTextContent('Camera: This browser cannot share a camera')
    expect(screen.getByRole('button', { name: 'Join without camera or mic' })).toBeEnabled()
    expect(screen.queryByText(/coming soon/i)).not.toBeInTheDocument()
  })

  it('pre-join before the mentor goes live: the countdown, and no Live badge', async () => {
    signIn('learner')
    const scheduled = makeSession({ title: 'Master Algebra', status: 'scheduled', room_code: 'room-abc', starts_at: iso(Date.now() + 10 * 60_000 + 30_000) })
    mockApi(handlers('learner', { 'GET /rooms/room-abc': () => ({ ...makeRoom({ role: 'learner' }, scheduled), state: STATE }) }))
    renderApp('/session/room-abc')
    expect(await screen.findByRole('timer', { name: 'Starts in' }, { timeout: 5000 })).toHaveTextContent(/10:[23]\d/)
    expect(screen.queryByText('Live now')).not.toBeInTheDocument()
    expect(screen.queryByText('Live')).not.toBeInTheDocument()
  })

  it('joins over the shared socket; chat arrives live, counts unread while closed and renders HTML as text', async () => {
    const { ws, user } = await joinCall('learner')
    expect(FakeWebSocket.instances).toHaveLength(1) // no second socket
    expect(await screen.findByRole('navigation', { name: 'Call controls' })).toBeInTheDocument()
    act(() =>
      ws.receive({
        type: 'chat',
        room: 'room-abc',
        message: { message_id: 'm1', sender_id: 'mentor-1', sender_name: 'Ravi Kumar', sender_role: 'mentor', text: '<img src=x onerror=alert(1)><b>hi</b>', sent_at: iso(Date.now()), client_id: 'c1' },
      }),
    )
    expect(await screen.findByTestId('unread-badge')).toHaveTextContent('1')
    await user.click(screen.getByRole('button', { name: 'Chat, 1 unread' }))
    const text = await screen.findByTestId('chat-text')
    expect(text).toHaveTextContent('<img src=x onerror=alert(1)><b>hi</b>')
    expect(text.querySelector('img, b')).toBeNull()
    expect(screen.queryByTestId('unread-badge')).not.toBeInTheDocument()

    await user.type(screen.getByLabelText('Message'), 'Thanks!{Enter}')
    const sent = ws.sentJson().find((f) => (f as { type?: string }).type === 'chat') as { text: string; client_id: string }
    expect(sent).toMatchObject({ action: 'room', room: 'room-abc', type: 'chat', text: 'Thanks!' })
    expect(sent.client_id.length).toBeLessThanOrEqual(40)
    expect(screen.getByText(/sending…/)).toBeInTheDocument()
    act(() =>
      ws.receive({
        type: 'chat',
        room: 'room-abc',
        message: { message_id: 'm2', sender_id: 'learner-1', sender_name: 'Asha', sender_role: 'learner', text: 'Thanks!', sent_at: iso(Date.now()), client_id: sent.client_id },
      }),
    )
    await waitFor(() => expect(screen.queryByText(/sending…/)).not.toBeInTheDocument())
    expect(screen.getAllByTestId('chat-text')).toHaveLength(2)
  })

  it('the ICE servers are fetched while the pre-join check runs, once for the call', async () => {
    signIn('learner')
    const api = mockApi(handlers('learner'))
    const app = renderApp('/session/room-abc', { createSocket: (url) => new FakeWebSocket(url) })
    await screen.findByRole('heading', { level: 1, name: 'Master Algebra' }, { timeout: 5000 })
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    const ws = FakeWebSocket.last()
    act(() => ws.open())
    act(() => ws.receive({ type: 'subscribed', channel: 'notifications:learner-1' }))
    const join = await screen.findByRole('button', { name: /^Join/ })
    await waitFor(() => expect(api.callsTo('GET /rooms/room-abc/ice-servers')).toHaveLength(1)) // before any click
    await app.user.click(join)
    await waitFor(() => expect(ws.sentJson()).toContainEqual(expect.objectContaining({ type: 'join' })))
    act(() => ws.receive({ type: 'room.joined', room: 'room-abc', you: 'peer-me', peers: [], state: STATE }))
    await waitFor(() => expect(api.callsTo('GET /rooms/room-abc/chat')).toHaveLength(1))
    expect(api.callsTo('GET /rooms/room-abc/ice-servers')).toHaveLength(1) // the call reuses it
  })

  it('topics update live for the learner; presence starts the timer', async () => {
    const { ws, user } = await joinCall('learner')
    await user.click(await screen.findByRole('button', { name: 'Topics' }))
    expect(screen.getByLabelText('Linear equations: not yet covered')).toBeInTheDocument()
    act(() => ws.receive({ type: 'topic', room: 'room-abc', topic: { index: 0, title: 'Linear equations', covered: true, covered_at: iso(Date.now()) } }))
    expect(await screen.findByLabelText('Linear equations: covered')).toBeInTheDocument()
    act(() => ws.receive({ type: 'presence', room: 'room-abc', both_present: true, call_started_at: iso(Date.now() - 65_000), elapsed_seconds: 65 }))
    expect(await screen.findByRole('timer', { name: 'Live now' })).toHaveTextContent('01:0')
    act(() => ws.receive({ type: 'presence', room: 'room-abc', both_present: false, call_started_at: iso(Date.now() - 65_000), elapsed_seconds: 70 }))
    expect(await screen.findByRole('timer', { name: 'Paused — waiting for the mentor' })).toHaveTextContent('01:10')
  })

  it('the mentor ticks a topic through the API', async () => {
    const { api, user } = await joinCall('mentor', {
      'PUT /rooms/room-abc/topics/1': () => ({ index: 1, title: 'Quadratics', covered: true, covered_at: iso(Date.now()) }),
    })
    await user.click(await screen.findByRole('button', { name: 'Topics' }))
    await user.click(screen.getByRole('checkbox', { name: 'Quadratics' }))
    await waitFor(() => expect(screen.getByRole('checkbox', { name: 'Quadratics' })).toBeChecked())
    expect(api.callsTo('PUT /rooms/room-abc/topics/1')[0]!.body).toEqual({ covered: true })
  })

  it('the mentor ends early after a confirmation that says what it means', async () => {
    const { api, user } = await joinCall('mentor', {
      'POST /rooms/room-abc/end': () => ({ ...makeSession({ status: 'completed' }) }),
      'GET /rooms/room-abc/resources': () => ({ items: [] }),
    })
    await user.click(await screen.findByRole('button', { name: 'End session' }))
    const dialog = await screen.findByRole('dialog', { name: 'End the session for everyone?' })
    expect(dialog).toHaveTextContent(/Ending early closes the room for your learners too/)
    await user.click(within(dialog).getByRole('button', { name: 'End early for everyone' }))
    expect(await screen.findByRole('heading', { name: 'The session has ended' })).toBeInTheDocument()
    expect(api.callsTo('POST /rooms/room-abc/end')).toHaveLength(1)
    expect(screen.getByLabelText('Share a file with your learners')).toBeInTheDocument()
    // back to the My Sessions tab that now holds this session, with its row picked out
    const back = screen.getByRole('link', { name: 'Back to My Sessions' })
    expect(back.getAttribute('href')).toMatch(/^\/dashboard\/mentor\/sessions\?tab=(today|past)&session=/)
  })

  it('room.ended → the learner gets the feedback modal once, 1–5 stars', async () => {
    const { ws, api, user } = await joinCall('learner', {
      'GET /rooms/room-abc/feedback/mine': () => apiError(404, 'not_found'),
      'POST /rooms/room-abc/feedback': () => json({ rating: 5, comment: 'Great', created_at: iso(Date.now()) }, 201),
    })
    act(() => ws.receive({ type: 'room.ended', room: 'room-abc', by: 'mentor-1' }))
    const dialog = await screen.findByRole('dialog', { name: 'How was your session?' })
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }))
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Choose from 1 to 5 stars.')
    await user.click(within(dialog).getByRole('radio', { name: '5 stars' }))
    await user.type(within(dialog).getByLabelText('Comment (optional)'), 'Great')
    await user.click(within(dialog).getByRole('button', { name: 'Send feedback' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument())
    expect(api.callsTo('POST /rooms/room-abc/feedback')[0]!.body).toEqual({ rating: 5, comment: 'Great' })
    expect(await screen.findByText('You rated this session 5 ★')).toBeInTheDocument()
  })

  it('a dropped socket shows "Reconnecting…" without ending the call and joins again when it returns', async () => {
    const { ws } = await joinCall('learner')
    await screen.findByRole('navigation', { name: 'Call controls' })
    act(() => ws.drop())
    expect(await screen.findByText('Reconnecting to the room… your call continues.')).toBeInTheDocument()
    expect(screen.getByRole('navigation', { name: 'Call controls' })).toBeInTheDocument()
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2), { timeout: 4000 })
    const ws2 = FakeWebSocket.last()
    act(() => ws2.open())
    act(() => ws2.receive({ type: 'subscribed', channel: 'notifications:learner-1' }))
    await waitFor(() => expect(ws2.sentJson()).toContainEqual(expect.objectContaining({ action: 'room', type: 'join', room: 'room-abc', media: expect.objectContaining({ screen: false }) })))
    act(() => ws2.receive({ type: 'room.joined', room: 'room-abc', you: 'peer-me-2', peers: [], state: STATE }))
    await waitFor(() => expect(screen.queryByText('Reconnecting to the room… your call continues.')).not.toBeInTheDocument())
  })

  it('the mentor sees a gift arrive live', async () => {
    const { ws } = await joinCall('mentor')
    act(() => ws.receive({ type: 'gift', room: 'room-abc', amount_paise: 25000, from_user_id: 'learner-1', from_name: 'Asha' }))
    await waitFor(() => expect(screen.getByTestId('toast')).toHaveTextContent('₹250 gift received'))
  })

  it('has no axe violations in the call, with the whiteboard and the chat open', async () => {
    const audit = async () => {
      const r = await axe.run(document.body, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } })
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    }
    const { user } = await joinCall('mentor')
    await screen.findByRole('navigation', { name: 'Call controls' })
    expect(await audit()).toEqual([])
    for (const panel of ['Whiteboard', 'Chat']) {
      await user.click(screen.getByRole('button', { name: panel }))
      expect(await audit()).toEqual([])
    }
  }, 90_000) // axe is slow on jsdom
})
