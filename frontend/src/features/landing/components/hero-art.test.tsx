import { act, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { baseHandlers, mockApi } from '@/testing/mock-api'
import { renderApp } from '@/testing/render-app'
import { QUIET_MS } from '../hooks/use-deferred-hero'

// The hero animation must never compete with the first paint or input: it loads only after the
// page's `load`, once the main thread has been quiet for QUIET_MS and then at an idle moment, never
// on reduced motion or Save-Data, and a still of its first frame holds its place at the same size.
// (jsdom reports no long tasks: the quiet window is a plain QUIET_MS wait here.)

let idleCallbacks: (() => void)[] = []
let readyState: DocumentReadyState = 'complete'

function media(reduce: boolean) {
  return (query: string) => ({
    matches: reduce && query.includes('prefers-reduced-motion: reduce'),
    media: query,
    onchange: null,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
    dispatchEvent: () => false,
  })
}

function runIdle() {
  const pending = idleCallbacks
  idleCallbacks = []
  act(() => pending.forEach((cb) => cb()))
}

async function renderLanding() {
  mockApi(baseHandlers())
  renderApp('/')
  await screen.findByRole('heading', { level: 1 })
  return screen.getByTestId('hero-still')
}

beforeEach(() => {
  idleCallbacks = []
  readyState = 'complete'
  vi.stubGlobal('requestIdleCallback', (cb: () => void) => idleCallbacks.push(cb))
  vi.stubGlobal('cancelIdleCallback', () => {})
  Object.defineProperty(document, 'readyState', { configurable: true, get: () => readyState })
})

afterEach(() => {
  Reflect.deleteProperty(document, 'readyState')
  Reflect.deleteProperty(navigator, 'connection')
})

describe('landing hero', () => {
  it('shows the first frame as a still of the animation\'s size, in the same box', async () => {
    const still = await renderLanding()
    expect(still).toHaveAttribute('width', '480')
    expect(still).toHaveAttribute('height', '360')
    expect(still).toHaveAttribute('alt', '')
    expect(still).toHaveClass('h-full', 'w-full')
    expect(still.closest('.aspect-\\[4\\/3\\]')).not.toBeNull()
  })

  it('waits for the load event, a quiet main thread, then an idle moment, before loading the animation', async () => {
    readyState = 'loading'
    await renderLanding()
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    act(() => vi.advanceTimersByTime(QUIET_MS * 2))
    expect(idleCallbacks).toHaveLength(0) // nothing is even scheduled before `load`
    expect(screen.queryByTestId('hero-animation')).not.toBeInTheDocument()

    readyState = 'complete'
    act(() => {
      window.dispatchEvent(new Event('load'))
    })
    act(() => vi.advanceTimersByTime(QUIET_MS - 10))
    expect(idleCallbacks).toHaveLength(0) // loaded, but not quiet for long enough yet
    act(() => vi.advanceTimersByTime(10))
    expect(idleCallbacks).toHaveLength(1)
    expect(screen.queryByTestId('hero-animation')).not.toBeInTheDocument() // not idle yet: nothing
    vi.useRealTimers()

    runIdle()
    expect(await screen.findByTestId('hero-animation')).toBeInTheDocument()
  })

  it('never loads the animation with prefers-reduced-motion: reduce; the still stays', async () => {
    vi.stubGlobal('matchMedia', media(true))
    await renderLanding()
    act(() => {
      window.dispatchEvent(new Event('load'))
    })
    await new Promise((r) => setTimeout(r, QUIET_MS + 200))
    expect(idleCallbacks).toHaveLength(0) // never even scheduled
    runIdle()
    await new Promise((r) => setTimeout(r, 300))
    expect(screen.queryByTestId('hero-animation')).not.toBeInTheDocument()
    expect(screen.getByTestId('hero-still')).toBeVisible()
  })

  it('never loads the animation with Save-Data on; the still stays', async () => {
    Object.defineProperty(navigator, 'connection', { configurable: true, value: { saveData: true } })
    await renderLanding()
    act(() => {
      window.dispatchEvent(new Event('load'))
    })
    await new Promise((r) => setTimeout(r, QUIET_MS + 200))
    expect(idleCallbacks).toHaveLength(0) // never even scheduled
    runIdle()
    await new Promise((r) => setTimeout(r, 300))
    expect(screen.queryByTestId('hero-animation')).not.toBeInTheDocument()
    expect(screen.getByTestId('hero-still')).toBeVisible()
  })

  it('without requestIdleCallback (Safari) it loads once the page has been quiet after load', async () => {
    vi.stubGlobal('requestIdleCallback', undefined)
    await renderLanding()
    expect(await screen.findByTestId('hero-animation')).toBeInTheDocument()
  })
})
