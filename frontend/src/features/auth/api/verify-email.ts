import { api } from '@/lib/api-client'
import type { Tokens } from '@/lib/api-types'

export function verifyEmail(input: { email: string; code: string }) {
  return api.post<Tokens>('/auth/verify-email', input, { skipAuthHandling: true })
}
