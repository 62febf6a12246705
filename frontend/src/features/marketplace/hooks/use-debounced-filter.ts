import { useEffect, useRef, useState } from 'react'
import { useDebouncedValue } from '@/hooks/use-debounced-value'

/**
 * A text filter typed freely and committed (to the URL) once typing pauses.
 * When the committed value changes from elsewhere (Clear filters, the back
 * button) the box follows it.
 */
export function useDebouncedFilter(value: string, onCommit: (v: string) => void, delayMs = 350) {
  const [state, setState] = useState({ text: value, base: value })
  if (state.base !== value) {
    setState({ text: state.text.trim() === value.trim() ? state.text : value, base: value })
  }
  const debounced = useDebouncedValue(state.text, delayMs)
  const commit = useRef(onCommit)
  const latest = useRef(value)
  useEffect(() => {
    commit.current = onCommit
    latest.current = value
  })
  useEffect(() => {
    if (debounced.trim() !== latest.current.trim()) commit.current(debounced)
  }, [debounced])
  const setText = (text: string) => setState((s) => ({ ...s, text }))
  return [state.text, setText] as const
}
