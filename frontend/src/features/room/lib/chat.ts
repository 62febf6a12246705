// Chat history and live messages merged into one list: oldest first, each
// message once (by message_id), an optimistic local message replaced by the
// server's copy with the same client_id.
import type { ChatMessageOut } from '../api/protocol'

export interface ChatLine extends ChatMessageOut {
  /** Sent by this tab, not confirmed by the server yet. */
  pending?: boolean
  failed?: boolean
}

export function mergeMessages(current: readonly ChatLine[], incoming: readonly ChatLine[]): ChatLine[] {
  const out = [...current]
  for (const msg of incoming) {
    const byId = out.findIndex((m) => m.message_id === msg.message_id)
    if (byId >= 0) {
      out[byId] = msg
      continue
    }
    const byClient = msg.client_id ? out.findIndex((m) => m.client_id === msg.client_id && m.sender_id === msg.sender_id) : -1
    if (byClient >= 0) out[byClient] = msg
    else out.push(msg)
  }
  return out.sort((a, b) => (a.pending === b.pending ? a.sent_at.localeCompare(b.sent_at) : a.pending ? 1 : -1))
}

export function newClientId(): string {
  const c = globalThis.crypto
  return c && 'randomUUID' in c ? c.randomUUID() : `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
}

/** 1..2000 characters after trimming, or the reason not. */
export function checkChat(text: string): string | null {
  const t = text.trim()
  if (!t) return 'Type a message first.'
  if (t.length > 2000) return `Messages are up to 2,000 characters (this one has ${t.length.toLocaleString('en-IN')}).`
  return null
}
