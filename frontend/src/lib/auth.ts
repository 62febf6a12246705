// Session hooks shared by the whole app: who is signed in (instantly, from the
// in-memory session), whether the page-load restore is still running, their
// full record (GET /me), logging out, their timezone.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useSyncExternalStore } from 'react'
import { api, broadcastAuth, logoutSession } from './api-client'
import type { Me, Tokens } from './api-types'
import { authStore, type Session } from './auth-store'
import { browserTimezone } from './format'
import { navigateTo } from './navigation'

export const meQueryKey = ['me'] as const

export function useSession(): Session | null {
  return useSyncExternalStore(authStore.subscribe, authStore.get, authStore.get)
}

/** True while the page-load refresh has not answered: the session is not known yet. */
export function useSessionRestoring(): boolean {
  return useSyncExternalStore(authStore.subscribe, authStore.isRestoring, authStore.isRestoring)
}

export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  const me = await api.get<Me>('/me', { signal })
  authStore.updateUser(me)
  return me
}

export function useMe() {
  const session = useSession()
  return useQuery({
    queryKey: [...meQueryKey, session?.user.user_id ?? 'anonymous'],
    queryFn: ({ signal }) => fetchMe(signal),
    enabled: session !== null,
  })
}

export function setMeData(queryClient: QueryClient, me: Me) {
  queryClient.setQueryData([...meQueryKey, me.user_id], me)
  authStore.updateUser(me)
}

/** Keep a fresh access token (the refresh cookie came with it) and seed the /me cache. */
export function startSession(queryClient: QueryClient, tokens: Tokens) {
  authStore.setTokens(tokens)
  queryClient.setQueryData([...meQueryKey, tokens.user.user_id], tokens.user)
  broadcastAuth('signed-in')
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useCallback(async () => {
    // Marked as a logout, so the guard of the page being left sends the user
    // home instead of to a signup or login flow.
    authStore.clear('logout')
    queryClient.clear()
    void navigateTo('/', { replace: true })
    // Revokes the login and deletes the HttpOnly cookie (only the API can).
    await logoutSession()
  }, [queryClient])
}

export function useTimezone(): string {
  const { data } = useMe()
  return data?.timezone || browserTimezone()
}
