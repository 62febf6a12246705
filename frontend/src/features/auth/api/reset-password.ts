import { api } from '@/lib/api-client'

export function resetPassword(input: { email: string; code: string; new_password: string }) {
  return api.post<{ reset: boolean }>('/auth/password/reset', input, { skipAuthHandling: true })
}
