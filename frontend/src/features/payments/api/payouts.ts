import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Page } from '@/lib/marketplace-types'
import type { PayoutAccount, PayoutAccountInput, Withdrawal } from '@/lib/payment-types'
import { payKeys } from '@/lib/query-keys'

/** GET /payments/payout-account — the masked account or null (mentor, or the platform's for admins). */
export function usePayoutAccount() {
  return useQuery({
    queryKey: payKeys.payoutAccount,
    queryFn: ({ signal }) => api.get<{ account: PayoutAccount | null }>('/payments/payout-account', { signal }),
  })
}

/** PUT /payments/payout-account → the masked account. */
export function useSavePayoutAccount() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: PayoutAccountInput) => api.put<{ account: PayoutAccount } | PayoutAccount>('/payments/payout-account', input),
    onSuccess: (res) => {
      const account = 'account' in res ? res.account : res
      queryClient.setQueryData(payKeys.payoutAccount, { account })
    },
  })
}

/** GET /payments/withdrawals — history, newest first. */
export function useWithdrawals(limit = 10) {
  return useInfiniteQuery({
    queryKey: [...payKeys.withdrawals, limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Withdrawal>>('/payments/withdrawals', { query: { cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** POST /payments/withdrawals {amount_paise} → 201 Withdrawal. */
export function useWithdraw() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (amountPaise: number) => api.post<Withdrawal>('/payments/withdrawals', { amount_paise: amountPaise }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: payKeys.all }),
  })
}
