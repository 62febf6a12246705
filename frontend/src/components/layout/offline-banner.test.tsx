import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { publishRealtimeClient } from '@/lib/realtime-hub'
import { RealtimeClient } from '@/lib/ws-client'
import { FakeWebSocket } from '@/testing/fake-websocket'
import { OfflineBanner } from './offline-banner'

function setOnline(value: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value })
  window.dispatchEvent(new Event(value ? 'online' : 'offline'))
}

afterEach(() => setOnline(true))

describe('OfflineBanner', () => {
  it('appears on the offline event and goes away when back online', () => {
    render(<OfflineBanner />)
    expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument()
    act(() => setOnline(false))
    expect(screen.getByTestId('offline-banner')).toHaveTextContent(/offline/i)
    act(() => setOnline(true))
    expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument()
  })

  it('shows while the live line is down and reconnecting, and goes when it is back', async () => {
    vi.useFakeTimers()
    FakeWebSocket.reset()
    const client = new RealtimeClient({
      getTicket: async () => ({ ticket: 't', url: 'ws://rt.test', expires_in: 60 }),
      channels: ['public:live'],
      onEvent: () => {},
      createSocket: (url) => new FakeWebSocket(url),
      random: () => 1,
    })
    render(<OfflineBanner />)
    act(() => publishRealtimeClient(client))
    client.start()
    await act(() => vi.advanceTimersByTimeAsync(0))
    act(() => {
      FakeWebSocket.last().open()
      FakeWebSocket.last().receive({ type: 'subscribed', channel: 'public:live' })
    })
    expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument()
    act(() => FakeWebSocket.last().drop())
    expect(screen.getByTestId('offline-banner')).toHaveTextContent(/Reconnecting/)
    await act(() => vi.advanceTimersByTimeAsync(1000))
    act(() => {
      FakeWebSocket.last().open()
      FakeWebSocket.last().receive({ type: 'subscribed', channel: 'public:live' })
    })
    expect(screen.queryByTestId('offline-banner')).not.toBeInTheDocument()
    client.stop()
    act(() => publishRealtimeClient(null))
    vi.useRealTimers()
  })
})
