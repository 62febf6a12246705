import { api } from '@/lib/api-client'
import type { LearnerProfile, MentorProfile } from '@/lib/api-types'

export type SignupInput =
  | { role: 'learner'; name: string; email: string; password: string; timezone?: string; profile: LearnerProfile }
  | {
      role: 'mentor'
      name: string
      email: string
      password: string
      timezone?: string
      profile: Omit<MentorProfile, 'intro_video_url'>
    }

export interface SignupResult {
  user_id: string
  email: string
  verification: 'sent'
}

export function signup(input: SignupInput) {
  return api.post<SignupResult>('/auth/signup', input, { skipAuthHandling: true })
}
