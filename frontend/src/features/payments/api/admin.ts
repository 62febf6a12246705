import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Page } from '@/lib/marketplace-types'
import type { Payment, ReconciliationReport, Refund, Revenue, WebhookEvent } from '@/lib/payment-types'
import { payKeys } from '@/lib/query-keys'

/** GET /admin/payments?status= — every payment, newest first. */
export function useAdminPayments(status: string, limit = 20) {
  return useInfiniteQuery({
    queryKey: [...payKeys.adminPayments(status), limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Payment>>('/admin/payments', { query: { status: status || undefined, cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** POST /admin/payments/{order_id}/refunds {amount_paise?, reason, idempotency_key} → 201 Refund.
 * The key is made once per dialog: a double submit or a retried request refunds once. */
export function useRefund() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ orderId, amountPaise, reason, idempotencyKey }: { orderId: string; amountPaise?: number; reason: string; idempotencyKey: string }) =>
      api.post<Refund>(`/admin/payments/${encodeURIComponent(orderId)}/refunds`, {
        ...(amountPaise === undefined ? {} : { amount_paise: amountPaise }),
        reason,
        idempotency_key: idempotencyKey,
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: payKeys.admin }),
  })
}

export function useRevenue() {
  return useQuery({
    queryKey: payKeys.revenue,
    queryFn: ({ signal }) => api.get<Revenue>('/admin/revenue', { signal }),
  })
}

/** GET /admin/webhook-events?status=dead — dead-lettered events. */
export function useDeadWebhooks() {
  return useQuery({
    queryKey: payKeys.webhooks,
    queryFn: ({ signal }) => api.get<Page<WebhookEvent>>('/admin/webhook-events', { query: { status: 'dead', limit: 50 }, signal }),
  })
}

export function useReplayWebhook() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (eventId: string) =>
      api.post<{ event_id: string; status: string }>(`/admin/webhook-events/${encodeURIComponent(eventId)}/replay`, {}),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: payKeys.admin }),
  })
}

export function useReconciliation() {
  return useInfiniteQuery({
    queryKey: payKeys.reconciliation,
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<ReconciliationReport>>('/admin/reconciliation', { query: { cursor: pageParam ?? undefined, limit: 14 }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}
