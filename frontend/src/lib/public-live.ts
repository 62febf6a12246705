// Public live data: "N Live", seats left, who is in the room, a mentor's
// "live now" and online status. Initial figures come from REST (GET /live,
// GET /presence); changes arrive on the `public:live` WebSocket channel,
// which signed-in tabs and signed-out visitors (anonymous ticket) both hear.
// `usePublicLiveFeed` (mounted once by the app layout) writes frames into the
// query cache; the hooks below read it — so every figure on screen is the
// server's count, updated without a reload.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from './api-client'
import type {
  LiveFigures,
  LiveSessionFigures,
  LiveUpdateEvent,
  MentorInEvent,
  PresenceAnswer,
  PresenceEvent,
  RealtimeTicket,
} from './api-types'
import { publishRealtimeClient, useRealtimeClient } from './realtime-hub'
import { RealtimeClient, type AnyFrame, type WebSocketFactory } from './ws-client'

export const PUBLIC_LIVE = 'public:live'

export const liveKeys = {
  figures: ['public-live', 'figures'] as const,
  /** Latest figures per session from frames (scheduled cards' seats too). */
  session: (id: string) => ['public-live', 'session', id] as const,
  presence: (id: string) => ['public-live', 'presence', id] as const,
  /** When the mentor last entered this session's room (ms), for the learner's pulsing "Join ➤". */
  mentorIn: (sessionId: string) => ['public-live', 'mentor-in', sessionId] as const,
}

export function fetchLiveFigures(): Promise<LiveFigures> {
  return api.get<LiveFigures>('/live')
}

function isLiveUpdate(frame: AnyFrame): frame is AnyFrame & LiveUpdateEvent {
  return frame.type === 'live.update' && typeof frame.live_count === 'number' && typeof frame.session === 'object'
}

function isPresence(frame: AnyFrame): frame is AnyFrame & PresenceEvent {
  return frame.type === 'presence' && typeof frame.user_id === 'string' && typeof frame.online === 'boolean'
}

function isMentorIn(frame: AnyFrame): frame is AnyFrame & MentorInEvent {
  return frame.type === 'room.mentor_in' && typeof frame.session_id === 'string'
}

/** Writes one frame into the cache; answers whether it was a public-live frame. */
export function applyLiveFrame(queryClient: QueryClient, frame: AnyFrame): boolean {
  if (isLiveUpdate(frame)) {
    const session = frame.session
    queryClient.setQueryData<LiveSessionFigures>(liveKeys.session(session.session_id), session)
    queryClient.setQueryData<LiveFigures>(liveKeys.figures, (old) => {
      const others = (old?.sessions ?? []).filter((s) => s.session_id !== session.session_id)
      return {
        live_count: frame.live_count,
        live_mentor_ids: frame.live_mentor_ids,
        sessions: session.status === 'live' ? [...others, session] : others,
      }
    })
    return true
  }
  if (isPresence(frame)) {
    queryClient.setQueryData<PresenceAnswer>(liveKeys.presence(frame.user_id), {
      online: frame.online ? [frame.user_id] : [],
    })
    return true
  }
  if (isMentorIn(frame)) {
    queryClient.setQueryData<number>(liveKeys.mentorIn(frame.session_id), Date.now())
    return true
  }
  return false
}

/**
 * Listens on the app's one socket: live frames go to the cache, and every
 * (re)subscription to `public:live` refetches the figures (what changed while
 * the line was down).
 */
export function usePublicLiveFeed() {
  const client = useRealtimeClient()
  const queryClient = useQueryClient()
  useEffect(() => {
    if (!client) return
    return client.addListener({
      onFrame: (frame) => {
        if (frame.type === 'subscribed' && frame.channel === PUBLIC_LIVE) {
          void queryClient.invalidateQueries({ queryKey: liveKeys.figures })
          void queryClient.invalidateQueries({ queryKey: ['public-live', 'presence'] })
          return
        }
        applyLiveFrame(queryClient, frame)
      },
    })
  }, [client, queryClient])
}

/**
 * A signed-out visitor's socket: an anonymous ticket, `public:live` only.
 * Published on the hub like the signed-in one, so the feed above hears it.
 */
