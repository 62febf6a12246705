import { useRef, useState, type PointerEvent as ReactPointerEvent } from 'react'

type Direction = 'down' | 'right'

/**
 * Drag-to-dismiss for sheets and side menus. Returns the current offset (px,
 * ≥ 0, along `direction`) and pointer handlers. Releasing past `threshold` px
 * (or a quick flick) calls onDismiss; otherwise the panel springs back.
 */
export function useSwipeToDismiss(
  direction: Direction,
  onDismiss: () => void,
  threshold = 80,
) {
  const start = useRef<{ x: number; y: number; t: number; id: number; captured: boolean } | null>(null)
  const [offset, setOffset] = useState(0)

  const delta = (e: ReactPointerEvent) => {
    if (!start.current) return 0
    const d = direction === 'down' ? e.clientY - start.current.y : e.clientX - start.current.x
    return Math.max(0, d)
  }

  return {
    offset,
    handlers: {
      onPointerDown(e: ReactPointerEvent) {
        if (e.pointerType === 'mouse' && e.button !== 0) return
        // No pointer capture yet: a plain tap must still click the button
        // under the finger (capture would retarget the click to the panel).
        start.current = { x: e.clientX, y: e.clientY, t: Date.now(), id: e.pointerId, captured: false }
      },
      onPointerMove(e: ReactPointerEvent) {
        if (!start.current) return
        const d = delta(e)
        if (!start.current.captured && d > 8) {
          start.current.captured = true
          try {
            ;(e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId)
          } catch {
            // not capturable (synthetic event)
          }
        }
        setOffset(d)
      },
      onPointerUp(e: ReactPointerEvent) {
        if (!start.current) return
        const d = delta(e)
        const elapsed = Math.max(1, Date.now() - start.current.t)
        start.current = null
        setOffset(0)
        const flick = d > 30 && d / elapsed > 0.6
        if (d >= threshold || flick) onDismiss()
      },
      onPointerCancel() {
        start.current = null
        setOffset(0)
      },
    },
  }
}
