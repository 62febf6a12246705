import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AnyFrame, RealtimeClient, RealtimeListener, RealtimeStatus } from '@/lib/ws-client'
import type { CallEngine } from './call-engine'
import { HISTORY_WAIT_MS, RoomController } from './room-controller'

function fakeClient() {
  const listeners = new Set<RealtimeListener>()
  const sent: Record<string, unknown>[] = []
  const client = {
    isOpen: true,
    send: (f: Record<string, unknown>) => {
      sent.push(f)
      return client.isOpen
    },
    addListener: (l: RealtimeListener) => {
      listeners.add(l)
      return () => listeners.delete(l)
    },
  }
  return {
    client: client as unknown as RealtimeClient,
    raw: client,
    sent,
    frame: (f: AnyFrame) => listeners.forEach((l) => l.onFrame?.(f)),
    status: (s: RealtimeStatus) => listeners.forEach((l) => l.onStatus?.(s)),
  }
}

const engine = () =>
  ({
    setIdentity: vi.fn(),
    onJoined: vi.fn(),
    onPeerJoined: vi.fn(),
    onPeerLeft: vi.fn(),
    onSignal: vi.fn(),
    onMedia: vi.fn(),
    onQuality: vi.fn(),
    onSignalingLost: vi.fn(),
    resetForRejoin: vi.fn(),
    joinMedia: vi.fn(() => ({ audio: true, video: false, screen: false })),
    whenSettled: vi.fn(async () => {}),
    dispose: vi.fn(),
  }) as unknown as CallEngine

const STATE = { topics: [], recording: { status: 'off', asked_by: null, accepted_by: [] }, call_started_at: null, elapsed_seconds: 0, both_present: false }

