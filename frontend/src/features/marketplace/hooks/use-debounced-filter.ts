import { useEffect, useRef, useState } from 'react'
import { useDebouncedValue } from '@/hooks/use-debounced-value'

/**
 * A text filter typed freely and committed (to the URL) once typing pauses.
 * When the committed value changes from elsewhere (Clear filters, the back
 * button) the box follows it; the echo of our own commit does not reset it,
 * even when it arrives after the user typed on (a slow phone, a busy tab).
 */
export function useDebouncedFilter(value: string, onCommit: (v: string) => void, delayMs = 350) {
  const [state, setState] = useState({ text: value, base: value, sent: value })
  if (state.base !== value) {
    const ours = value.trim() === state.sent.trim()
    setState({ text: ours || state.text.trim() === value.trim() ? state.text : value, base: value, sent: value })
  }
  const debounced = useDebouncedValue(state.text, delayMs)
  const commit = useRef(onCommit)
  const latest = useRef(value)
  useEffect(() => {
    commit.current = onCommit
    latest.current = value
  })
  useEffect(() => {
    if (debounced.trim() === latest.current.trim()) return
    setState((s) => ({ ...s, sent: debounced }))
    commit.current(debounced)
  }, [debounced])
  const setText = (text: string) => setState((s) => ({ ...s, text }))
  return [state.text, setText] as const
}
