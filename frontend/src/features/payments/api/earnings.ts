import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { EarningsDay, EarningsPage } from '@/lib/payment-types'
import { payKeys } from '@/lib/query-keys'

/** GET /payments/earnings — the mentor's payments; the first page carries the summary. */
export function useEarnings(limit = 20) {
  return useInfiniteQuery({
    queryKey: [...payKeys.earnings, 'list', limit],
    queryFn: ({ pageParam, signal }) =>
      api.get<EarningsPage>('/payments/earnings', { query: { cursor: pageParam ?? undefined, limit }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  })
}

/** GET /payments/earnings/series?days= — the chart, oldest day first. */
export function useEarningsSeries(days: number) {
  return useQuery({
    queryKey: payKeys.series(days),
    queryFn: ({ signal }) => api.get<{ days: EarningsDay[] }>('/payments/earnings/series', { query: { days }, signal }),
  })
}

export const EARNINGS_CSV_NAME = 'peerlearn-earnings.csv'

/** GET /payments/earnings.csv through the API client (auth header, refresh), saved as a file. */
export async function downloadEarningsCsv() {
  const text = await api.text('/payments/earnings.csv', 'text/csv')
  const blob = new Blob([text], { type: 'text/csv;charset=utf-8' })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = EARNINGS_CSV_NAME
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
