import { api } from '@/lib/api-client'
import type { Tokens, TotpChallenge } from '@/lib/api-types'

export function login(input: { email: string; password: string }) {
  return api.post<Tokens | TotpChallenge>('/auth/login', input, { skipAuthHandling: true })
}

export function isTotpChallenge(res: Tokens | TotpChallenge): res is TotpChallenge {
  return 'totp_required' in res && res.totp_required === true
}
