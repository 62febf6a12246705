// Session hooks shared by the whole app: who is signed in (instantly, from the
// stored session), their full record (GET /me), logging out, their timezone.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useSyncExternalStore } from 'react'
import { api } from './api-client'
import type { Me, Tokens } from './api-types'
import { authStore, type Session } from './auth-store'
import { browserTimezone } from './format'
import { navigateTo } from './navigation'

export const meQueryKey = ['me'] as const

export function useSession(): Session | null {
  return useSyncExternalStore(authStore.subscribe, authStore.get, authStore.get)
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

/** Store a fresh token pair and seed the /me cache with the user it carries. */
export function startSession(queryClient: QueryClient, tokens: Tokens) {
  authStore.setTokens(tokens)
  queryClient.setQueryData([...meQueryKey, tokens.user.user_id], tokens.user)
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useCallback(async () => {
    const refreshToken = authStore.getRefreshToken()
    // Marked as a logout, so the guard of the page being left sends the user
    // home instead of to a signup or login flow.
    authStore.clear('logout')
    queryClient.clear()
    void navigateTo('/', { replace: true })
    if (refreshToken) {
      try {
        await api.post('/auth/logout', { refresh_token: refreshToken }, { skipAuthHandling: true })
      } catch {
        // The token is gone from this device either way.
      }
    }
  }, [queryClient])
}

export function useTimezone(): string {
  const { data } = useMe()
  return data?.timezone || browserTimezone()
}