function setup(history: { chat?: unknown[]; board?: unknown[] } = {}) {
  const c = fakeClient()
  const e = engine()
  const ctrl = new RoomController({
    roomCode: 'r1',
    me: { user_id: 'u1', name: 'Asha', role: 'learner' },
    engine: e,
    loadChat: async () => (history.chat ?? []) as never,
    loadBoard: async () => (history.board ?? []) as never,
  })
  ctrl.attach(c.client)
  return { ...c, e, ctrl }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('room controller', () => {
  it('joins at once on an open line, and again every time the line comes back', () => {
    const { sent, status, frame, e, ctrl } = setup()
    expect(sent).toEqual([{ type: 'join', media: { audio: true, video: false, screen: false }, action: 'room', room: 'r1' }])
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    expect(ctrl.getSnapshot().status).toBe('joined')
    status('reconnecting')
    expect(ctrl.getSnapshot().status).toBe('signaling-lost')
    expect(e.onSignalingLost).toHaveBeenCalled()
    status('open')
    expect(sent.filter((f) => f.type === 'join')).toHaveLength(2)
  })

  it('ignores frames of another room and routes signals to the engine', () => {
    const { frame, e } = setup()
    frame({ type: 'signal', room: 'other', from: 'p9', description: { type: 'offer', sdp: 'x' } })
    expect(e.onSignal).not.toHaveBeenCalled()
    frame({ type: 'signal', room: 'r1', from: 'p9', candidate: { candidate: 'c' } })
    expect(e.onSignal).toHaveBeenCalledWith('p9', { candidate: { candidate: 'c' } })
  })

  it('outside the window: "closed", then joins again when the room opens', async () => {
    const { frame, sent, ctrl } = setup()
    frame({ type: 'error', error: 'room_closed', ref_type: 'join', opens_at: new Date(Date.now() + 5000).toISOString() })
    expect(ctrl.getSnapshot().status).toBe('closed')
    await vi.advanceTimersByTimeAsync(6000)
    expect(sent.filter((f) => f.type === 'join')).toHaveLength(2)
  })

  it('a join the server could not finish is sent again, with growing waits, then the error shows', async () => {
    const { frame, sent, ctrl } = setup()
    const joins = () => sent.filter((f) => f.type === 'join').length
    frame({ type: 'error', error: 'join_conflict', ref_type: 'join', retry_after_ms: 500 })
    await vi.advanceTimersByTimeAsync(499)
    expect(joins()).toBe(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(joins()).toBe(2)
    frame({ type: 'error', error: 'internal_error', ref_type: 'join' })
    await vi.advanceTimersByTimeAsync(999)
    expect(joins()).toBe(2)
    await vi.advanceTimersByTimeAsync(1)
    expect(joins()).toBe(3)
    // an answered join starts the count again
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    expect(ctrl.getSnapshot().status).toBe('joined')
    ctrl.rejoin()
    for (let i = 0; i < 5; i++) {
      frame({ type: 'error', error: 'rate_limited', ref_type: 'join', retry_after_ms: 100 })
      await vi.advanceTimersByTimeAsync(20_000)
    }
    expect(joins()).toBe(4 + 5)
    frame({ type: 'error', error: 'rate_limited', ref_type: 'join', retry_after_ms: 100 })
    await vi.advanceTimersByTimeAsync(20_000)
    expect(joins()).toBe(9) // spent: the notice shows instead
    expect(ctrl.getSnapshot().notice).toMatch(/slow down/i)
  })

  it('a frame sent before the join is answered waits for room.joined, then goes out once', () => {
    const { sent, frame, ctrl, status } = setup()
    ctrl.sendChat('early')
    expect(sent.filter((f) => f.type === 'chat')).toEqual([])
    expect(ctrl.getSnapshot().chat[0]).toMatchObject({ text: 'early', pending: true })
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    expect(sent.filter((f) => f.type === 'chat')).toMatchObject([{ type: 'chat', text: 'early' }])
    // the same after the line drops and comes back: held until this socket's join is answered
    status('reconnecting')
    status('open')
    ctrl.sendChat('after the drop')
    expect(sent.filter((f) => f.type === 'chat')).toHaveLength(1)
    frame({ type: 'room.joined', room: 'r1', you: 'p2', peers: [], state: STATE })
    expect(sent.filter((f) => f.type === 'chat').map((f) => f.text)).toEqual(['early', 'after the drop'])
  })

  it('a refused join is "denied"; a rate-limited chat message can be sent again', () => {
    const { frame, ctrl, sent } = setup()
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    ctrl.sendChat('hello')
    frame({ type: 'error', error: 'rate_limited', ref_type: 'chat', retry_after_ms: 500 })
    const line = ctrl.getSnapshot().chat[0]!
    expect(line).toMatchObject({ pending: true, failed: true })
    ctrl.retryChat(line.client_id!)
    const chats = sent.filter((f) => f.type === 'chat')
    expect(chats).toHaveLength(2)
    expect(chats[0]!.client_id).toBe(chats[1]!.client_id) // idempotent
    frame({ type: 'error', error: 'access_denied', ref_type: 'join' })
    expect(ctrl.getSnapshot().status).toBe('denied')
  })

  it('a throttled chat line stays pending and goes out again when the window opens, at most 3 times', async () => {
    const { frame, ctrl, sent } = setup()
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    ctrl.sendChat('first')
    ctrl.sendChat('second')
    const [first, second] = ctrl.getSnapshot().chat
    const chats = () => sent.filter((f) => f.type === 'chat')
    // the server refuses the second line by its id: the first is left alone
    frame({ type: 'error', error: 'rate_limited', ref_type: 'chat', ref_id: second!.client_id!, retry_after_ms: 400 })
    expect(ctrl.getSnapshot().chat.map((m) => [m.text, !!m.failed])).toEqual([['first', false], ['second', false]])
    expect(ctrl.getSnapshot().notice).toBeNull()
    await vi.advanceTimersByTimeAsync(399)
    expect(chats()).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(chats()).toHaveLength(3)
    expect(chats()[2]).toMatchObject({ text: 'second', client_id: second!.client_id })
    for (let i = 0; i < 2; i++) {
      frame({ type: 'error', error: 'rate_limited', ref_type: 'chat', ref_id: second!.client_id!, retry_after_ms: 400 })
      await vi.advanceTimersByTimeAsync(1000)
    }
    expect(chats()).toHaveLength(5)
    // the fourth refusal: shown as failed (Retry), not sent again
    frame({ type: 'error', error: 'rate_limited', ref_type: 'chat', ref_id: second!.client_id!, retry_after_ms: 400 })
    await vi.advanceTimersByTimeAsync(2000)
    expect(chats()).toHaveLength(5)
    expect(ctrl.getSnapshot().chat.find((m) => m.client_id === second!.client_id)).toMatchObject({ failed: true })
    expect(ctrl.getSnapshot().chat.find((m) => m.client_id === first!.client_id)?.failed).toBeFalsy()
  })

  it('a too-large chat line is marked failed by its id', () => {
    const { frame, ctrl } = setup()
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    ctrl.sendChat('one')
    ctrl.sendChat('two')
    const one = ctrl.getSnapshot().chat[0]!
    frame({ type: 'error', error: 'too_large', ref_type: 'chat', ref_id: one.client_id! })
    expect(ctrl.getSnapshot().chat.map((m) => [m.text, !!m.failed])).toEqual([['one', true], ['two', false]])
  })

  it('loads chat and board history on join; own live echoes are not drawn twice', async () => {
    const stroke = { op: 'stroke', id: 's1', tool: 'pen', color: '#000000', width: 3, points: [[0.1, 0.1]] }
    const { frame, ctrl } = setup({
      chat: [{ message_id: 'm1', sender_id: 'u2', sender_name: 'Ravi', sender_role: 'mentor', text: 'hi', sent_at: '2026-01-01T00:00:00Z', client_id: 'c' }],
      board: [{ seq: 1, sender_id: 'u1', ops: [stroke], sent_at: '' }],
    })
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    await vi.advanceTimersByTimeAsync(0)
    expect(ctrl.getSnapshot().chat.map((m) => m.message_id)).toEqual(['m1'])
    expect(ctrl.getSnapshot().unread).toBe(0) // history is not "new"
    expect(ctrl.getSnapshot().board.strokes).toHaveLength(1) // our own stroke from before a reload is replayed
    ctrl.draw({ op: 'stroke', id: 's2', tool: 'pen', color: '#000000', width: 3, points: [[0.5, 0.5]] })
    frame({ type: 'wb', room: 'r1', batch: { seq: 2, sender_id: 'u1', ops: [{ ...stroke, id: 's2', points: [[0.5, 0.5]] }], sent_at: '' } })
    expect(ctrl.getSnapshot().board.strokes.find((s) => s.id === 's2')!.points).toHaveLength(1)
    frame({ type: 'wb', room: 'r1', batch: { seq: 2, sender_id: 'u1', ops: [{ op: 'clear' }], sent_at: '' } })
    expect(ctrl.getSnapshot().board.strokes).toHaveLength(2) // a repeated seq is ignored
  })

  it('on a join, the history waits until the call has connected (media first)', async () => {
    const { frame, ctrl, e } = setup({
      chat: [{ message_id: 'm1', sender_id: 'u2', sender_name: 'Ravi', sender_role: 'mentor', text: 'hi', sent_at: '2026-01-01T00:00:00Z', client_id: 'c' }],
    })
    let settle = () => {}
    vi.mocked(e.whenSettled).mockImplementation(() => new Promise<void>((resolve) => (settle = resolve)))
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    await vi.advanceTimersByTimeAsync(0)
    expect(e.whenSettled).toHaveBeenCalledWith(HISTORY_WAIT_MS)
    expect(ctrl.getSnapshot().chat).toEqual([])
    settle()
    await vi.advanceTimersByTimeAsync(0)
    expect(ctrl.getSnapshot().chat.map((m) => m.message_id)).toEqual(['m1'])
  })

  it('room.ended stops the call; leave sends `leave` and only ends our side', () => {
    const { frame, ctrl, sent, e } = setup()
    frame({ type: 'room.joined', room: 'r1', you: 'p1', peers: [], state: STATE })
    ctrl.leave()
    expect(sent.at(-1)).toEqual({ type: 'leave', action: 'room', room: 'r1' })
    expect(ctrl.getSnapshot().status).toBe('left')
    frame({ type: 'room.ended', room: 'r1', by: 'm1' })
    expect(e.dispose).toHaveBeenCalled()
    expect(ctrl.getSnapshot()).toMatchObject({ status: 'ended', endedBy: 'm1' })
  })
})
