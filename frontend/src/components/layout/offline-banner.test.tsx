import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
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
})
