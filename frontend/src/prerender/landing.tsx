// Build-time only (scripts/prerender.mjs): renders `/` signed out, exactly as
// the app's own components do, so dist/index.html carries the landing's
// markup and a phone paints the hero before any JavaScript has run. main.tsx
// then renders the app over it (no hydration: the markup is only a picture).
import { renderToString } from 'react-dom/server'
import { prerender } from 'react-dom/static'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { QueryClient } from '@tanstack/react-query'
import { AppProvider } from '@/app/provider'
import { routes } from '@/app/router'

async function tree() {
  const handler = createStaticHandler(routes)
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error(`prerender: / answered ${context.status}`)
  const router = createStaticRouter(handler.dataRoutes, context)
  // No data at build time: the discovery block renders its loading state, as on a first visit.
  const queryClient = new QueryClient({ defaultOptions: { queries: { enabled: false, retry: false } } })
  return (
    <AppProvider queryClient={queryClient} realtime={{ enabled: false }}>
      <StaticRouterProvider router={router} context={context} hydrate={false} />
    </AppProvider>
  )
}

export async function renderLanding(): Promise<string> {
  // The first pass waits for the lazily loaded route modules; the second renders with them
  // resolved, so the markup is whole (no streamed Suspense boundaries, no inline scripts).
  const { prelude } = await prerender(await tree())
  await new Response(prelude).text()
  return renderToString(await tree())
}
