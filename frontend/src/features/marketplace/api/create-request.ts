import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { LiveRequest, RequestInput } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

/** POST /requests → 201 Request (pending). 409 too_many_requests beyond 3 open per mentor. */
export function createRequest(input: RequestInput) {
  return api.post<LiveRequest>('/requests', input)
}

export function useCreateRequest() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createRequest,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: marketKeys.activity }),
  })
}
