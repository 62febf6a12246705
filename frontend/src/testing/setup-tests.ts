import '@testing-library/jest-dom/vitest'
import { cleanup, configure } from '@testing-library/react'
import { createElement } from 'react'
import { afterEach, beforeEach, vi } from 'vitest'
import { apiClientConfig } from '@/lib/api-client'
import { authStore } from '@/lib/auth-store'
import { toastStore } from '@/lib/toast'

// lottie-web needs a real canvas/SVG engine; jsdom has neither.
vi.mock('lottie-react', () => ({
  LottieLight: (props: Record<string, unknown>) =>
    createElement('div', { 'data-testid': props['data-testid'] ?? 'lottie', 'aria-hidden': 'true' }),
}))

if (typeof window.matchMedia !== 'function') {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addEventListener: () => {},
      removeEventListener: () => {},
      addListener: () => {},
      removeListener: () => {},
      dispatchEvent: () => false,
    }),
  })
}
window.scrollTo = (() => {}) as typeof window.scrollTo
if (!URL.createObjectURL) URL.createObjectURL = () => 'blob:preview'
if (!URL.revokeObjectURL) URL.revokeObjectURL = () => {}

// Lazy routes + mocked fetches can take over a second when every test file
// runs in parallel; wait longer than the 1 s default before failing a find*.
// 3 s was not enough on two shared cores at load 20+ (tests failed at 3.5–4.5 s
// and passed alone); a real failure still fails, only later.
configure({ asyncUtilTimeout: 8000 })

const defaults = { ...apiClientConfig }

beforeEach(() => {
  localStorage.clear()
  sessionStorage.clear()
  authStore.reset()
  Object.assign(apiClientConfig, defaults, { retryBaseDelayMs: 1, retryMaxDelayMs: 8 })
})

afterEach(() => {
  cleanup()
  toastStore.reset()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})
