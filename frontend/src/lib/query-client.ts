import { QueryClient } from '@tanstack/react-query'

// Retries of idempotent reads live in the API client (backoff, 3 retries), so
// TanStack Query itself does not retry: it keeps the last good data on screen
// while a refetch fails, and the UI offers "Retry?".
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        staleTime: 30_000,
        gcTime: 30 * 60_000,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  })
}
