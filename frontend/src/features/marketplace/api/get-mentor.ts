import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { MentorProfileData, Page, Session } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/** GET /mentors/{id}: the public profile. */
export function useMentorProfile(id: string | undefined) {
  return useQuery({
    queryKey: marketKeys.mentor(id ?? ''),
    queryFn: ({ signal }) => api.get<MentorProfileData>(`/mentors/${encodeURIComponent(id!)}`, { signal }),
    enabled: Boolean(id),
  })
}

/** GET /mentors/{id}/sessions: their upcoming public sessions. */
export function useMentorSessions(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: marketKeys.mentorSessions(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Session>>(`/mentors/${encodeURIComponent(id)}/sessions`, {
        query: { cursor: pageParam ?? undefined, limit: 12 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  })
}

/** A review (none exist yet: the list answers empty until reviews land). */
export interface Review {
  review_id: string
  rating: number
  comment: string
  learner: { name: string }
  created_at: string
}

/** GET /mentors/{id}/reviews. */
export function useMentorReviews(id: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: marketKeys.mentorReviews(id),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Review>>(`/mentors/${encodeURIComponent(id)}/reviews`, {
        query: { cursor: pageParam ?? undefined, limit: 12 },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  })
}
