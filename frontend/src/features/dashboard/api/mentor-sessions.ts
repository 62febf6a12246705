import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api, ApiError } from '@/lib/api-client'
import type { PresignedUpload } from '@/lib/api-types'
import type { CatalogSuggestion, Page, Session, SessionInput } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'
import { postToStorage } from '@/lib/uploads'

export type SessionTab = 'today' | 'upcoming' | 'past'

/** GET /mentor/sessions?tab=: the mentor's own sessions with bookings_count. */
export function useDeskSessions(tab: SessionTab, limit = 20) {
  return useInfiniteQuery({
    queryKey: [...marketKeys.deskSessions(tab), limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Session>>('/mentor/sessions', { query: { tab, cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** GET /sessions/{id} for the edit form. */
export function useOwnSession(id: string | undefined) {
  return useQuery({
    queryKey: marketKeys.session(id ?? ''),
    queryFn: ({ signal }) => api.get<Session>(`/sessions/${encodeURIComponent(id!)}`, { signal }),
    enabled: Boolean(id),
  })
}

function refreshSessions(queryClient: QueryClient) {
  for (const queryKey of [marketKeys.desk, marketKeys.sessions, marketKeys.landing, marketKeys.mentors]) {
    void queryClient.invalidateQueries({ queryKey })
  }
}

/** POST /sessions → 201 Session. 409 slot_taken when it overlaps another of yours. */
export function useCreateSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: SessionInput) => api.post<Session>('/sessions', input),
    onSuccess: () => refreshSessions(queryClient),
  })
}

/** PATCH /sessions/{id}: time, duration, price and seats only while nobody booked. */
export function useUpdateSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<SessionInput> }) =>
      api.patch<Session>(`/sessions/${encodeURIComponent(id)}`, patch),
    onSuccess: () => refreshSessions(queryClient),
  })
}

/** POST /sessions/{id}/cancel: every booked learner is notified and refunded. */
export function useCancelSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) =>
      api.post<Session>(`/sessions/${encodeURIComponent(id)}/cancel`, reason ? { reason } : {}),
    onSuccess: () => refreshSessions(queryClient),
  })
}

/** POST /sessions/{id}/go-live → Session live with its room_code. */
export function useGoLive() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<Session>(`/sessions/${encodeURIComponent(id)}/go-live`, {}),
    onSuccess: () => refreshSessions(queryClient),
  })
}

/** POST /sessions/{id}/end → completed. */
export function useEndOwnSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => api.post<Session>(`/sessions/${encodeURIComponent(id)}/end`, {}),
    onSuccess: () => refreshSessions(queryClient),
  })
}

export const THUMBNAIL_TYPES = ['image/jpeg', 'image/png', 'image/webp']
export const THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024

export function checkThumbnail(file: File): string | null {
  if (!THUMBNAIL_TYPES.includes(file.type)) return 'Choose a JPEG, PNG or WebP image.'
  if (file.size > THUMBNAIL_MAX_BYTES) return 'That image is too large (up to 5 MB).'
  if (file.size === 0) return 'That file is empty.'
  return null
}

/** POST /sessions/thumbnail (presigned POST) → the file to storage → its key. */
export async function uploadThumbnail(file: File): Promise<string> {
  const problem = checkThumbnail(file)
  if (problem) throw new ApiError(400, { error: 'validation_error', message: problem })
  const presigned = await api.post<PresignedUpload>('/sessions/thumbnail', { content_type: file.type, size: file.size })
  await postToStorage(presigned, file)
  return presigned.key
}

/** POST /catalog/suggest: title ideas and spelling corrections for the topics. */
export function useCatalogSuggest(topics: string[], category: string) {
  const enabled = topics.length > 0 || Boolean(category)
  return useQuery({
    queryKey: ['catalog-suggest', topics, category],
    queryFn: ({ signal }) =>
      api.post<CatalogSuggestion>('/catalog/suggest', category ? { topics, category } : { topics }, { signal }),
    enabled,
    staleTime: 5 * 60_000,
    retry: false,
  })
}
