// Public configuration and the autocomplete vocabulary (GET /api/meta/*).
import { useQuery } from '@tanstack/react-query'
import { api } from './api-client'
import type { MetaConfig, Taxonomy } from './api-types'
import { DEFAULT_PAYMENTS_CONFIG, type PaymentsConfig } from './payment-types'

export const metaConfigQueryKey = ['meta', 'config'] as const

export function fetchMetaConfig(signal?: AbortSignal) {
  return api.get<MetaConfig>('/meta/config', { signal })
}

export function useMetaConfig() {
  return useQuery({
    queryKey: metaConfigQueryKey,
    queryFn: ({ signal }) => fetchMetaConfig(signal),
    staleTime: Infinity,
  })
}

const EMPTY_TAXONOMY: Taxonomy = { categories: [], skills: [], email_domains: [] }

export function useTaxonomy(): Taxonomy {
  const { data } = useQuery({
    queryKey: ['meta', 'taxonomy'],
    queryFn: ({ signal }) => api.get<Taxonomy>('/meta/taxonomy', { signal }),
    staleTime: 60 * 60_000,
  })
  return data ?? EMPTY_TAXONOMY
}

/** The payments limits from GET /meta/config (gift range, withdrawal minimum, attempts), with the documented defaults. */
export function usePaymentsConfig(): PaymentsConfig {
  const { data } = useMetaConfig()
  return { ...DEFAULT_PAYMENTS_CONFIG, ...(data?.payments ?? {}) }
}
