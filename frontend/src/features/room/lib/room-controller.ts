// Everything the room does over the WebSocket, outside React: it rides on the
// app's one RealtimeClient (lib/ws-client), sends `join` every time the line
// comes back to 'open' (so signaling resumes after a drop without ending the
// call), dispatches room frames to the call engine and to the room's state
// (topics, presence, recording, chat, whiteboard, gifts), and loads chat and
// whiteboard history on every (re)join.
import type { AnyFrame, RealtimeClient, RealtimeStatus } from '@/lib/ws-client'
import type {
  ChatMessageOut,
  RecordingState,
  RoomClientFrame,
  RoomServerFrame,
  RoomState,
  Topic,
  WhiteboardBatchOut,
  WhiteboardOp,
} from '../api/protocol'
import { ROOM_FRAME_TYPES } from '../api/protocol'
import type { CallEngine } from './call-engine'
import { mergeMessages, newClientId, type ChatLine } from './chat'
import type { Presence } from './timer'
import { applyOps, emptyBoard, WhiteboardOutbox, type Board } from './whiteboard'

export type RoomStatus =
  | 'connecting' // waiting for the socket
  | 'joining' // `join` sent
  | 'joined'
  | 'signaling-lost' // socket down; media may still flow
  | 'closed' // outside the room's window (room_closed)
  | 'denied'
  | 'ended'
  | 'replaced'
  | 'left'

/** The longest the chat and whiteboard history wait for the call's connections on a join. */
export const HISTORY_WAIT_MS = 1500
/** Joins sent again after a retryable refusal (≈ 0.5 + 1 + 2 + 4 + 8 s of waiting), before the
 * error shows. */
export const JOIN_RETRIES = 5
const CHAT_RESENDS = 3
const RETRYABLE_JOIN_ERRORS = new Set(['join_conflict', 'rate_limited', 'internal_error'])

export interface GiftNotice {
  amount_paise: number
  from_name: string
  from_user_id: string
  at: number
}

export interface RoomSnapshot {
  status: RoomStatus
  opensAt: string | null
  topics: Topic[]
  recording: RecordingState
  presence: Presence | null
  chat: ChatLine[]
  unread: number
  board: Board
  gifts: GiftNotice[]
  endedBy: string | null
  notice: string | null
}

export interface RoomControllerOptions {
  roomCode: string
  me: { user_id: string; name: string; role: 'mentor' | 'learner' }
  engine: CallEngine
  loadChat: () => Promise<ChatMessageOut[]>
  loadBoard: () => Promise<WhiteboardBatchOut[]>
  now?: () => number
  onError?: (where: string, error: unknown) => void
}

const OFF: RecordingState = { status: 'off', asked_by: null, accepted_by: [] }

export class RoomController {
  private client: RealtimeClient | null = null
  private off: (() => void) | null = null
  private held: RoomClientFrame[] = []
  private readonly seenSeqs = new Set<number>()
  private readonly localStrokes = new Set<string>()
  private readonly localUndos = new Set<string>()
  private localClears = 0
  private readonly outbox: WhiteboardOutbox
  private listeners = new Set<() => void>()
  private chatOpen = false
  private s: RoomSnapshot = {
    status: 'connecting',
    opensAt: null,
    topics: [],
    recording: OFF,
    presence: null,
    chat: [],
    unread: 0,
    board: emptyBoard(),
    gifts: [],
    endedBy: null,
    notice: null,
  }

  private readonly opts: RoomControllerOptions

