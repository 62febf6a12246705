import { useQuery } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import { useSession } from '@/lib/auth'
import type { Seat } from '@/lib/marketplace-types'
import { marketKeys } from '@/lib/query-keys'

// Every card asks for its own seat; the asks of one render are gathered into
// one GET /learner/seats?session_ids=… (up to 50 ids a call).
const MAX_IDS = 50
let pending = new Map<string, Array<(seat: Seat | null) => void>>()
let timer: ReturnType<typeof setTimeout> | null = null

function flush() {
  timer = null
  const batch = pending
  pending = new Map()
  const ids = [...batch.keys()]
  for (let i = 0; i < ids.length; i += MAX_IDS) {
    const chunk = ids.slice(i, i + MAX_IDS)
    const settle = (seats: Seat[]) => {
      const found = new Map(seats.map((s) => [s.session_id, s]))
      for (const id of chunk) for (const resolve of batch.get(id) ?? []) resolve(found.get(id) ?? null)
    }
    api
      .get<{ items: Seat[] }>('/learner/seats', { query: { session_ids: chunk.join(',') } })
      .then((page) => settle(page.items))
      .catch(() => settle([])) // a card without its seat still offers "Book ➤"; the API refuses a double booking
  }
}

export function loadSeat(sessionId: string): Promise<Seat | null> {
  return new Promise((resolve) => {
    pending.set(sessionId, [...(pending.get(sessionId) ?? []), resolve])
    timer ??= setTimeout(flush, 0)
  })
}

/** The signed-in learner's open booking of this session, if any (null for everyone else). */
export function useMySeat(sessionId: string) {
  const session = useSession()
  const learner = session?.user.role === 'learner'
  const query = useQuery({
    queryKey: marketKeys.seat(sessionId),
    queryFn: () => loadSeat(sessionId),
    enabled: learner,
    staleTime: 30_000,
  })
  return learner ? (query.data ?? null) : null
}
