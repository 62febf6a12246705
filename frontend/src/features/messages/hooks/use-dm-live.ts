import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import type { DmEvent, Me } from '@/lib/api-types'
import { playAttentionSound } from '@/lib/attention'
import { meQueryKey, useSession } from '@/lib/auth'
import { useRealtimeClient } from '@/lib/realtime-hub'
import { showToast } from '@/lib/toast'
import {
  addMessage,
  applyBlock,
  applyReceipt,
  dmKeys,
  markDelivered,
  setUnread,
} from '../api/conversations'
import { isOpenConversation } from './open-conversation'

const DM_TYPES = new Set(['dm.message', 'dm.receipt', 'dm.unread', 'dm.block'])

/**
 * Direct messages arrive live in every open tab: the app's one socket
 * (lib/realtime-hub) hands over the `dm.*` frames. A message from the peer is
 * acknowledged as delivered — or read, when this tab has that conversation
 * open — and otherwise announced with a toast and the attention sound.
 */
export function useDirectMessagesLive() {
  const client = useRealtimeClient()
  const queryClient = useQueryClient()
  const session = useSession()
  const userId = session?.user.user_id
  const role = session?.user.role

  useEffect(() => {
    if (!client || !userId || (role !== 'learner' && role !== 'mentor')) return
    return client.addListener({
      onStatus: (status) => {
        // Back from a drop: what arrived meanwhile is fetched again.
        if (status === 'open') void queryClient.invalidateQueries({ queryKey: dmKeys.all })
      },
      onFrame: (raw) => {
        if (!DM_TYPES.has(raw.type)) return
        const frame = raw as unknown as DmEvent
        if (frame.type === 'dm.message') {
          const fromPeer = frame.message.sender_id !== userId
          addMessage(queryClient, frame.peer_id, frame.message, { peerName: frame.peer_name, mine: !fromPeer })
          if (!fromPeer) return
          setUnread(queryClient, frame.peer_id, frame.unread, frame.unread_total)
          // Open in this tab: the conversation view reads it (its newest message changed); no toast.
          if (isOpenConversation(frame.peer_id)) return
          void markDelivered(frame.peer_id, frame.message.message_id).catch(() => undefined)
          const me = queryClient.getQueryData<Me>([...meQueryKey, userId])
          playAttentionSound(me)
          if (me?.notification_prefs?.push_toasts !== false) {
            showToast(`New message from ${frame.peer_name}`, { tone: 'info', detail: frame.message.body.slice(0, 140) })
          }
        } else if (frame.type === 'dm.receipt') {
          applyReceipt(queryClient, frame.peer_id, frame.delivered_upto, frame.read_upto)
        } else if (frame.type === 'dm.unread') {
          setUnread(queryClient, frame.peer_id, frame.unread, frame.unread_total)
        } else if (frame.type === 'dm.block') {
          applyBlock(queryClient, frame.peer_id, frame.blocked, frame.blocked_by_peer)
        }
      },
    })
  }, [client, userId, role, queryClient])
}
