import { act, screen, waitFor, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { makeMentorCard, makeSession, page } from '@/testing/marketplace-fixtures'
import { baseHandlers, json, mockApi } from '@/testing/mock-api'
import { renderApp } from '@/testing/render-app'
import { authStore } from './auth-store'
import { roomOccupancyText } from './public-live'

const figures = (sessions: object[] = [], mentors: string[] = []) => ({
  live_count: sessions.length,
  live_mentor_ids: mentors,
  sessions,
})
const live = (over: object = {}) => ({
  session_id: 's1', mentor_id: 'mentor-1', status: 'live', seats: 2, seats_left: 1, mentor_in: true, learners_in: 1,
  ...over,
})

beforeEach(() => {
  FakeWebSocket.reset()
  authStore.clear()
})

describe('public live data for a signed-out visitor', () => {
  it('connects anonymously to public:live and shows "N Live", seats, who is in and the mentor live now', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'GET /landing': () => ({ live_upcoming: [makeSession({ seats: 2, seats_left: 2 })], categories: [], top_mentors: [makeMentorCard()] }),
      'GET /live': () => figures(),
      'GET /presence': () => ({ online: [] }),
      'POST /realtime/ticket/anonymous': () => json({ ticket: 'anon-1', url: 'ws://rt.test/ws', expires_in: 60 }, 201),
    })
    renderApp('/', { createSocket: (url) => new FakeWebSocket(url) })
    await screen.findByRole('heading', { level: 1 })
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(1))
    const ws = FakeWebSocket.last()
    expect(ws.url).toBe('ws://rt.test/ws?ticket=anon-1')
    expect(api.callsTo('POST /realtime/ticket')).toHaveLength(0)
    act(() => ws.open())
    expect(ws.sentJson()).toEqual([{ action: 'subscribe', channel: 'public:live' }])
    act(() => ws.receive({ type: 'subscribed', channel: 'public:live' }))
    // (Re)subscribing refetches the figures: what changed while the line was down.
    await waitFor(() => expect(api.callsTo('GET /live')).toHaveLength(2))
    await act(() => new Promise((r) => setTimeout(r, 20)))
    expect(screen.queryByTestId('live-count')).not.toBeInTheDocument() // none live: nothing invented

    act(() =>
      ws.receive({ type: 'live.update', channel: 'public:live', live_count: 1, live_mentor_ids: ['mentor-1'], session: live() }),
    )
    await waitFor(() => expect(screen.getAllByTestId('live-count')[0]).toHaveTextContent('1 Live'))
    const card = (await screen.findAllByRole('article')).find((a) => within(a).queryByText(/Master Algebra/))!
    expect(within(card).getByTestId('room-occupancy')).toHaveTextContent('Mentor live · 1 learner in')
    expect(within(card).getByText('1 seat left')).toBeInTheDocument()
    expect(screen.getAllByTestId('mentor-live-now').length).toBeGreaterThan(0)

    act(() =>
      ws.receive({ type: 'live.update', channel: 'public:live', live_count: 0, live_mentor_ids: [], session: live({ status: 'completed', mentor_in: false, learners_in: 0 }) }),
    )
    await waitFor(() => expect(screen.queryByTestId('live-count')).not.toBeInTheDocument())
    expect(screen.queryByTestId('mentor-live-now')).not.toBeInTheDocument()

    act(() => ws.receive({ type: 'presence', channel: 'public:live', user_id: 'mentor-1', online: true }))
    await waitFor(() => expect(screen.getAllByTestId('mentor-online').length).toBeGreaterThan(0))
  })
})

describe('roomOccupancyText', () => {
  it('says who is in the room, not an audience size', () => {
    expect(roomOccupancyText({ mentor_in: true, learners_in: 1 })).toBe('Mentor live · 1 learner in')
    expect(roomOccupancyText({ mentor_in: true, learners_in: 0 })).toBe('Mentor live')
    expect(roomOccupancyText({ mentor_in: false, learners_in: 2 })).toBe('Waiting for the mentor · 2 learners in')
  })
})

describe('applyLiveFrame', () => {
  it('stores the mentor-in moment (Join ➤ pulses), presence and live figures; ignores other frames', async () => {
    const { QueryClient } = await import('@tanstack/react-query')
    const { applyLiveFrame, liveKeys } = await import('./public-live')
    const qc = new QueryClient()
    expect(applyLiveFrame(qc, { type: 'room.mentor_in', session_id: 's1', room_code: 'r1', seq: 4 })).toBe(true)
    expect(typeof qc.getQueryData(liveKeys.mentorIn('s1'))).toBe('number')
    expect(applyLiveFrame(qc, { type: 'presence', user_id: 'm1', online: true })).toBe(true)
    expect(qc.getQueryData(liveKeys.presence('m1'))).toEqual({ online: ['m1'] })
    expect(applyLiveFrame(qc, { type: 'live.update', live_count: 1, live_mentor_ids: ['m1'], session: live() })).toBe(true)
    expect(qc.getQueryData(liveKeys.figures)).toEqual({ live_count: 1, live_mentor_ids: ['m1'], sessions: [live()] })
    expect(applyLiveFrame(qc, { type: 'notification' })).toBe(false)
  })
})

describe('presence on a page of mentor cards', () => {
  it('asks about every card in one request, and each card shows its own answer', async () => {
    const api = mockApi({
      ...baseHandlers(),
      'GET /mentors': () => page([1, 2, 3].map((n) => makeMentorCard({}, n))),
      'GET /live': () => figures(),
      'GET /presence': ({ query }) => ({ online: (query.get('user_ids') ?? '').split(',').filter((id) => id === 'mentor-2') }),
    })
    renderApp('/mentors')
    const cards = await screen.findAllByTestId('mentor-card')
    expect(cards).toHaveLength(3)
    await waitFor(() => expect(within(cards[1]!).getByTestId('mentor-online')).toHaveTextContent('Online'))
    const asked = api.callsTo('GET /presence')
    expect(asked).toHaveLength(1)
    expect(asked[0]!.query.get('user_ids')!.split(',').sort()).toEqual(['mentor-1', 'mentor-2', 'mentor-3'])
    expect(within(cards[0]!).queryByTestId('mentor-online')).not.toBeInTheDocument()
    expect(within(cards[2]!).queryByTestId('mentor-online')).not.toBeInTheDocument()
  })
})
