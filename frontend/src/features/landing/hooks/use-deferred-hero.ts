import { useEffect, useState } from 'react'
import { useMediaQuery } from '@/hooks/use-media-query'

type IdleWindow = Window & {
  requestIdleCallback?: (cb: () => void, opts?: { timeout: number }) => number
  cancelIdleCallback?: (handle: number) => void
}

/** How long after `load` a browser without requestIdleCallback (Safari) waits instead. */
export const IDLE_FALLBACK_MS = 1500

function saveData(): boolean {
  if (typeof navigator === 'undefined') return false
  return (navigator as Navigator & { connection?: { saveData?: boolean } }).connection?.saveData === true
}

/**
 * Whether the landing's hero animation may load now. Never with
 * `prefers-reduced-motion: reduce` or Save-Data on; otherwise only once the
 * page has loaded (its largest paint is done by then) and the main thread is
 * idle, so the ~190 KB Lottie engine and its first frames never compete with
 * the first paint or the first input.
 */
export function useDeferredHero(): boolean {
  const reduceMotion = useMediaQuery('(prefers-reduced-motion: reduce)')
  const [idle, setIdle] = useState(false)
  const skip = reduceMotion || saveData()

  useEffect(() => {
    if (skip) return
    const w = window as IdleWindow
    let handle: number | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    const whenIdle = () => {
      if (w.requestIdleCallback) handle = w.requestIdleCallback(() => setIdle(true), { timeout: 5000 })
      else timer = setTimeout(() => setIdle(true), IDLE_FALLBACK_MS)
    }
    if (document.readyState === 'complete') whenIdle()
    else window.addEventListener('load', whenIdle, { once: true })
    return () => {
      window.removeEventListener('load', whenIdle)
      if (handle !== undefined) w.cancelIdleCallback?.(handle)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [skip])

  return idle && !skip
}
