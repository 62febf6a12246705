import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Me, Role } from '@/lib/api-types'
import { setMeData } from '@/lib/auth'

export interface UserCounters {
  learners: number
  mentors: number
  admins: number
}

export interface DashboardData {
  me: Me
  /** Admin only: atomic counters kept by the backend. */
  users?: UserCounters
}

/**
 * GET /dashboard/<role>: the server's own role gate (403 → "Access denied" and
 * back to the caller's dashboard, handled by the API client) plus the data the
 * dashboard home shows.
 */
export function useDashboard(role: Role) {
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: ['dashboard', role],
    queryFn: async ({ signal }) => {
      const data = await api.get<DashboardData>(`/dashboard/${role}`, { signal })
      if (data.me) setMeData(queryClient, data.me)
      return data
    },
  })
}
