import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Page } from '@/lib/marketplace-types'
import type { Payment } from '@/lib/payment-types'
import { payKeys } from '@/lib/query-keys'

/** GET /payments/mine — the learner's payments, newest first. */
export function useMyPayments(limit = 20) {
  return useInfiniteQuery({
    queryKey: [...payKeys.mine, limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Payment>>('/payments/mine', { query: { cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** GET /payments/orders/{id} — one payment (for the server's failed-attempt count). */
export function usePayment(orderId: string | null) {
  return useQuery({
    queryKey: payKeys.order(orderId ?? ''),
    queryFn: ({ signal }) => api.get<Payment>(`/payments/orders/${encodeURIComponent(orderId!)}`, { signal, retries: 0 }),
    enabled: Boolean(orderId),
    retry: false,
  })
}
