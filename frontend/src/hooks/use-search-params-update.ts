import { useCallback, useLayoutEffect, useRef } from 'react'
import { useSearchParams } from 'react-router'

/**
 * The query string, and an update that starts from the newest value asked for. React Router's own
 * functional update starts from the params of the last render, and its navigations render in a
 * transition: a filter picked before the last change rendered (a debounced search committing
 * while the user opens the domain list, on a slow phone) would drop that change.
 */
export function useSearchParamsUpdate() {
  const [params, setParams] = useSearchParams()
  const rendered = useRef(params)
  const setter = useRef(setParams)
  useLayoutEffect(() => {
    rendered.current = params
    setter.current = setParams
  })
  const asked = useRef<{ from: string; next: URLSearchParams } | null>(null)
  const update = useCallback((change: (next: URLSearchParams) => void) => {
    const now = rendered.current
    // Not rendered yet: our last ask is newer than what the page shows. Rendered (or moved by
    // Back/Forward): the page's params are the truth.
    const base = asked.current && asked.current.from === now.toString() ? asked.current.next : now
    const next = new URLSearchParams(base)
    change(next)
    asked.current = { from: now.toString(), next }
    setter.current(next, { replace: true })
  }, [])
  return [params, update] as const
}
