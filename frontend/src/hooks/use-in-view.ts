import { useEffect, useRef, type RefObject } from 'react'

/**
 * Calls `onEnter` whenever the element scrolls into view (within `rootMargin`),
 * e.g. the sentinel under an infinite list. Without IntersectionObserver it
 * does nothing and the list's "Load more" button does the work.
 */
export function useInView(ref: RefObject<Element | null>, onEnter: () => void, { enabled = true, rootMargin = '400px' } = {}) {
  const callback = useRef(onEnter)
  useEffect(() => {
    callback.current = onEnter
  })
  useEffect(() => {
    const el = ref.current
    if (!enabled || !el || typeof IntersectionObserver !== 'function') return
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) callback.current()
      },
      { rootMargin },
    )
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref, enabled, rootMargin])
}
