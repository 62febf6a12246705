import { api } from '@/lib/api-client'

export function forgotPassword(input: { email: string }) {
  return api.post<{ sent: boolean }>('/auth/password/forgot', input, { skipAuthHandling: true })
}
