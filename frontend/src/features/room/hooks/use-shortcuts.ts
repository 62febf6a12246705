import { useEffect, useLayoutEffect, useRef } from 'react'

/**
 * Single-key shortcuts for the room's toolbar (M, V, S, C, W, T, G, E…),
 * ignored while typing in a field or with a modifier held, and while a dialog
 * is open.
 */
export function useShortcuts(map: Record<string, (() => void) | undefined>, enabled = true) {
  const ref = useRef(map)
  useLayoutEffect(() => {
    ref.current = map
  })
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return
      const t = e.target as HTMLElement | null
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return
      if (document.querySelector('[role="dialog"][aria-modal="true"]')) return
      const action = ref.current[e.key.toLowerCase()]
      if (!action) return
      e.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled])
}