  constructor(opts: RoomControllerOptions) {
    this.opts = opts
    opts.engine.setIdentity(opts.me.user_id)
    this.outbox = new WhiteboardOutbox((ops) => this.send({ type: 'wb', ops }), this.envelope('wb'))
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener)
    return () => {
      this.listeners.delete(listener)
    }
  }
  getSnapshot = () => this.s

  private set(patch: Partial<RoomSnapshot>) {
    this.s = { ...this.s, ...patch }
    for (const l of [...this.listeners]) l()
  }

  private envelope(type: string) {
    return { action: 'room', type, room: this.opts.roomCode }
  }

  send(frame: RoomClientFrame): boolean {
    if (!this.client) return false
    // Until this socket's join is answered the server doesn't know it as a peer yet, and API Gateway
    // may handle a frame sent right behind the join before the join itself: hold it until joined.
    if (frame.type !== 'join' && frame.type !== 'leave' && (this.s.status === 'joining' || this.s.status === 'signaling-lost')) {
      this.held.push(frame)
      return true
    }
    return this.client.send({ ...frame, action: 'room', room: this.opts.roomCode })
  }

  private flushHeld() {
    for (const frame of this.held.splice(0)) this.send(frame)
  }

  /** Starts riding on the shared client; joins now if the line is open, and again after every reconnect. */
  attach(client: RealtimeClient) {
    if (this.client === client) return
    this.detach()
    this.client = client
    this.off = client.addListener({ onFrame: (f) => this.onFrame(f), onStatus: (st) => this.onStatus(st) })
    if (client.isOpen) this.join()
  }

  private detach() {
    this.off?.()
    this.off = null
    this.client = null
  }

  private onStatus(status: RealtimeStatus) {
    if (this.isFinal()) return
    if (status === 'open') this.join()
    else if (status === 'reconnecting' || status === 'connecting') {
      if (this.s.status === 'joined' || this.s.status === 'joining') {
        this.opts.engine.onSignalingLost()
        this.set({ status: 'signaling-lost' })
      }
    }
  }

  private isFinal() {
    return ['ended', 'replaced', 'left', 'denied'].includes(this.s.status)
  }

  join() {
    if (this.isFinal()) return
    if (this.send({ type: 'join', media: this.opts.engine.joinMedia() })) this.set({ status: 'joining' })
  }

  /** "Rejoin?": fresh connections and state from the server. */
  rejoin() {
    this.opts.engine.resetForRejoin()
    if (['left', 'replaced'].includes(this.s.status)) this.s = { ...this.s, status: 'connecting' }
    this.join()
  }

  /** Leaves our side only (the call goes on for the others). */
  leave() {
    this.outbox.flush()
    this.send({ type: 'leave' })
    this.set({ status: 'left' })
  }

  private onFrame(raw: AnyFrame) {
    if (!ROOM_FRAME_TYPES.has(raw.type) && raw.type !== 'error') return
    const f = raw as unknown as RoomServerFrame
    if (f.room && f.room !== this.opts.roomCode) return
    const engine = this.opts.engine
    switch (f.type) {
      case 'room.joined':
        engine.onJoined(f.you, f.peers ?? [])
        this.applyState(f.state)
        this.joinRetries = 0
        this.set({ status: 'joined', notice: null })
        this.flushHeld()
        // Media first: the history's requests and rendering wait while this join's connections are
        // negotiated (their frames and the call's first moments are what the user waits for).
        void engine.whenSettled(HISTORY_WAIT_MS).then(() => this.loadHistory())
        break
      case 'peer.joined':
        engine.onPeerJoined(f.peer)
        break
      case 'peer.left':
        engine.onPeerLeft(f.peer)
        break
      case 'signal':
        if (f.description) engine.onSignal(f.from, { description: f.description })
        else if (f.candidate) engine.onSignal(f.from, { candidate: f.candidate })
        else if (f.candidates) for (const candidate of f.candidates) engine.onSignal(f.from, { candidate })
        break
      case 'media':
        engine.onMedia(f.from, f)
        break
      case 'quality':
        engine.onQuality(f.from, f.level)
        break
      case 'chat':
        this.addChat([f.message])
        break
      case 'wb':
        this.addBatches([f.batch])
        break
      case 'topic':
        this.set({ topics: upsertTopic(this.s.topics, f.topic) })
        break
      case 'recording':
        this.set({ recording: f.recording })
        break
      case 'gift':
        this.set({
          gifts: [...this.s.gifts, { amount_paise: f.amount_paise, from_name: f.from_name, from_user_id: f.from_user_id, at: this.now() }],
        })
        break
      case 'presence':
        this.set({
          presence: {
            both_present: f.both_present,
            call_started_at: f.call_started_at,
            elapsed_seconds: f.elapsed_seconds,
            received_at: this.now(),
          },
        })
        break
      case 'room.ended':
        this.outbox.flush()
        engine.dispose()
        this.set({ status: 'ended', endedBy: f.by })
        break
      case 'room.replaced':
        engine.dispose()
        this.set({ status: 'replaced' })
        break
      case 'error':
        this.onError(f)
        break
    }
  }

  private onError(f: Extract<RoomServerFrame, { type: 'error' }>) {
    const ref = f.ref_type
    if (ref === 'join' && RETRYABLE_JOIN_ERRORS.has(f.error) && this.retryJoin(f.retry_after_ms)) return
    switch (f.error) {
      case 'room_closed':
        this.set({ status: 'closed', opensAt: f.opens_at ?? null })
        this.retryJoinAt(f.opens_at)
        break
      case 'access_denied':
        if (ref === 'join' || this.s.status === 'joining' || this.s.status === 'connecting') this.set({ status: 'denied' })
        break
      case 'not_in_room': {
        // Our join was lost (e.g. the gateway restarted): join again, at most every 3 s.
        const now = this.now()
        if (now - this.lastRejoinAt > 3000) {
          this.lastRejoinAt = now
          this.join()
        }
        break
      }
      case 'rate_limited':
      case 'too_large':
      case 'bad_message':
        if (ref === 'chat' && f.error === 'rate_limited' && this.resendChatLater(f.ref_id, f.retry_after_ms)) break
        if (ref === 'chat') this.failPendingChat(f.ref_id)
        this.set({
          notice:
            f.error === 'rate_limited'
              ? 'Slow down a little — too many messages at once.'
              : f.error === 'too_large'
                ? 'That was too large to send.'
                : (f.message ?? 'That message was refused.'),
        })
        break
      default:
        this.opts.onError?.('frame', f)
    }
  }

  private lastRejoinAt = 0
  private joinRetries = 0
  private joinRetryTimer: ReturnType<typeof setTimeout> | null = null

  /** A join the server could not finish (busy, throttled, failed) is sent again after a growing
   * wait; false once the retries are spent, and the error is shown like any other. */
  private retryJoin(retryAfterMs: number | undefined): boolean {
    if (this.joinRetries >= JOIN_RETRIES || this.isFinal()) return false
    const wait = Math.max(retryAfterMs ?? 0, 500 * 2 ** this.joinRetries)
    this.joinRetries += 1
    if (this.joinRetryTimer) clearTimeout(this.joinRetryTimer)
    this.joinRetryTimer = setTimeout(() => {
      this.joinRetryTimer = null
      if (this.s.status === 'joining') this.join()
    }, wait)
    return true
  }
  private closedTimer: ReturnType<typeof setTimeout> | null = null

  /** Outside the window: try again when the room opens (and every minute, in case clocks differ). */
  private retryJoinAt(opensAt: string | undefined) {
    if (this.closedTimer) clearTimeout(this.closedTimer)
    const at = opensAt ? Date.parse(opensAt) : NaN
    const wait = Number.isFinite(at) ? Math.min(60_000, Math.max(1000, at - this.now() + 500)) : 60_000
    this.closedTimer = setTimeout(() => {
      this.closedTimer = null
      if (this.s.status === 'closed') this.join()
    }, wait)
  }

  /** The refused line (named by the error's `ref_id`; an older server names none: the newest). */
  private failPendingChat(clientId: string | undefined) {
    const pending = this.s.chat.filter((m) => m.pending && !m.failed)
    const line = clientId ? pending.find((m) => m.client_id === clientId) : pending[pending.length - 1]
    if (!line) return
    this.set({ chat: this.s.chat.map((m) => (m === line ? { ...m, failed: true } : m)) })
  }

  private chatResends = new Map<string, { tries: number; timer: ReturnType<typeof setTimeout> | null }>()

  /** A throttled line stays pending and goes out again when the server's window opens (same
   * client_id, so never twice), up to CHAT_RESENDS times; then it is shown as failed, with Retry. */
  private resendChatLater(clientId: string | undefined, retryAfterMs: number | undefined): boolean {
    if (!clientId || !this.s.chat.some((m) => m.client_id === clientId && m.pending)) return false
    const entry = this.chatResends.get(clientId) ?? { tries: 0, timer: null }
    if (entry.tries >= CHAT_RESENDS) {
      this.chatResends.delete(clientId)
      return false
    }
    entry.tries += 1
    if (entry.timer) clearTimeout(entry.timer)
    entry.timer = setTimeout(() => {
      entry.timer = null
      this.retryChat(clientId)
    }, Math.max(retryAfterMs ?? 0, 100) + 50 * entry.tries)
    this.chatResends.set(clientId, entry)
    return true
  }

  private now() {
    return (this.opts.now ?? Date.now)()
  }

  private applyState(state: RoomState | undefined) {
    if (!state) return
    this.set({
      topics: state.topics ?? this.s.topics,
      recording: state.recording ?? OFF,
      presence: {
        both_present: state.both_present,
        call_started_at: state.call_started_at,
        elapsed_seconds: state.elapsed_seconds,
        received_at: this.now(),
      },
    })
  }

  private async loadHistory() {
    const [chat, board] = await Promise.allSettled([this.opts.loadChat(), this.opts.loadBoard()])
    if (chat.status === 'fulfilled') this.addChat(chat.value, false)
    else this.opts.onError?.('chat history', chat.reason)
    if (board.status === 'fulfilled') this.addBatches(board.value)
    else this.opts.onError?.('whiteboard history', board.reason)
  }

  // ---- chat ---------------------------------------------------------------
  setChatOpen(open: boolean) {
    this.chatOpen = open
    if (open && this.s.unread) this.set({ unread: 0 })
  }

  private addChat(messages: ChatMessageOut[], live = true) {
    const before = new Set(this.s.chat.map((m) => m.message_id))
    const mine = new Set(this.s.chat.filter((m) => m.pending).map((m) => m.client_id))
    const fresh = messages.filter((m) => !before.has(m.message_id) && !(m.client_id && mine.has(m.client_id)) && m.sender_id !== this.opts.me.user_id)
    const chat = mergeMessages(this.s.chat, messages)
    const unread = live && !this.chatOpen ? this.s.unread + fresh.length : this.s.unread
    this.set({ chat, unread })
  }

  /** Sends a message: shown at once (pending), confirmed by the server's copy with the same client_id. */
  sendChat(text: string): boolean {
    const clientId = newClientId().slice(0, 40)
    const trimmed = text.trim()
    const line: ChatLine = {
      message_id: `local-${clientId}`,
      client_id: clientId,
      sender_id: this.opts.me.user_id,
      sender_name: this.opts.me.name,
      sender_role: this.opts.me.role,
      text: trimmed,
      sent_at: new Date(this.now()).toISOString(),
      pending: true,
    }
    const ok = this.send({ type: 'chat', text: trimmed, client_id: clientId })
    this.set({ chat: mergeMessages(this.s.chat, [{ ...line, failed: !ok }]) })
    return ok
  }

  /** Re-sends a message that did not go out (same client_id, so never twice). */
  retryChat(clientId: string) {
    const line = this.s.chat.find((m) => m.client_id === clientId && m.pending)
    if (!line) return
    const ok = this.send({ type: 'chat', text: line.text, client_id: clientId })
    this.set({ chat: this.s.chat.map((m) => (m === line ? { ...m, failed: !ok } : m)) })
  }

  // ---- whiteboard ---------------------------------------------------------
  /** A local op: drawn at once, sent in ≤ 24 KB batches every ~50 ms. */
  draw(op: WhiteboardOp) {
    if (op.op === 'stroke') this.localStrokes.add(op.id)
    else if (op.op === 'undo') this.localUndos.add(op.id)
    else this.localClears++
    this.set({ board: applyOps(this.s.board, [op]) })
    this.outbox.add(op)
  }

  private addBatches(batches: WhiteboardBatchOut[]) {
    let board = this.s.board
    const fresh = batches.filter((b) => !this.seenSeqs.has(b.seq)).sort((a, b) => a.seq - b.seq)
    if (!fresh.length) return
    for (const b of fresh) {
      this.seenSeqs.add(b.seq)
      // Our own ops are already drawn; the server's echo must not duplicate them.
      if (b.sender_id === this.opts.me.user_id && this.drawnLocally(b)) continue
      board = applyOps(board, b.ops)
    }
    this.set({ board })
  }

  /** Ops this tab drew itself (and applied already); history from before a reload is replayed. */
  private drawnLocally(b: WhiteboardBatchOut): boolean {
    const local = b.ops.every((op) =>
      op.op === 'stroke' ? this.localStrokes.has(op.id) : op.op === 'undo' ? this.localUndos.has(op.id) : this.localClears > 0,
    )
    if (local) this.localClears -= b.ops.filter((op) => op.op === 'clear').length
    return local
  }

  // ---- topics (REST, but applied at once) ---------------------------------
  setTopicLocal(topic: Topic) {
    this.set({ topics: upsertTopic(this.s.topics, topic) })
  }

  setRecording(recording: RecordingState) {
    this.set({ recording })
  }

  /** After the mentor's POST …/end returns, before the broadcast. */
  markEnded(by: string) {
    if (this.s.status === 'ended') return
    this.outbox.flush()
    this.opts.engine.dispose()
    this.set({ status: 'ended', endedBy: by })
  }

  clearNotice() {
    this.set({ notice: null })
  }

  dispose() {
    if (this.closedTimer) clearTimeout(this.closedTimer)
    if (this.joinRetryTimer) clearTimeout(this.joinRetryTimer)
    for (const { timer } of this.chatResends.values()) if (timer) clearTimeout(timer)
    this.chatResends.clear()
    this.outbox.dispose()
    if (!this.isFinal() && this.s.status !== 'connecting') this.send({ type: 'leave' })
    this.detach()
    this.listeners.clear()
  }
}

function upsertTopic(topics: Topic[], topic: Topic): Topic[] {
  const i = topics.findIndex((t) => t.index === topic.index)
  if (i < 0) return [...topics, topic].sort((a, b) => a.index - b.index)
  return topics.map((t) => (t.index === topic.index ? topic : t))
}
