import { api } from '@/lib/api-client'
import type { Tokens } from '@/lib/api-types'

export function loginTotp(input: { challenge: string; code: string }) {
  return api.post<Tokens>('/auth/login/totp', input, { skipAuthHandling: true })
}
