import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { LearnerProfile, Me, MentorProfile, NotificationPrefs } from '@/lib/api-types'
import { setMeData } from '@/lib/auth'

export interface UpdateMeInput {
  name?: string
  timezone?: string
  notification_prefs?: Partial<NotificationPrefs>
  profile?: Partial<LearnerProfile> | Partial<Omit<MentorProfile, 'intro_video_url'>>
}

export function updateMe(input: UpdateMeInput) {
  return api.patch<Me>('/me', input)
}

export function useUpdateMe() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => setMeData(queryClient, me),
  })
}
