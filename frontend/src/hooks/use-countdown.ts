import { useCallback, useEffect, useState } from 'react'

/** Seconds left until `start(seconds)` runs out; ticks once a second. */
export function useCountdown(initialSeconds = 0) {
  const [deadline, setDeadline] = useState(() =>
    initialSeconds > 0 ? Date.now() + initialSeconds * 1000 : 0,
  )
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (deadline <= Date.now()) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [deadline])
  const start = useCallback((seconds: number) => {
    const t = Date.now()
    setNow(t)
    setDeadline(t + Math.max(0, seconds) * 1000)
  }, [])
  const remaining = Math.max(0, Math.ceil((deadline - now) / 1000))
  return { remaining, start }
}
