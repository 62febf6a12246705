import { api } from '@/lib/api-client'
import type { ChatMessageOut, PageOut, WhiteboardBatchOut } from './protocol'
import { roomPath } from './get-room'

/** Follows next_cursor until the end (bounded), oldest first. */
async function all<T>(path: string, maxPages = 50): Promise<T[]> {
  const items: T[] = []
  let cursor: string | null = null
  for (let i = 0; i < maxPages; i++) {
    const page: PageOut<T> = await api.get<PageOut<T>>(path, { query: { cursor: cursor ?? undefined, limit: 100 } })
    items.push(...page.items)
    cursor = page.next_cursor
    if (!cursor) break
  }
  return items
}

/** GET /rooms/{code}/chat — the whole history, on join and rejoin. */
export function fetchChatHistory(roomCode: string) {
  return all<ChatMessageOut>(`${roomPath(roomCode)}/chat`)
}

/** GET /rooms/{code}/whiteboard — every stored batch, in seq order. */
export function fetchWhiteboard(roomCode: string) {
  return all<WhiteboardBatchOut>(`${roomPath(roomCode)}/whiteboard`)
}

/** One page of the transcript after `cursor` (the after-session pack's "Show more"). */
export function fetchChatPage(roomCode: string, cursor: string) {
  return api.get<PageOut<ChatMessageOut>>(`${roomPath(roomCode)}/chat`, { query: { cursor, limit: 100 } })
}
