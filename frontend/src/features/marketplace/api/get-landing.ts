import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { LandingData } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/** GET /landing: live & upcoming sessions (≤ 12), categories, top mentors. */
export function getLanding(category: string | null, signal?: AbortSignal) {
  return api.get<LandingData>('/landing', { query: { category: category ?? undefined }, signal })
}

export function useLanding(category: string | null) {
  return useQuery({
    queryKey: marketKeys.landingFor(category ?? ''),
    queryFn: ({ signal }) => getLanding(category, signal),
    placeholderData: keepPreviousData,
  })
}
