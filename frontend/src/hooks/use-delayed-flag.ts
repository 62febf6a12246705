import { useEffect, useState } from 'react'

/**
 * True once `active` has stayed true for `delayMs`; false again as soon as it
 * turns false. Skeletons use 1 s, the full-screen spinner 3 s, so fast loads
 * never flash a placeholder.
 */
export function useDelayedFlag(active: boolean, delayMs: number): boolean {
  const [passed, setPassed] = useState(false)
  useEffect(() => {
    if (!active) return
    const timer = setTimeout(() => setPassed(true), delayMs)
    return () => {
      clearTimeout(timer)
      setPassed(false)
    }
  }, [active, delayMs])
  return active && passed
}
