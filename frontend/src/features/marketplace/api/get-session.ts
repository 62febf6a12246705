import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Session } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/** GET /sessions/{id}: the session with its refund policy (fresh seats left). */
export function getSession(id: string, signal?: AbortSignal) {
  return api.get<Session>(`/sessions/${encodeURIComponent(id)}`, { signal })
}

export function useSessionDetail(id: string | undefined, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: marketKeys.session(id ?? ''),
    queryFn: ({ signal }) => getSession(id!, signal),
    enabled: enabled && Boolean(id),
    staleTime: 5_000,
  })
}
