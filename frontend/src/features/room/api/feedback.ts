import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, isApiError } from '@/lib/api-client'
import type { FeedbackOut } from './protocol'
import { roomPath } from './get-room'

export const feedbackKey = (roomCode: string) => ['rooms', roomCode, 'feedback'] as const

/** GET …/feedback/mine — null when the learner has not rated yet (404). */
export function useMyFeedback(roomCode: string, enabled: boolean) {
  return useQuery({
    queryKey: feedbackKey(roomCode),
    enabled,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<FeedbackOut>(`${roomPath(roomCode)}/feedback/mine`, { signal, retries: 0 })
      } catch (err) {
        if (isApiError(err) && err.status === 404) return null
        throw err
      }
    },
  })
}

/** POST …/feedback (learner, once): 1–5 stars and a comment ≤ 2,000 characters. */
export function useSendFeedback(roomCode: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { rating: number; comment: string }) => api.post<FeedbackOut>(`${roomPath(roomCode)}/feedback`, body),
    onSuccess: (data) => queryClient.setQueryData(feedbackKey(roomCode), data),
  })
}
