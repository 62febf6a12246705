import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { FakeWebSocket } from '@/testing/fake-websocket'
import type { RealtimeEvent } from './api-types'
import { RealtimeClient, reconnectDelay, withTicket } from './ws-client'

function setup(overrides: Partial<ConstructorParameters<typeof RealtimeClient>[0]> = {}) {
  let ticketNo = 0
  const getTicket = vi.fn(async () => ({ ticket: `t${++ticketNo}`, url: 'wss://rt.example/api', expires_in: 60 }))
  const events: RealtimeEvent[] = []
  const statuses: string[] = []
  const client = new RealtimeClient({
    getTicket,
    channels: ['notifications:u1'],
    onEvent: (e) => events.push(e),
    onStatus: (s) => statuses.push(s),
    createSocket: (url) => new FakeWebSocket(url),
    pingIntervalMs: 30_000,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    random: () => 1, // top of the jitter window: delays are exactly the ceiling
    ...overrides,
  })
  return { client, getTicket, events, statuses }
}

/** Let the ticket promise resolve and the socket be created. */
async function flush() {
  await vi.advanceTimersByTimeAsync(0)
}

beforeEach(() => {
  vi.useFakeTimers()
  FakeWebSocket.reset()
})
afterEach(() => vi.useRealTimers())

