import { QueryClient } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createMemoryRouter, RouterProvider } from 'react-router'
import type { Role } from '@/lib/api-types'
import { authStore } from '@/lib/auth-store'
import { registerNavigate } from '@/lib/navigation'
import type { WebSocketFactory } from '@/lib/ws-client'
import { AppProvider } from '@/app/provider'
import { routes } from '@/app/router'
import { makeTokens } from './mock-api'

export function signIn(role: Role, overrides = {}) {
  const tokens = makeTokens(role, 1, overrides)
  authStore.setTokens(tokens)
  return tokens
}

export function renderApp(
  path: string,
  { createSocket }: { createSocket?: WebSocketFactory } = {},
) {
  const router = createMemoryRouter(routes, { initialEntries: [path] })
  const unregister = registerNavigate((to, options) => router.navigate(to, { replace: options?.replace }))
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: 30_000 }, mutations: { retry: false } },
  })
  const user = userEvent.setup()
  const utils = render(
    <AppProvider queryClient={queryClient} realtime={{ enabled: Boolean(createSocket), createSocket }}>
      <RouterProvider router={router} />
    </AppProvider>,
  )
  const where = () => `${router.state.location.pathname}${router.state.location.search}`
  return { ...utils, router, user, queryClient, where, unregister }
}
