import { isRouteErrorResponse, Link, useRouteError } from 'react-router'

/** Last-resort error screen (a page chunk failed to load, a render crashed). */
export function RouteError() {
  const error = useRouteError()
  const chunkFailed =
    error instanceof Error && /dynamically imported module|Importing a module script failed|Failed to fetch/i.test(error.message)
  const title = isRouteErrorResponse(error) && error.status === 404 ? 'Page not found' : 'Something went wrong'
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-xl flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-3xl font-bold text-primary">{title}</h1>
      <p className="text-base text-ink-muted">
        {chunkFailed
          ? 'Part of the page could not be downloaded. Check your connection.'
          : 'The page hit an unexpected problem. Your data is safe.'}
      </p>
      <div className="flex gap-3">
        <button
          type="button"
          onClick={() => window.location.reload()}
          className="min-h-tap rounded-[var(--radius-control)] bg-primary px-5 font-semibold text-white hover:bg-primary-hover"
        >
          Retry?
        </button>
        <Link to="/" className="inline-flex min-h-tap items-center rounded-[var(--radius-control)] px-5 font-semibold text-primary hover:bg-accent-soft">
          Go home
        </Link>
      </div>
    </main>
  )
}