export function usePublicRealtime(createSocket?: WebSocketFactory) {
  useEffect(() => {
    const client = new RealtimeClient({
      getTicket: () => api.post<RealtimeTicket>('/realtime/ticket/anonymous'),
      channels: [PUBLIC_LIVE],
      onEvent: () => {},
      createSocket,
    })
    client.start()
    publishRealtimeClient(client)
    const onOnline = () => client.reconnectNow()
    window.addEventListener('online', onOnline)
    return () => {
      window.removeEventListener('online', onOnline)
      publishRealtimeClient(null)
      client.stop()
    }
  }, [createSocket])
}

export function useLiveFigures() {
  return useQuery({ queryKey: liveKeys.figures, queryFn: fetchLiveFigures, staleTime: 60_000 })
}

/** Public sessions live now, or null until the first answer. */
export function useLiveCount(): number | null {
  return useLiveFigures().data?.live_count ?? null
}

/** The latest live figures of one session: from a frame, else from GET /live, else none. */
export function useSessionLive(sessionId: string): LiveSessionFigures | undefined {
  const figures = useLiveFigures()
  const framed = useQuery<LiveSessionFigures | null>({
    queryKey: liveKeys.session(sessionId),
    queryFn: () => null,
    enabled: false,
  })
  const listed = figures.data?.sessions.find((s) => s.session_id === sessionId)
  // A refetch after a reconnect is newer than a frame from before it.
  if (framed.data && (!figures.data || framed.dataUpdatedAt >= figures.dataUpdatedAt)) return framed.data
  if (listed) return listed
  if (framed.data && framed.data.status !== 'live') return framed.data
  return undefined
}

export function useMentorLiveNow(mentorId: string): boolean {
  return useLiveFigures().data?.live_mentor_ids.includes(mentorId) ?? false
}

// A page of 12 mentor cards asks about 12 people at once: one GET /presence for all of them (the
// route takes up to 50 ids), not one request per card. Each person keeps their own cache entry,
// which presence frames update.
export const PRESENCE_BATCH_MAX = 50
type Waiter = { resolve: (a: PresenceAnswer) => void; reject: (e: unknown) => void }
let presenceQueue = new Map<string, Waiter[]>()
let presenceFlush: ReturnType<typeof setTimeout> | null = null

/** One person's presence, asked together with everyone else asked for in the same tick. */
export function fetchPresence(userId: string): Promise<PresenceAnswer> {
  return new Promise<PresenceAnswer>((resolve, reject) => {
    presenceQueue.set(userId, [...(presenceQueue.get(userId) ?? []), { resolve, reject }])
    // the next task, not a microtask: the cards' queries start one after another within this one
    presenceFlush ??= setTimeout(() => void flushPresence(), 0)
  })
}

async function flushPresence() {
  const batch = presenceQueue
  presenceQueue = new Map()
  presenceFlush = null
  const ids = [...batch.keys()]
  for (let i = 0; i < ids.length; i += PRESENCE_BATCH_MAX) {
    const chunk = ids.slice(i, i + PRESENCE_BATCH_MAX)
    try {
      const { online } = await api.get<PresenceAnswer>('/presence', { query: { user_ids: chunk.join(',') } })
      for (const id of chunk) for (const w of batch.get(id) ?? []) w.resolve({ online: online.includes(id) ? [id] : [] })
    } catch (err) {
      for (const id of chunk) for (const w of batch.get(id) ?? []) w.reject(err)
    }
  }
}

/** Online now (any open tab). Mentors are public; a learner's status needs a signed-in viewer. */
export function usePersonOnline(userId: string | undefined): boolean {
  const { data } = useQuery({
    queryKey: liveKeys.presence(userId ?? ''),
    queryFn: () => fetchPresence(userId ?? ''),
    enabled: Boolean(userId),
    staleTime: 60_000,
  })
  return Boolean(userId && data?.online.includes(userId))
}

/** When the mentor last entered the room of this session (ms since epoch), if they did while we watched. */
export function useMentorEnteredAt(sessionId: string): number | undefined {
  const { data } = useQuery<number | null>({
    queryKey: liveKeys.mentorIn(sessionId),
    queryFn: () => null,
    enabled: false,
  })
  return data ?? undefined
}

/** "Mentor live · 1 learner in": who is in the room, never a made-up audience. */
export function roomOccupancyText(figures: Pick<LiveSessionFigures, 'mentor_in' | 'learners_in'>): string {
  const learners = figures.learners_in === 1 ? '1 learner in' : `${figures.learners_in} learners in`
  if (figures.mentor_in) return figures.learners_in ? `Mentor live · ${learners}` : 'Mentor live'
  return figures.learners_in ? `Waiting for the mentor · ${learners}` : 'Waiting for the mentor'
}
