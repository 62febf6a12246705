import { useEffect, useState } from 'react'
import { useMediaQuery } from '@/hooks/use-media-query'

type IdleWindow = Window & {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number
  cancelIdleCallback?: (handle: number) => void
}

/**
 * How long the main thread must have been free of long tasks (> 50 ms) after
 * `load` before the animation may start: the quiet window that defines Time
 * to Interactive. By then the largest paint is long done and a phone's first
 * taps meet an idle thread.
 */
export const QUIET_MS = 5000

function saveData(): boolean {
  if (typeof navigator === 'undefined') return false
  return (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true
}

/** Calls `done` once `QUIET_MS` have passed without a long task (where the browser reports them). */
function whenQuiet(done: () => void): () => void {
  let timer = setTimeout(done, QUIET_MS)
  let observer: PerformanceObserver | undefined
  if (typeof PerformanceObserver !== 'undefined' && PerformanceObserver.supportedEntryTypes?.includes('longtask')) {
    observer = new PerformanceObserver(() => {
      clearTimeout(timer)
      timer = setTimeout(done, QUIET_MS)
    })
    observer.observe({ type: 'longtask' })
  }
  return () => {
    clearTimeout(timer)
    observer?.disconnect()
  }
}

/**
 * Whether the landing's hero animation may load now. Never with
 * `prefers-reduced-motion: reduce` or Save-Data on; otherwise only after
 * `load`, once the main thread has been quiet for `QUIET_MS` and then at an
 * idle moment, so the ~190 KB Lottie engine and its frames never compete
 * with the first paint, the largest paint or the first input.
 */
export function useDeferredHero(): boolean {
  const reduceMotion = useMediaQuery('(prefers-reduced-motion: reduce)')
  const [idle, setIdle] = useState(false)
  const skip = reduceMotion || saveData()

  useEffect(() => {
    if (skip) return
    const w = window as IdleWindow
    let handle: number | undefined
    let stopQuiet: (() => void) | undefined
    let fallback: ReturnType<typeof setTimeout> | undefined
    const whenIdle = () => {
      stopQuiet?.()
      if (w.requestIdleCallback) handle = w.requestIdleCallback(() => setIdle(true), { timeout: 5000 })
      else fallback = setTimeout(() => setIdle(true), 0) // Safari: no idle callbacks; quiet is enough
    }
    const afterLoad = () => {
      stopQuiet = whenQuiet(whenIdle)
    }
    if (document.readyState === 'complete') afterLoad()
    else window.addEventListener('load', afterLoad, { once: true })
    return () => {
      window.removeEventListener('load', afterLoad)
      stopQuiet?.()
      if (handle !== undefined) w.cancelIdleCallback?.(handle)
      if (fallback !== undefined) clearTimeout(fallback)
    }
  }, [skip])

  return idle && !skip
}
