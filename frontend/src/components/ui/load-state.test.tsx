import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LoadState } from './load-state'

function setConnection(downlink: number | undefined) {
  Object.defineProperty(navigator, 'connection', {
    configurable: true,
    value:
      downlink === undefined
        ? undefined
        : { downlink, effectiveType: '4g', addEventListener: () => {}, removeEventListener: () => {} },
  })
}

beforeEach(() => {
  vi.useFakeTimers()
  setConnection(undefined)
})
afterEach(() => setConnection(undefined))

describe('LoadState timing', () => {
  it('shows nothing visible before 1 s, the skeleton from 1 s, the full-screen spinner from 3 s', () => {
    render(<LoadState pending>content</LoadState>)
    act(() => vi.advanceTimersByTime(999))
    expect(screen.queryByTestId('page-skeleton')).not.toBeInTheDocument()
    expect(screen.queryByTestId('fullscreen-spinner')).not.toBeInTheDocument()

    act(() => vi.advanceTimersByTime(1))
    expect(screen.getByTestId('page-skeleton')).toBeInTheDocument()

    act(() => vi.advanceTimersByTime(1999))
    expect(screen.queryByTestId('fullscreen-spinner')).not.toBeInTheDocument()
    act(() => vi.advanceTimersByTime(1))
    expect(screen.getByTestId('fullscreen-spinner')).toBeInTheDocument()
    expect(screen.queryByTestId('page-skeleton')).not.toBeInTheDocument()
  })

  it('never flashes a skeleton for a load that finishes within a second', () => {
    const { rerender } = render(<LoadState pending>content</LoadState>)
    act(() => vi.advanceTimersByTime(600))
    rerender(<LoadState pending={false}>content</LoadState>)
    act(() => vi.advanceTimersByTime(5000))
    expect(screen.queryByTestId('page-skeleton')).not.toBeInTheDocument()
    expect(screen.getByText('content')).toBeInTheDocument()
  })

  it('restarts the 1 s grace period for the next load', () => {
    const { rerender } = render(<LoadState pending>content</LoadState>)
    act(() => vi.advanceTimersByTime(1500))
    expect(screen.getByTestId('page-skeleton')).toBeInTheDocument()
    rerender(<LoadState pending={false}>content</LoadState>)
    rerender(<LoadState pending>content</LoadState>)
    expect(screen.queryByTestId('page-skeleton')).not.toBeInTheDocument()
    act(() => vi.advanceTimersByTime(1000))
    expect(screen.getByTestId('page-skeleton')).toBeInTheDocument()
  })

  it('goes straight to the spinner on a slow network (< 2 Mbit/s)', () => {
    setConnection(1.2)
    render(<LoadState pending>content</LoadState>)
    expect(screen.getByTestId('fullscreen-spinner')).toBeInTheDocument()
  })

  it('uses a custom skeleton when given one', () => {
    render(<LoadState pending skeleton={<p>custom placeholder</p>}>content</LoadState>)
    act(() => vi.advanceTimersByTime(1000))
    expect(screen.getByText('custom placeholder')).toBeInTheDocument()
  })
})
