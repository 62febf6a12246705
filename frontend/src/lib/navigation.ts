// Lets non-React modules (the API client) navigate through the router. The
// app registers the router's navigate function at start-up; until then a hard
// navigation is used.
type NavigateFn = (to: string, options?: { replace?: boolean }) => void | Promise<void>

let navigateImpl: NavigateFn = (to, options) => {
  if (options?.replace) window.location.replace(to)
  else window.location.assign(to)
}

export function registerNavigate(fn: NavigateFn): () => void {
  const previous = navigateImpl
  navigateImpl = fn
  return () => {
    navigateImpl = previous
  }
}

/** Navigates; the promise settles once the router has committed the new location. */
export async function navigateTo(to: string, options?: { replace?: boolean }): Promise<void> {
  await navigateImpl(to, options)
}
