import { api } from '@/lib/api-client'

export function resendCode(input: { email: string; purpose: 'verify' | 'reset' }) {
  return api.post<{ sent: boolean; retry_after: number }>('/auth/resend-code', input, { skipAuthHandling: true })
}
