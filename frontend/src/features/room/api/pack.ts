import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { PackOut } from './protocol'
import { roomPath } from './get-room'

/** GET /rooms/{code}/pack — after the session: topics, transcript, snapshots, resources, recordings, attendance. */
export function usePack(roomCode: string) {
  return useQuery({
    queryKey: ['rooms', roomCode, 'pack'],
    queryFn: ({ signal }) => api.get<PackOut>(`${roomPath(roomCode)}/pack`, { signal }),
    // links inside are valid 5 minutes
    staleTime: 60_000,
    refetchInterval: 4 * 60_000,
  })
}