describe('RealtimeClient', () => {
  it('connects with a fresh ticket, subscribes to the channel and forwards events', async () => {
    const { client, events, statuses } = setup()
    client.start()
    await flush()
    const ws = FakeWebSocket.last()
    expect(ws.url).toBe('wss://rt.example/api?ticket=t1')
    ws.open()
    expect(ws.sentJson()).toEqual([{ action: 'subscribe', channel: 'notifications:u1' }])
    ws.receive({ type: 'subscribed', channel: 'notifications:u1' })
    expect(statuses).toContain('open')
    ws.receive({ type: 'unread_count', unread_count: 3 })
    ws.receive({ type: 'pong' })
    expect(events.map((e) => e.type)).toEqual(['subscribed', 'unread_count'])
    client.stop()
  })

  it('pings to keep the connection alive', async () => {
    const { client } = setup()
    client.start()
    await flush()
    const ws = FakeWebSocket.last()
    ws.open()
    await vi.advanceTimersByTimeAsync(30_000)
    ws.receive({ type: 'pong' })
    await vi.advanceTimersByTimeAsync(30_000)
    expect(ws.sentJson().filter((m) => (m as { action: string }).action === 'ping')).toHaveLength(2)
    client.stop()
  })

  it('reconnects with exponential backoff, asking for a new ticket every time', async () => {
    const { client, getTicket } = setup()
    client.start()
    await flush()
    expect(FakeWebSocket.instances).toHaveLength(1)

    const expected = [1000, 2000, 4000, 8000]
    for (const [i, delay] of expected.entries()) {
      FakeWebSocket.last().drop()
      await vi.advanceTimersByTimeAsync(delay - 1)
      expect(FakeWebSocket.instances).toHaveLength(i + 1) // not yet
      await vi.advanceTimersByTimeAsync(1)
      expect(FakeWebSocket.instances).toHaveLength(i + 2)
    }
    expect(getTicket).toHaveBeenCalledTimes(5)
    expect(FakeWebSocket.instances.map((w) => w.url.split('ticket=')[1])).toEqual(['t1', 't2', 't3', 't4', 't5'])
    client.stop()
  })

  it('resets the backoff once a connection is subscribed again', async () => {
    const { client } = setup()
    client.start()
    await flush()
    FakeWebSocket.last().drop()
    await vi.advanceTimersByTimeAsync(1000)
    FakeWebSocket.last().drop()
    await vi.advanceTimersByTimeAsync(2000)
    expect(client.failedAttempts).toBe(2)
    const ws = FakeWebSocket.last()
    ws.open()
    ws.receive({ type: 'subscribed', channel: 'notifications:u1' })
    expect(client.failedAttempts).toBe(0)
    ws.drop()
    await vi.advanceTimersByTimeAsync(1000)
    expect(FakeWebSocket.instances).toHaveLength(4)
    client.stop()
  })

  it('keeps retrying (with backoff) when the ticket request itself fails', async () => {
    const getTicket = vi
      .fn()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue({ ticket: 'ok', url: 'wss://rt.example/api', expires_in: 60 })
    const { client } = setup({ getTicket })
    client.start()
    await flush()
    expect(FakeWebSocket.instances).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1000)
    expect(FakeWebSocket.instances).toHaveLength(1)
    client.stop()
  })

  it('treats a silent socket as dead and reconnects', async () => {
    const { client } = setup()
    client.start()
    await flush()
    const ws = FakeWebSocket.last()
    ws.open()
    await vi.advanceTimersByTimeAsync(30_000 * 3) // no pong ever comes back
    expect(ws.closedWith?.code).toBe(4000)
    await vi.advanceTimersByTimeAsync(1000)
    expect(FakeWebSocket.instances.length).toBeGreaterThanOrEqual(2)
    client.stop()
  })

  it('stops for good on stop(): no reconnect after the socket closes', async () => {
    const { client } = setup()
    client.start()
    await flush()
    const ws = FakeWebSocket.last()
    ws.open()
    client.stop()
    expect(ws.closedWith?.code).toBe(1000)
    ws.drop()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(FakeWebSocket.instances).toHaveLength(1)
  })

  it('spreads reconnects with jitter inside [ceiling/2, ceiling], capped at the maximum', () => {
    expect(reconnectDelay(0, 1000, 30_000, () => 0)).toBe(500)
    expect(reconnectDelay(0, 1000, 30_000, () => 1)).toBe(1000)
    expect(reconnectDelay(3, 1000, 30_000, () => 0.5)).toBe(6000)
    expect(reconnectDelay(12, 1000, 30_000, () => 1)).toBe(30_000)
    expect(reconnectDelay(12, 1000, 30_000, () => 0)).toBe(15_000)
  })

  it('appends the ticket safely', () => {
    expect(withTicket('wss://x/api', 'a b')).toBe('wss://x/api?ticket=a%20b')
    expect(withTicket('ws://x/?stage=dev', 't')).toBe('ws://x/?stage=dev&ticket=t')
  })
  it('falls back to the browser WebSocket when no factory is given (even an explicit undefined)', async () => {
    vi.stubGlobal('WebSocket', FakeWebSocket)
    const client = new RealtimeClient({
      getTicket: async () => ({ ticket: 'x', url: 'wss://rt.example/api', expires_in: 60 }),
      channels: ['notifications:u1'],
      onEvent: () => {},
      createSocket: undefined,
      fallbackUrl: undefined,
    })
    client.start()
    await flush()
    expect(FakeWebSocket.last().url).toBe('wss://rt.example/api?ticket=x')
    client.stop()
  })

  it('uses the configured ws_url when the ticket carries no url', async () => {
    const { client } = setup({
      getTicket: async () => ({ ticket: 'y', url: '', expires_in: 60 }),
      fallbackUrl: () => 'ws://127.0.0.1:8001',
    })
    client.start()
    await flush()
    expect(FakeWebSocket.last().url).toBe('ws://127.0.0.1:8001?ticket=y')
    client.stop()
  })

  it('sends frames only while open and hands every frame and status to listeners', async () => {
    const { client, events } = setup()
    const frames: string[] = []
    const statuses: string[] = []
    const off = client.addListener({ onFrame: (f) => frames.push(f.type), onStatus: (s) => statuses.push(s) })
    expect(client.send({ action: 'room', type: 'join' })).toBe(false)
    client.start()
    await flush()
    const ws = FakeWebSocket.last()
    ws.open()
    ws.receive({ type: 'subscribed', channel: 'notifications:u1' })
    expect(client.isOpen).toBe(true)
    expect(client.send({ action: 'room', type: 'join', room: 'r1' })).toBe(true)
    expect(ws.sentJson().at(-1)).toEqual({ action: 'room', type: 'join', room: 'r1' })
    ws.receive({ type: 'room.joined', you: 'p1', peers: [] })
    ws.receive({ type: 'pong' })
    expect(frames).toEqual(['subscribed', 'room.joined'])
    expect(events.map((e) => e.type)).toEqual(['subscribed', 'room.joined'])
    ws.drop()
    expect(client.send({ action: 'room', type: 'chat' })).toBe(false)
    expect(statuses).toEqual(['connecting', 'open', 'reconnecting'])
    off()
    ws.receive({ type: 'chat' })
    expect(frames).toHaveLength(2)
    client.stop()
  })

  it('replays what it missed after a reconnect, each seq once, then resyncs the lists', async () => {
    const fetchSince = vi.fn(async (since: number) => ({
      items: [3, 4, 5].filter((n) => n > since).map((n) => ({ type: 'unread_count', unread_count: n, seq: n })),
      last_seq: 5,
    }))
    const onResync = vi.fn()
    const { client, events } = setup({ fetchSince, onResync })
    client.start()
    await flush()
    let ws = FakeWebSocket.last()
    ws.open()
    ws.receive({ type: 'subscribed', channel: 'notifications:u1', last_seq: 1 }) // a fresh tab: no replay
    await flush()
    expect(fetchSince).not.toHaveBeenCalled()
    ws.receive({ type: 'unread_count', unread_count: 2, seq: 2 })
    ws.drop()
    await vi.advanceTimersByTimeAsync(1000)
    ws = FakeWebSocket.last()
    ws.open()
    ws.receive({ type: 'unread_count', unread_count: 5, seq: 5 }) // arrives live while subscribing
    ws.receive({ type: 'subscribed', channel: 'notifications:u1', last_seq: 5 })
    await flush()
    expect(fetchSince).toHaveBeenCalledWith(2)
    const counts = events.filter((e) => e.type === 'unread_count').map((e) => (e as { seq?: number }).seq)
    expect(counts).toEqual([2, 5, 3, 4]) // 5 once, though it came live and in the replay
    expect(onResync).toHaveBeenCalledTimes(1)
    client.stop()
  })

  it('resyncs without fetching when nothing was missed', async () => {
    const fetchSince = vi.fn(async () => ({ items: [], last_seq: 1 }))
    const onResync = vi.fn()
    const { client } = setup({ fetchSince, onResync })
    client.start()
    await flush()
    FakeWebSocket.last().open()
    FakeWebSocket.last().receive({ type: 'subscribed', channel: 'notifications:u1', last_seq: 1 })
    await flush()
    expect(onResync).not.toHaveBeenCalled() // the first connection is not a reconnect
    FakeWebSocket.last().drop()
    await vi.advanceTimersByTimeAsync(1000)
    FakeWebSocket.last().open()
    FakeWebSocket.last().receive({ type: 'subscribed', channel: 'notifications:u1', last_seq: 1 })
    await flush()
    expect(fetchSince).not.toHaveBeenCalled()
    expect(onResync).toHaveBeenCalledTimes(1)
    client.stop()
  })

  it('fills a gap while connected (a post to this socket was lost), after waiting for late frames', async () => {
    const fetchSince = vi.fn(async (since: number) => ({
      items: [3, 4].filter((n) => n > since).map((n) => ({ type: 'unread_count', unread_count: n, seq: n })),
      last_seq: 4,
    }))
    const { client, events } = setup({ fetchSince })
    client.start()
    await flush()
    const ws = FakeWebSocket.last()
    ws.open()
    ws.receive({ type: 'subscribed', channel: 'notifications:u1', last_seq: 1 })
    await flush()
    ws.receive({ type: 'unread_count', unread_count: 3, seq: 3 }) // 2 is late: overtaken, not lost
    ws.receive({ type: 'unread_count', unread_count: 2, seq: 2 })
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetchSince).not.toHaveBeenCalled()
    ws.receive({ type: 'unread_count', unread_count: 5, seq: 5 }) // 4 never comes
    await vi.advanceTimersByTimeAsync(2000)
    expect(fetchSince).toHaveBeenCalledWith(3)
    const seqs = events.filter((e) => e.type === 'unread_count').map((e) => (e as { seq?: number }).seq)
    expect(seqs).toEqual([3, 2, 5, 4])
    client.stop()
  })
})
