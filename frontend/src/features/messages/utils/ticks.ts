import type { Conversation, DirectMessage } from '@/lib/api-types'

export type Tick = DirectMessage['status']

const RANK: Record<Tick, number> = { sent: 0, delivered: 1, read: 2 }

/** The sender's tick for one of their messages: what the message said when fetched, moved on by the live marks. */
export function tickFor(message: DirectMessage, conversation: Pick<Conversation, 'peer_delivered_upto' | 'peer_read_upto'> | undefined): Tick {
  let tick: Tick = message.status
  const raise = (t: Tick) => {
    if (RANK[t] > RANK[tick]) tick = t
  }
  if (conversation?.peer_read_upto && message.message_id <= conversation.peer_read_upto) raise('read')
  if (conversation?.peer_delivered_upto && message.message_id <= conversation.peer_delivered_upto) raise('delivered')
  return tick
}

/** Characters as the server counts them (code points, so an emoji is one). */
export function charCount(text: string): number {
  return [...text.trim()].length
}
