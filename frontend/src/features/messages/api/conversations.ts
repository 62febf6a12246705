import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query'
import { api } from '@/lib/api-client'
import type { Conversation, ConversationsPage, DirectMessage, DirectMessagesPage } from '@/lib/api-types'
import { useSession } from '@/lib/auth'

export const dmKeys = {
  all: ['dm'] as const,
  list: ['dm', 'list'] as const,
  conversation: (peerId: string) => ['dm', 'conversation', peerId] as const,
  messages: (peerId: string) => ['dm', 'messages', peerId] as const,
}

export const MESSAGE_PAGE = 30
export const MAX_MESSAGE_CHARS = 4000

const path = (peerId: string, rest = '') => `/conversations/${encodeURIComponent(peerId)}${rest}`

function canMessage(role: string | undefined) {
  return role === 'learner' || role === 'mentor'
}

/** The caller's conversations, latest first (20 a page). */
export function useConversations() {
  const session = useSession()
  return useInfiniteQuery({
    queryKey: dmKeys.list,
    queryFn: ({ pageParam, signal }) =>
      api.get<ConversationsPage>('/conversations', { query: { limit: 20, cursor: pageParam ?? undefined }, signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: canMessage(session?.user.role),
  })
}

/** Unread direct messages over all conversations (the nav badge and the tab title). */
export function useDmUnreadTotal(): number {
  const list = useConversations()
  return list.data?.pages[0]?.unread_total ?? 0
}

export function useConversation(peerId: string) {
  return useQuery({
    queryKey: dmKeys.conversation(peerId),
    queryFn: ({ signal }) => api.get<Conversation>(path(peerId), { signal }),
    retry: false,
  })
}

/** The conversation's history, newest page first; `fetchNextPage` loads older messages. */
export function useMessages(peerId: string) {
  return useInfiniteQuery({
    queryKey: dmKeys.messages(peerId),
    queryFn: ({ pageParam, signal }) =>
      api.get<DirectMessagesPage>(path(peerId, '/messages'), {
        query: { limit: MESSAGE_PAGE, cursor: pageParam ?? undefined },
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    retry: false,
  })
}

export function useSendMessage(peerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: string) => api.post<DirectMessage>(path(peerId, '/messages'), { body }),
    onSuccess: (message) => addMessage(queryClient, peerId, message, { peerName: undefined, mine: true }),
  })
}

export function markRead(peerId: string) {
  return api.post<Conversation>(path(peerId, '/read'))
}

export function markDelivered(peerId: string, upto: string) {
  return api.post<Conversation>(path(peerId, '/delivered'), { upto })
}

export function useBlock(peerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (block: boolean) => api.post<Conversation>(path(peerId, block ? '/block' : '/unblock')),
    onSuccess: (conversation) => putConversation(queryClient, conversation),
  })
}

// ---- cache updates shared by the mutations and the live frames -------------

type ListData = InfiniteData<ConversationsPage, string | null>
type MessagesData = InfiniteData<DirectMessagesPage, string | null>

function patchConversation(queryClient: QueryClient, peerId: string, patch: (c: Conversation) => Conversation) {
  queryClient.setQueryData<Conversation>(dmKeys.conversation(peerId), (c) => (c ? patch(c) : c))
  queryClient.setQueryData<ListData>(dmKeys.list, (data) =>
    data
      ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.peer.user_id === peerId ? patch(c) : c)) })) }
      : data,
  )
  queryClient.setQueryData<MessagesData>(dmKeys.messages(peerId), (data) =>
    data ? { ...data, pages: data.pages.map((p) => ({ ...p, conversation: patch(p.conversation) })) } : data,
  )
}

export function putConversation(queryClient: QueryClient, conversation: Conversation) {
  patchConversation(queryClient, conversation.peer.user_id, () => conversation)
}

export function setUnreadTotal(queryClient: QueryClient, total: number) {
  queryClient.setQueryData<ListData>(dmKeys.list, (data) =>
    data ? { ...data, pages: data.pages.map((p, i) => (i === 0 ? { ...p, unread_total: total } : p)) } : data,
  )
}

export function setUnread(queryClient: QueryClient, peerId: string, unread: number, total: number) {
  patchConversation(queryClient, peerId, (c) => ({ ...c, unread }))
  setUnreadTotal(queryClient, total)
}

/** The caller read the conversation: its unread count leaves the total. */
export function clearUnread(queryClient: QueryClient, peerId: string) {
  const list = queryClient.getQueryData<ListData>(dmKeys.list)
  const before = list?.pages.flatMap((p) => p.items).find((c) => c.peer.user_id === peerId)?.unread ?? 0
  const total = list?.pages[0]?.unread_total ?? 0
  setUnread(queryClient, peerId, 0, Math.max(0, total - before))
}

/** A new message (sent here, or pushed): into the history, to the top of the list. Duplicates are ignored. */
export function addMessage(
  queryClient: QueryClient,
  peerId: string,
  message: DirectMessage,
  { peerName, mine }: { peerName?: string; mine: boolean },
) {
  queryClient.setQueryData<MessagesData>(dmKeys.messages(peerId), (data) => {
    if (!data || data.pages.length === 0) return data
    if (data.pages.some((p) => p.items.some((m) => m.message_id === message.message_id))) return data
    const [first, ...rest] = data.pages
    return { ...data, pages: [{ ...first!, items: [message, ...first!.items] }, ...rest] }
  })
  const last = {
    message_id: message.message_id,
    sender_id: message.sender_id,
    preview: message.body.length > 120 ? `${message.body.slice(0, 119)}…` : message.body,
    created_at: message.created_at,
  }
  patchConversation(queryClient, peerId, (c) =>
    c.last_message && c.last_message.message_id >= message.message_id ? c : { ...c, last_message: last },
  )
  const list = queryClient.getQueryData<ListData>(dmKeys.list)
  const known = list?.pages.some((p) => p.items.some((c) => c.peer.user_id === peerId))
  if (list && known) {
    // Move it to the top: the list is ordered by the last message.
    queryClient.setQueryData<ListData>(dmKeys.list, (data) => {
      if (!data) return data
      const found = data.pages.flatMap((p) => p.items).find((c) => c.peer.user_id === peerId)!
      const pages = data.pages.map((p) => ({ ...p, items: p.items.filter((c) => c.peer.user_id !== peerId) }))
      pages[0] = { ...pages[0]!, items: [found, ...pages[0]!.items] }
      return { ...data, pages }
    })
  } else if (!mine || peerName) {
    void queryClient.invalidateQueries({ queryKey: dmKeys.list }) // a new conversation: fetch it with its name card
  }
}

/** The peer's app received / the peer read the caller's messages up to these ids. */
export function applyReceipt(queryClient: QueryClient, peerId: string, delivered: string | null, read: string | null) {
  const later = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b))
  patchConversation(queryClient, peerId, (c) => ({
    ...c,
    peer_delivered_upto: later(c.peer_delivered_upto, later(delivered, read)),
    peer_read_upto: later(c.peer_read_upto, read),
  }))
}

export function applyBlock(queryClient: QueryClient, peerId: string, blocked: boolean, blockedByPeer: boolean) {
  patchConversation(queryClient, peerId, (c) => ({ ...c, blocked, blocked_by_peer: blockedByPeer }))
}
